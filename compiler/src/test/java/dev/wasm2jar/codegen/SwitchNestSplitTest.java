package dev.wasm2jar.codegen;

import dev.wasm2jar.runtime.ImportResolver;
import dev.wasm2jar.runtime.Instance;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An interpreter's dispatch loop too big for one method: a C {@code switch} compiles to a nest of
 * blocks, a level per case, with the {@code br_table} in the innermost. Its arms must become parts
 * called from one dispatch part, so that every case costs the same two calls whatever its depth in
 * the nest (see {@code SplitPlan.decideSwitch}), and the interpreter must compute what it did inline.
 */
class SwitchNestSplitTest {
    static final int CASES = 150;

    /**
     * {@code run(pc)} interprets the bytes at {@code pc}: op k < CASES runs arm k, a byte of 255
     * ends. Arm k adds a constant ten times; when k % 7 == 3 it first reads an operand byte; when
     * k % 5 == 4 it falls through into arm k + 1 (the last arm falls out of the nest, which ends
     * the run); arm 38 returns early.
     */
    static String interpreter() {
        StringBuilder w = new StringBuilder("(module (memory (export \"mem\") 1)\n"
                + " (func (export \"run\") (param $pc i32) (result i64) (local $acc i64) (local $x i64) (local $op i32)\n"
                + "  (loop $next\n"
                + "   local.get $pc i32.load8_u local.set $op\n"
                + "   local.get $pc i32.const 1 i32.add local.set $pc\n"
                + "   block $exit\n");
        for (int k = CASES - 1; k >= 0; k--) w.append("block $c").append(k).append('\n');
        w.append("local.get $op br_table");
        for (int k = 0; k < CASES; k++) w.append(" $c").append(k);
        w.append(" $exit\n");
        for (int k = 0; k < CASES; k++) {
            w.append("end\n");
            if (k % 7 == 3) {
                w.append("local.get $pc i64.load8_u local.set $x local.get $pc i32.const 1 i32.add local.set $pc\n")
                        .append("local.get $acc local.get $x i64.add local.set $acc\n");
            }
            for (int j = 0; j < 10; j++) {
                w.append("local.get $acc i64.const ").append(k * 31 + j).append(" i64.add i64.const 3 i64.mul local.set $acc\n");
            }
            if (k == 38) w.append("local.get $acc i64.const 85 i64.xor return\n");
            if (k % 5 != 4) w.append("br $next\n");
        }
        w.append("end\n   local.get $acc return)\n  unreachable))");
        return w.toString();
    }

    /** What {@link #interpreter} computes, in Java. */
    static long expected(byte[] mem, int pc) {
        long acc = 0;
        while (true) {
            int op = mem[pc++] & 0xFF;
            if (op >= CASES) return acc;
            for (int k = op; ; k++) {
                if (k == CASES) return acc;
                if (k % 7 == 3) acc += mem[pc++] & 0xFF;
                for (int j = 0; j < 10; j++) acc = (acc + k * 31 + j) * 3;
                if (k == 38) return acc ^ 85;
                if (k % 5 != 4) break;
            }
        }
    }

    @Test
    void everyCaseIsTwoCallsFromTheLoopAndComputesWhatItDidInline() {
        CompiledModule cm = Wat.compile(Wat.toWasm(interpreter()));
        Instance inst = cm.instantiate(ImportResolver.NONE);
        byte[] mem = inst.memory("mem").bytes;
        Random random = new Random(7);
        int pc = 0;
        for (int i = 0; i < 3000; i++) {
            int op = random.nextInt(CASES - 1); // not the last: it ends the run
            if (op == 38) continue; // returns early: the second program's
            mem[pc++] = (byte) op;
            for (int k = op; ; k++) { // an operand for each arm that reads one, fall-throughs included
                if (k % 7 == 3) mem[pc++] = (byte) random.nextInt(256);
                if (k % 5 != 4) break;
            }
        }
        mem[pc] = (byte) 255;
        mem[pc + 1] = 11; // a second program: op 11 (no operand), then the early return
        mem[pc + 2] = 38;
        for (int start : new int[] {0, pc + 1}) {
            byte[] copy = mem.clone();
            for (int round = 0; round < 3; round++) { // again: the calls reuse one frame array
                Object[] r = inst.function("run").call(start);
                assertEquals(expected(copy, start), r[0], "run(" + start + ")");
            }
        }

        Map<String, Set<String>> calls = partCalls(cm);
        assertTrue(calls.size() > CASES / 2, "arms are parts of their own: " + calls.keySet());
        // The loop in the function's own method, the dispatch part, the arm's part.
        assertEquals(2, depth(calls, "f0", new HashSet<>()), "calls from the loop to the deepest arm: " + calls);
    }

    /** For each method of the split function, the parts it calls (a tree: each part has one caller). */
    private static Map<String, Set<String>> partCalls(CompiledModule cm) {
        Map<String, Set<String>> calls = new HashMap<>();
        for (byte[] bytes : cm.classFiles().values()) {
            new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
                    if (!name.matches("f0(\\$s\\d+)?")) return null; // the interpreter, the module's only function
                    Set<String> callees = calls.computeIfAbsent(name, k -> new HashSet<>());
                    return new MethodVisitor(Opcodes.ASM9) {
                        @Override
                        public void visitMethodInsn(int op, String owner, String callee, String d, boolean itf) {
                            if (callee.startsWith("f0$s")) callees.add(callee);
                        }
                    };
                }
            }, 0);
        }
        return calls;
    }

    private static int depth(Map<String, Set<String>> calls, String m, Set<String> seen) {
        if (!seen.add(m)) return 0;
        int d = 0;
        for (String c : calls.getOrDefault(m, Set.of())) d = Math.max(d, 1 + depth(calls, c, seen));
        return d;
    }
}
