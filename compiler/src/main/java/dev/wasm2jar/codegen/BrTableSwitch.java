package dev.wasm2jar.codegen;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.objectweb.asm.Opcodes.DUP;
import static org.objectweb.asm.Opcodes.GOTO;
import static org.objectweb.asm.Opcodes.IF_ICMPLT;
import static org.objectweb.asm.Opcodes.POP;

/**
 * Emits the switch of a {@code br_table}: jumps to {@code labels[i]} for the int {@code i} on the
 * operand stack (consumed), to {@code dflt} when {@code i} is out of range (unsigned).
 *
 * <p>Small tables are one {@code tableswitch}. A huge one is not: ASM records every reference to
 * a label in an array it grows a few entries at a time, so a tableswitch whose entries share a
 * label costs quadratic time (300,000 entries: minutes), and over ~16,000 entries it cannot fit a
 * method anyway. Huge tables become a binary search over runs of equal labels (a run is one
 * comparison however long), with dense stretches as small tableswitches whose entries go through
 * per-stretch trampolines, so that no label is referenced more than {@link #LEAF} times by one
 * stretch: linear time in the number of entries.
 */
final class BrTableSwitch {
    /** Up to this many entries: one plain tableswitch. */
    static final int DIRECT_LIMIT = 4096;
    /** Most entries in one tableswitch of a huge table. */
    static final int LEAF = 512;

    private final MethodVisitor mv;
    private final List<Run> runs = new ArrayList<>();

    /** Entries {@code [start, end]} (inclusive, signed ints) that all jump to {@code label}. */
    private record Run(int start, int end, Label label) {
    }

    private BrTableSwitch(MethodVisitor mv) {
        this.mv = mv;
    }

    static void emit(MethodVisitor mv, Label[] labels, Label dflt) {
        if (labels.length == 0) {
            mv.visitInsn(POP);
            mv.visitJumpInsn(GOTO, dflt);
        } else if (labels.length <= DIRECT_LIMIT) {
            mv.visitTableSwitchInsn(0, labels.length - 1, dflt, labels);
        } else {
            BrTableSwitch s = new BrTableSwitch(mv);
            s.partition(labels, dflt);
            s.search(0, s.runs.size());
        }
    }

    /** Runs over the whole int range: negatives and indices past the end go to the default. */
    private void partition(Label[] labels, Label dflt) {
        add(Integer.MIN_VALUE, -1, dflt);
        for (int i = 0; i < labels.length; i++) add(i, i, labels[i]);
        add(labels.length, Integer.MAX_VALUE, dflt);
    }

    private void add(int start, int end, Label label) {
        Run last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
        if (last != null && last.label == label) runs.set(runs.size() - 1, new Run(last.start, end, label));
        else runs.add(new Run(start, end, label));
    }

    /** Dispatches on the int on the stack, known to lie within runs {@code [lo, hi)}. */
    private void search(int lo, int hi) {
        if (hi - lo == 1) {
            mv.visitInsn(POP);
            mv.visitJumpInsn(GOTO, runs.get(lo).label);
            return;
        }
        long width = (long) runs.get(hi - 1).end - runs.get(lo).start + 1;
        if (hi - lo > 3 && width <= LEAF) {
            leaf(lo, hi);
            return;
        }
        int mid = split(lo, hi);
        Label lower = new Label();
        mv.visitInsn(DUP);
        Emit.iconst(mv, runs.get(mid).start);
        mv.visitJumpInsn(IF_ICMPLT, lower);
        search(mid, hi);
        mv.visitLabel(lower);
        search(lo, mid);
    }

    /**
     * The first run that starts after the middle entry of {@code [lo, hi)} (at least lo+1, at most
     * hi-1): halving the entries keeps the recursion shallow (at most ~64 levels for 2^32 entries).
     */
    private int split(int lo, int hi) {
        long first = runs.get(lo).start, last = runs.get(hi - 1).end;
        long middle = first + (last - first) / 2;
        int a = lo + 1, b = hi - 1; // the first run starting after the middle, within (lo, hi)
        while (a < b) {
            int m = (a + b) >>> 1;
            if (runs.get(m).start <= middle) a = m + 1;
            else b = m;
        }
        return a;
    }

    /** A tableswitch over a short stretch; each distinct target through a trampoline of its own. */
    private void leaf(int lo, int hi) {
        int first = runs.get(lo).start, last = runs.get(hi - 1).end;
        Label[] table = new Label[last - first + 1];
        Map<Label, Label> trampolines = new LinkedHashMap<>() /* Label: identity equality; ordered for reproducible output */;
        for (int r = lo; r < hi; r++) {
            Run run = runs.get(r);
            Label t = trampolines.computeIfAbsent(run.label, k -> new Label());
            for (int i = run.start; i <= run.end; i++) table[i - first] = t;
        }
        mv.visitTableSwitchInsn(first, last, table[0], table);
        for (Map.Entry<Label, Label> e : trampolines.entrySet()) {
            mv.visitLabel(e.getValue());
            mv.visitJumpInsn(GOTO, e.getKey());
        }
    }
}
