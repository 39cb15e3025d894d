package dev.wasm2jar.codegen;

import dev.wasm2jar.binary.CodeReader;
import dev.wasm2jar.model.ConstExpr;
import dev.wasm2jar.model.ElementSegment;
import dev.wasm2jar.model.Export;
import dev.wasm2jar.model.ExternKind;
import dev.wasm2jar.model.Instruction;
import dev.wasm2jar.model.Module;
import dev.wasm2jar.model.Opcode;

import java.util.ArrayDeque;
import java.util.BitSet;

/**
 * The functions that run at most once per instance: the start function, a WASI command's
 * {@code _start} (or a reactor's {@code _initialize}), and, transitively, functions whose only
 * reference in the module is one direct call outside any loop of such a function (typically
 * {@code main} and the code clang inlined into it).
 *
 * <p>Why it matters: the hot loops of a function that runs once can only be JIT-compiled on-stack
 * (OSR), and HotSpot enters such code at the header of the loop whose back edge overflowed its
 * counter, the innermost one. C2 then allocates that loop's values as they arrive from the OSR
 * buffer and often keeps them in stack slots, reloading them on every iteration: mandelbrot's
 * inner loop ran 1.8x slower than when the OSR entry was the loop around it, and which of the two
 * HotSpot picked varied from run to run. Outlining such functions' inner loops ({@link SplitPlan})
 * leaves the outer loops as the OSR entries and makes the inner loops ordinary methods.
 */
final class RunOnce {
    private RunOnce() {
    }

    /** Function indices (imports included) that run at most once. */
    static BitSet functions(Module module, FunctionScan[] scans) {
        int imported = module.importedFunctionCount();
        int n = module.functionCount();
        // How each function is referenced: direct call sites, and whether any escapes the analysis
        // (export, table element, ref.func, a call inside a loop).
        int[] callSites = new int[n];
        BitSet escapes = new BitSet(n);
        int[] caller = new int[n];
        java.util.Arrays.fill(caller, -1);
        for (Export e : module.exports) if (e.kind() == ExternKind.FUNC) escapes.set(e.index());
        for (ElementSegment seg : module.elements) {
            if (seg.functionIndices() != null) {
                for (int f : seg.functionIndices()) escapes.set(f);
            } else {
                for (ConstExpr c : seg.exprs()) markRefFuncs(c, escapes);
            }
        }
        for (dev.wasm2jar.model.Global g : module.globals) markRefFuncs(g.init(), escapes);
        for (int d = 0; d < scans.length; d++) {
            FunctionScan s = scans[d];
            for (int f : s.refFuncs) escapes.set(f);
            for (int c : s.calls) {
                int callee = c < 0 ? -1 - c : c;
                callSites[callee]++;
                caller[callee] = imported + d;
                if (c < 0) escapes.set(callee);
            }
        }
        BitSet once = new BitSet(n);
        ArrayDeque<Integer> work = new ArrayDeque<>();
        if (module.start >= imported) root(module.start, callSites, once, work);
        for (Export e : module.exports) {
            if (e.kind() == ExternKind.FUNC && e.index() >= imported
                    && (e.name().equals("_start") || e.name().equals("_initialize"))) {
                root(e.index(), callSites, once, work);
            }
        }
        while (!work.isEmpty()) {
            int f = work.pop();
            for (int c : scans[f - imported].calls) {
                if (c < 0 || c < imported || once.get(c)) continue;
                if (callSites[c] == 1 && !escapes.get(c) && caller[c] == f) {
                    once.set(c);
                    work.push(c);
                }
            }
        }
        return once;
    }

    /** A root runs once if nothing in the module calls it as well. */
    private static void root(int f, int[] callSites, BitSet once, ArrayDeque<Integer> work) {
        if (callSites[f] > 0 || once.get(f)) return;
        once.set(f);
        work.push(f);
    }

    private static void markRefFuncs(ConstExpr c, BitSet escapes) {
        if (c == null) return;
        CodeReader r = new CodeReader(c.bytes(), c.start(), c.end());
        while (r.hasNext()) {
            Instruction in = r.next();
            if (in.op == Opcode.REF_FUNC) escapes.set(in.index);
        }
    }
}
