package dev.wasm2jar.codegen;

import dev.wasm2jar.binary.CodeReader;
import dev.wasm2jar.model.ElementSegment;
import dev.wasm2jar.model.Export;
import dev.wasm2jar.model.ExternKind;
import dev.wasm2jar.model.Instruction;
import dev.wasm2jar.model.Module;
import dev.wasm2jar.model.Opcode;
import dev.wasm2jar.model.SegmentMode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which calls may grow a memory, so that the caller must re-read the memory's byte[] and size
 * afterwards (spec section 4.4.7: {@code memory.grow} is the only instruction that changes a
 * memory's size, and our runtime replaces the array only then).
 *
 * <p>A function may grow memory when its body has {@code memory.grow}, or calls an import (a host
 * function can grow an exported or imported memory, or call back into an export that does), or
 * calls a function that may. A {@code call_indirect} may reach any function of its type in its
 * table; when the table is the module's own, not exported, and no instruction changes it, those
 * are the functions of that type in the table's active element segments, and otherwise anything
 * (another instance's function, or a host's). What is left is most of a C program's computing
 * code: string, hashing and formatting helpers, and function pointers to such, which never reach
 * {@code malloc}'s {@code sbrk}.
 *
 * <p>After a call that cannot grow memory the compiler keeps the cached array and size: 17 bytes of
 * bytecode less per call site, for the interpreter and the JIT compilers. C2's code does not get
 * faster by it (it spills the kept values around the call where it reloaded the fields;
 * benchmarks/README).
 */
final class MemoryGrowth {
    /** {@code -Dwasm2jar.memory-growth=off}: every call may grow memory (to measure the difference). */
    private static final boolean OFF = "off".equals(System.getProperty("wasm2jar.memory-growth"));

    private final int[] canonicalType;
    /** Function indices (imports included) whose call may grow a memory. */
    private final BitSet functions;
    /** {@code call_indirect} dispatch keys ({@link ModuleLayout#dispatchKey}) that may reach such a function. */
    private final Set<Long> indirect = new HashSet<>();

    private MemoryGrowth(int[] canonicalType, BitSet functions) {
        this.canonicalType = canonicalType;
        this.functions = functions;
    }

    /** Whether {@code call f} may grow a memory. */
    boolean call(int f) {
        return OFF || functions.get(f);
    }

    /** Whether {@code call_indirect typeIndex table} may grow a memory. */
    boolean callIndirect(int typeIndex, int table) {
        return OFF || indirect.contains(ModuleLayout.dispatchKey(canonicalType[typeIndex], table));
    }

    /**
     * Whether the instructions {@code [start, end)} of a body may grow a memory: an outlined part,
     * after whose call the caller re-reads the memory only if so.
     */
    boolean region(byte[] code, int start, int end) {
        if (OFF) return true;
        CodeReader r = new CodeReader(code, start, end);
        while (r.hasNext()) {
            Instruction in = r.next();
            if (in.op == Opcode.MEMORY_GROW
                    || in.op == Opcode.CALL && call(in.index)
                    || in.op == Opcode.CALL_INDIRECT && callIndirect(in.index, in.index2)) {
                return true;
            }
        }
        return false;
    }

    static MemoryGrowth of(Module module, FunctionScan[] scans, int[] canonicalType) {
        int imported = module.importedFunctionCount();
        int n = module.functionCount();
        // The functions each call_indirect key may reach, for the tables whose contents are known.
        Map<Long, List<Integer>> targets = new HashMap<>();
        boolean[] known = knownTables(module, scans, targets, canonicalType);
        // A graph of functions (nodes 0..n-1) and of the call_indirect keys through known tables
        // (nodes n..): "may grow" flows from a callee to its callers, from a table's function to
        // the keys that reach it, and from a key to the functions that use it. (Edges from each
        // function of a table to each user would be quadratic: 35,000 functions of one type.)
        Map<Long, Integer> keyNode = new HashMap<>();
        for (FunctionScan s : scans) {
            for (long k : s.indirect) if (known[ModuleLayout.dispatchTable(k)]) keyNode.putIfAbsent(k, n + keyNode.size());
        }
        int nodes = n + keyNode.size();
        BitSet grows = new BitSet(nodes);
        grows.set(0, imported);
        List<List<Integer>> callers = new ArrayList<>(nodes);
        for (int i = 0; i < nodes; i++) callers.add(null);
        for (Map.Entry<Long, Integer> e : keyNode.entrySet()) {
            for (int g : targets.getOrDefault(e.getKey(), List.of())) addCaller(callers, g, e.getValue());
        }
        for (int d = 0; d < scans.length; d++) {
            FunctionScan s = scans[d];
            int f = imported + d;
            if (s.growsMemory) grows.set(f);
            for (int c : s.calls) addCaller(callers, c < 0 ? -1 - c : c, f);
            for (long k : s.indirect) {
                if (known[ModuleLayout.dispatchTable(k)]) addCaller(callers, keyNode.get(k), f);
                else grows.set(f);
            }
        }
        ArrayDeque<Integer> work = new ArrayDeque<>();
        for (int i = grows.nextSetBit(0); i >= 0; i = grows.nextSetBit(i + 1)) work.add(i);
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
        MemoryGrowth g = new MemoryGrowth(canonicalType, grows.get(0, n));
        for (FunctionScan s : scans) {
            for (long k : s.indirect) if (!known[ModuleLayout.dispatchTable(k)] || grows.get(keyNode.get(k))) g.indirect.add(k);
        }
        return g;
    }

    private static void addCaller(List<List<Integer>> callers, int callee, int caller) {
        if (callers.get(callee) == null) callers.set(callee, new ArrayList<>(2));
        callers.get(callee).add(caller);
    }

    /**
     * The tables whose contents are the functions of their active element segments for the whole
     * life of an instance: defined here, not exported, no instruction of the module changes a
     * table, and every segment element is a {@code ref.func} or {@code ref.null}. Fills
     * {@code targets} with their functions by dispatch key.
     */
    private static boolean[] knownTables(Module module, FunctionScan[] scans, Map<Long, List<Integer>> targets, int[] canonicalType) {
        boolean[] known = new boolean[module.tableCount()];
        for (FunctionScan s : scans) if (s.changesTables) return known;
        for (int t = module.importedTableCount(); t < known.length; t++) known[t] = true;
        for (Export e : module.exports) if (e.kind() == ExternKind.TABLE) known[e.index()] = false;
        for (ElementSegment seg : module.elements) {
            if (seg.mode() != SegmentMode.ACTIVE || !known[seg.table()]) continue;
            int[] fs = ModuleDataWriter.elementIndices(seg);
            if (fs == null) {
                known[seg.table()] = false; // an element that is neither ref.func nor ref.null
                continue;
            }
            for (int f : fs) {
                if (f < 0) continue; // ref.null
                long k = ModuleLayout.dispatchKey(canonicalType[module.functionTypeIndex(f)], seg.table());
                targets.computeIfAbsent(k, x -> new ArrayList<>()).add(f);
            }
        }
        return known;
    }
}
