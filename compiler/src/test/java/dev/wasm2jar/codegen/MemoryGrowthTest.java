package dev.wasm2jar.codegen;

import dev.wasm2jar.runtime.FunctionType;
import dev.wasm2jar.runtime.ImportResolver;
import dev.wasm2jar.runtime.Instance;
import dev.wasm2jar.runtime.ValueType;
import dev.wasm2jar.runtime.WasmFunction;
import dev.wasm2jar.text.WatParser;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A caller re-reads a memory's array and size after a call only when the callee may grow it
 * ({@link MemoryGrowth}); where it may, the caller must see the grown memory.
 */
class MemoryGrowthTest {
    private static final String MODULE = """
            (module
              (import "env" "host" (func $host))
              (memory (export "memory") 1)
              (table 2 funcref)
              (elem (i32.const 0) $pure $grows)
              (func $pure (param i32) (result i32)
                (i32.add (i32.load (local.get 0)) (i32.const 1)))
              (func $calls_pure (result i32)
                (drop (call $pure (i32.const 0)))
                (i32.load (i32.const 4)))
              (func $self (param i32) (result i32)
                (if (result i32) (local.get 0)
                  (then (call $self (i32.sub (local.get 0) (i32.const 1))))
                  (else (i32.load (i32.const 8)))))
              (func $grow
                (drop (memory.grow (i32.const 1)))
                (i32.store (i32.const 65536) (i32.const 42)))
              (func $via (call $grow))
              (func $top (export "top") (result i32)
                (call $via)
                (i32.load (i32.const 65536)))
              (func $grows (result i32)
                (call $grow)
                (i32.const 0))
              (func $indirect_pure (result i32)
                (drop (call_indirect (param i32) (result i32) (i32.const 0) (i32.const 0)))
                (i32.load (i32.const 0)))
              (func $indirect_grows (export "indirect") (result i32)
                (drop (call_indirect (result i32) (i32.const 1)))
                (i32.load (i32.const 65536)))
              (func $calls_host (result i32)
                (call $host)
                (i32.load (i32.const 0))))
            """;

    /**
     * A call_indirect through a table that is exported, or that some instruction changes, may reach
     * anything: the same module with its table exported ({@code %s}: an export) or changed (a function).
     */
    private static final String OPEN_TABLE = """
            (module
              (memory 1)
              (table $t 1 funcref)
              (elem (table $t) (i32.const 0) func $pure)
              (func $pure (param i32) (result i32) (local.get 0))
              (func $through_table (result i32)
                (drop (call_indirect $t (param i32) (result i32) (i32.const 0) (i32.const 0)))
                (i32.load (i32.const 0)))
              %s)
            """;

    @Test
    void callsThatCannotGrowMemoryKeepTheCachedArray() {
        CompiledModule cm = Wat.compile(WatParser.parseModule(MODULE));
        Map<String, Integer> reloads = new HashMap<>();
        cm.classFiles().forEach((name, bytes) -> countArrayReads(bytes, reloads));
        // Every method reads the array once at entry; each call that may grow reads it again.
        assertEquals(1, reloads.get("f2_calls_pure"), "$pure cannot grow memory");
        assertEquals(1, reloads.get("f3_self"), "a recursion that never grows");
        assertEquals(2, reloads.get("f6_top"), "$via calls $grow");
        assertEquals(1, reloads.get("f8_indirect_pure"), "the table's only function of that type is $pure");
        assertEquals(2, reloads.get("f9_indirect_grows"), "the table's function of that type calls $grow");
        assertEquals(2, reloads.get("f10_calls_host"), "a host function may grow an exported memory");

        assertEquals(1, reloadsThroughTable(""), "the table's only function is $pure");
        assertEquals(2, reloadsThroughTable("(export \"t\" (table $t))"), "the host may put any function into an exported table");
        assertEquals(2, reloadsThroughTable("(func (table.set $t (i32.const 0) (ref.null func)))"),
                "table.set may put any function into the table");
    }

    private static int reloadsThroughTable(String extra) {
        Map<String, Integer> reloads = new HashMap<>();
        Wat.compile(WatParser.parseModule(OPEN_TABLE.formatted(extra))).classFiles().forEach((name, bytes) -> countArrayReads(bytes, reloads));
        return reloads.get("f1_through_table");
    }

    static void nothing() {
    }

    /** Grown two calls down, directly and through the table. */
    @Test
    void aCallerSeesTheMemoryItsCalleesCalleeGrew() throws Exception {
        WasmFunction host = WasmFunction.host("env.host", FunctionType.of(new ValueType[0]),
                MethodHandles.lookup().findStatic(MemoryGrowthTest.class, "nothing", MethodType.methodType(void.class)));
        CompiledModule cm = Wat.compile(WatParser.parseModule(MODULE));
        Instance i = cm.instantiate((m, n) -> "host".equals(n) ? host : null);
        assertEquals(42, i.function("top").call()[0]);
        assertEquals(2, i.memory("memory").pages());
        Instance j = cm.instantiate((m, n) -> "host".equals(n) ? host : null);
        assertEquals(42, j.function("indirect").call()[0], "through the table");
        assertEquals(2, j.memory("memory").pages());
    }

    /** A function split into parts: after a part that calls the growing function, the caller reads the grown memory. */
    @Test
    void aCallerSeesTheMemoryGrownInsideAPart() {
        StringBuilder filler = new StringBuilder();
        for (int k = 0; k < 1500; k++) filler.append("(drop (i32.add (i32.load (i32.const 0)) (i32.const ").append(k).append(")))\n");
        String wat = """
                (module
                  (memory (export "memory") 1)
                  (func $grow
                    (drop (memory.grow (i32.const 1)))
                    (i32.store (i32.const 65536) (i32.const 42)))
                  (func $split (export "split") (result i32)
                    (block (call $grow) %s)
                    (block %s)
                    (i32.load (i32.const 65536))))
                """.formatted(filler, filler);
        CompiledModule cm = Wat.compile(WatParser.parseModule(wat));
        Map<String, Integer> reloads = new HashMap<>();
        cm.classFiles().forEach((name, bytes) -> countArrayReads(bytes, reloads));
        assertTrue(reloads.keySet().stream().anyMatch(m -> m.startsWith("f1_split$s")), "not split: " + reloads.keySet());
        Instance i = cm.instantiate(ImportResolver.NONE);
        assertEquals(42, i.function("split").call()[0]);
        // Entry, and after the part that grows; not after the parts without calls.
        assertEquals(2, reloads.get("f1_split"), reloads.toString());
    }

    /** Per method, how many times it reads {@code Memory.bytes}. */
    private static void countArrayReads(byte[] cls, Map<String, Integer> out) {
        new ClassReader(cls).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
                out.putIfAbsent(name, 0);
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitFieldInsn(int opcode, String owner, String field, String fdesc) {
                        if (owner.endsWith("runtime/Memory") && field.equals("bytes")) out.merge(name, 1, Integer::sum);
                    }
                };
            }
        }, 0);
    }
}
