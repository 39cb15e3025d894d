package dev.wasm2jar.codegen;

import dev.wasm2jar.binary.CodeReader;
import dev.wasm2jar.model.Instruction;
import dev.wasm2jar.model.Module;
import dev.wasm2jar.model.Opcode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The functions whose call may grow a memory, so that the caller must re-read the memory's byte[]
 * and size afterwards (spec section 4.4.7: {@code memory.grow} is the only instruction that changes
 * a memory's size, and our runtime replaces the array only then).
 *
 * <p>A function may grow memory when its body has {@code memory.grow} or {@code call_indirect} (the
 * table may hold any function, even another instance's), or calls an import (a host function can
 * grow an exported or imported memory, or call back into an export that does), or calls a function
 * that may. What is left is most of a C program's computing code: string, hashing and formatting
 * helpers, which never reach {@code malloc}'s {@code sbrk}. After a call to one of those the
 * compiler keeps the cached array and size: 17 bytes of bytecode less per call site, for the
 * interpreter and the JIT compilers. C2's code does not get faster by it (it spills the kept values
 * around the call where it reloaded the fields; benchmarks/README).
 */
final class MemoryGrowth {
    private MemoryGrowth() {
    }

    /** {@code -Dwasm2jar.memory-growth=off}: every call may grow memory (to measure the difference). */
    private static final boolean OFF = "off".equals(System.getProperty("wasm2jar.memory-growth"));

    /** Function indices (imports included) whose call may grow a memory. */
    static BitSet functions(Module module, FunctionScan[] scans) {
        int imported = module.importedFunctionCount();
        int n = module.functionCount();
        BitSet grows = new BitSet(n);
        if (OFF) {
            grows.set(0, n);
            return grows;
        }
        grows.set(0, imported);
        // Callers of each function, to carry "may grow" from callees to callers.
        List<List<Integer>> callers = new ArrayList<>(n);
        for (int f = 0; f < n; f++) callers.add(null);
        for (int d = 0; d < scans.length; d++) {
            FunctionScan s = scans[d];
            if (s.growsMemory) grows.set(imported + d);
            for (int c : s.calls) {
                int callee = c < 0 ? -1 - c : c;
                if (callers.get(callee) == null) callers.set(callee, new ArrayList<>(2));
                callers.get(callee).add(imported + d);
            }
        }
        ArrayDeque<Integer> work = new ArrayDeque<>();
        for (int f = grows.nextSetBit(0); f >= 0; f = grows.nextSetBit(f + 1)) work.add(f);
        while (!work.isEmpty()) {
            List<Integer> cs = callers.get(work.pop());
            if (cs == null) continue;
            for (int caller : cs) {
                if (!grows.get(caller)) {
                    grows.set(caller);
                    work.add(caller);
                }
            }
        }
        return grows;
    }

    /** Whether instruction {@code op} may grow a memory whatever its immediates. */
    static boolean growsItself(Opcode op) {
        return op == Opcode.MEMORY_GROW || op == Opcode.CALL_INDIRECT;
    }

    /**
     * Whether the instructions {@code [start, end)} of a body may grow a memory: an outlined part,
     * after whose call the caller re-reads the memory only if so.
     */
    static boolean mayGrow(byte[] code, int start, int end, BitSet growing) {
        if (OFF) return true;
        CodeReader r = new CodeReader(code, start, end);
        while (r.hasNext()) {
            Instruction in = r.next();
            if (growsItself(in.op) || in.op == Opcode.CALL && growing.get(in.index)) return true;
        }
        return false;
    }
}
