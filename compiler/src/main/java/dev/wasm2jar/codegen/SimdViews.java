package dev.wasm2jar.codegen;

import org.objectweb.asm.MethodVisitor;

import java.util.Arrays;

import static org.objectweb.asm.Opcodes.*;

/**
 * Lane views of v128 values, an optimization of f32x4 and i32x4 code; the two longs of
 * {@link SimdTypes} stay the value everywhere else. With two longs alone, an f32x4.mul unpacks
 * four floats from the bits of each operand and packs the four products back into bits, and a
 * chain of float operations spends most of its time so. Instead a lane-wise instruction of shape
 * f32x4 or i32x4 ({@link SimdLanes}) leaves its four result lanes in JVM locals, a view, and
 * pushes the result as two {@link Half produced} values: its longs are packed from the lanes only
 * where some code needs them, not at all when only its lanes are read (longs on the JVM stack
 * would be kept by C2 for deoptimization even where nothing reads them).
 *
 * <p>A view belongs to an operand-stack entry or to a Wasm local: local.set/tee copies the view of
 * the value into lane locals of the Wasm local, and a local.get whose consumer reads lanes pushes
 * the local's lanes (copied out if the local is set again while the value is on the stack, or
 * where control flow splits). Views of locals hold in straight-line code: labels where control flow
 * merges (block and if ends, else, loop headers) forget them, except for locals pinned to a shape,
 * which get their lanes written at every set, so that a loop's accumulator stays in lanes from one
 * iteration to the next. Lanes are only read where their locals were written before on every path,
 * as the JVM verifier requires.
 */
final class SimdViews {
    /** What a view holds: four f32 lanes (JVM floats, bits exact) or four i32 lanes (ints). */
    enum Shape {
        F32(FLOAD, FSTORE, "F"), I32(ILOAD, ISTORE, "I");

        final int load, store;
        private final String desc;

        Shape(int load, int store, String desc) {
            this.load = load;
            this.store = store;
            this.desc = desc;
        }

        /** Pushes lane {@code lane} (0 low, 1 high) of the half in long local {@code half}. */
        void unpack(MethodVisitor mv, int half, int lane) {
            mv.visitVarInsn(LLOAD, half);
            if (this == I32 && lane == 0) mv.visitInsn(L2I);
            else mv.visitMethodInsn(INVOKESTATIC, SimdOps.LANES, this == F32 ? lane == 0 ? "f32Low" : "f32High" : "i32High", "(J)" + desc, false);
        }

        /** With two lanes on the stack (the low one first), pushes the half that holds them. */
        void pack(MethodVisitor mv) {
            mv.visitMethodInsn(INVOKESTATIC, SimdOps.LANES, this == F32 ? "f32Pair" : "i32Pair", "(" + desc + desc + ")J", false);
        }
    }

    /** Lanes 0-3 in the JVM locals {@code local .. local + 3}; {@code owner} is the Wasm local they shadow, or -1. */
    record View(Shape shape, int local, int owner) {
    }

    private final OperandStack stack;
    private final OperandStack.Locals locals;
    private final MethodVisitor mv;
    /** By stack position of a v128's low half: its view and the identity of the entry it belongs to. */
    private View[] atEntry = new View[16];
    private long[] idAtEntry = new long[16];
    /** Lane locals for results at each stack position, per shape (allocated on first use, 4 each, +1: 0 is none). */
    private final int[][] resultLocals = new int[Shape.values().length][];
    /** By Wasm local: its current view or null, and its lane locals per shape (+1: 0 is none). */
    private final View[] ofLocal;
    private final int[][] localLanes;
    /** By Wasm local: the shape it is pinned to, or null (the array too when none is). */
    private Shape[] pinned;
    /** The Wasm locals that may have a view (so that labels need not look at every local). */
    private final java.util.BitSet viewed = new java.util.BitSet();

    SimdViews(FunctionCompiler fc, int wasmLocals) {
        this.stack = fc.stack;
        this.locals = fc.locals;
        this.mv = fc.mv;
        for (int s = 0; s < resultLocals.length; s++) resultLocals[s] = new int[16];
        ofLocal = new View[wasmLocals];
        localLanes = new int[Shape.values().length][wasmLocals];
    }

    /**
     * Half {@code half} (0 lo, 1 hi) of a v128 that exists only as the lanes of {@code view} until
     * some code needs its bits: a lane-wise result is pushed as two of these, so that its longs
     * are computed where they are used, and not at all when only its lanes are (its longs are then
     * not even part of the JVM state that C2 must keep for deoptimization).
     */
    record Half(View view, int half) implements OperandStack.Producer {
        @Override
        public void emit(MethodVisitor mv) {
            Shape s = view.shape();
            mv.visitVarInsn(s.load, view.local() + 2 * half);
            mv.visitVarInsn(s.load, view.local() + 2 * half + 1);
            s.pack(mv);
        }
    }

    /** The view of the v128 whose low half is stack entry {@code entry}, or null. */
    View get(int entry) {
        if (stack.producer(entry) instanceof Half h && h.half() == 0) return h.view();
        if (entry >= atEntry.length) return null;
        View v = atEntry[entry];
        return v != null && idAtEntry[entry] == stack.id(entry) ? v : null;
    }

    /** Records {@code v} as the view of the v128 whose low half is entry {@code entry}. */
    void put(int entry, View v) {
        if (entry >= atEntry.length) {
            atEntry = Arrays.copyOf(atEntry, Math.max(entry + 1, 2 * atEntry.length));
            idAtEntry = Arrays.copyOf(idAtEntry, atEntry.length);
        }
        atEntry[entry] = v;
        idAtEntry[entry] = stack.id(entry);
    }

    /**
     * The lane locals where an instruction leaves a result of shape {@code s} at entry {@code entry}.
     * An operand's view may be there too (the previous result at that position): lane-wise
     * instructions read lane i of their operands before they write lane i of the result.
     */
    int resultLocals(Shape s, int entry) {
        int[] r = resultLocals[s.ordinal()];
        if (entry >= r.length) r = resultLocals[s.ordinal()] = Arrays.copyOf(r, Math.max(entry + 1, 2 * r.length));
        if (r[entry] == 0) r[entry] = locals.alloc(4) + 1;
        return r[entry] - 1;
    }

    /**
     * Pins Wasm local {@code local} (its longs in JVM locals {@code jvm}, {@code jvm + 2}) to shape
     * {@code s}, at function entry: from then on every local.set writes its lanes too, so that its
     * view holds everywhere, across labels (a loop's accumulator stays in lanes from one iteration
     * to the next). Where its longs are not read, C2 drops them.
     */
    void pin(int local, Shape s, int jvm) {
        if (pinned == null) pinned = new Shape[ofLocal.length];
        pinned[local] = s;
        unpack(local, s, jvm);
    }

    /** Lanes of shape {@code s} for Wasm local {@code local} from its longs. */
    private void unpack(int local, Shape s, int jvm) {
        int to = localLanes(local, s);
        for (int i = 0; i < 4; i++) {
            s.unpack(mv, jvm + (i / 2) * 2, i & 1);
            mv.visitVarInsn(s.store, to + i);
        }
        setView(local, new View(s, to, local));
    }

    /** local.set/tee has stored the longs of Wasm local {@code local} in {@code jvm}: a pinned local gets its lanes. */
    void localStored(int local, int jvm) {
        if (pinned == null || pinned[local] == null || ofLocal[local] != null) return;
        releaseLanes(local);
        unpack(local, pinned[local], jvm);
    }

    /** At a label where paths merge, or after locals were rewritten: nothing is known but the views of pinned locals. */
    void forget() {
        Arrays.fill(atEntry, null);
        for (int l = viewed.nextSetBit(0); l >= 0; l = viewed.nextSetBit(l + 1)) {
            if (pinned == null || pinned[l] == null) {
                ofLocal[l] = null;
                viewed.clear(l);
            }
        }
    }

    /** local.set/tee of Wasm local {@code local} with the v128 at entry {@code entry}. */
    void localSet(int local, int entry) {
        View v = get(entry);
        if (v != null && v.owner() == local) return; // its own lanes, unchanged
        if (v == null || (pinned != null && pinned[local] != null && pinned[local] != v.shape())) {
            ofLocal[local] = null; // a pinned local gets its lanes from the longs (localStored)
            return;
        }
        releaseLanes(local);
        int to = localLanes(local, v.shape());
        for (int i = 0; i < 4; i++) {
            mv.visitVarInsn(v.shape().load, v.local() + i);
            mv.visitVarInsn(v.shape().store, to + i);
        }
        setView(local, new View(v.shape(), to, local));
    }

    private void setView(int local, View v) {
        ofLocal[local] = v;
        viewed.set(local);
    }

    /** The view of Wasm local {@code local}, or null. */
    View ofLocal(int local) {
        return ofLocal[local];
    }

    private int localLanes(int local, Shape s) {
        int[] lanes = localLanes[s.ordinal()];
        if (lanes[local] == 0) lanes[local] = locals.alloc(4) + 1;
        return lanes[local] - 1;
    }

    /**
     * Where control flow splits (block, loop and if entries, calls of outlined parts): values that
     * local.gets left on the stack as a local's lanes get copies of their own. On some path the
     * local may be set (its lanes copied to the value's own on that path only), and after the paths
     * merge the value must be found in the same place whatever the path.
     */
    void detachFromLocals() {
        for (int e = 0; e + 1 < stack.size(); e++) {
            if (stack.producer(e) instanceof Half h && h.half() == 0 && h.view().owner() >= 0) copyOut(e, h.view());
        }
    }

    /** Gives the produced v128 at entry {@code e}, now the lanes of {@code v}, lanes of its own. */
    private void copyOut(int e, View v) {
        int r = resultLocals(v.shape(), e);
        for (int i = 0; i < 4; i++) {
            mv.visitVarInsn(v.shape().load, v.local() + i);
            mv.visitVarInsn(v.shape().store, r + i);
        }
        View copy = new View(v.shape(), r, -1);
        stack.replaceProducer(e, new Half(copy, 0));
        stack.replaceProducer(e + 1, new Half(copy, 1));
    }

    /**
     * Before the lanes of Wasm local {@code local} are overwritten: values that local.gets left on
     * the stack as those lanes get copies of their own, and views of others that are those lanes
     * are forgotten.
     */
    private void releaseLanes(int local) {
        for (int e = 0; e < atEntry.length; e++) {
            if (atEntry[e] != null && atEntry[e].owner() == local) atEntry[e] = null;
        }
        for (int e = 0; e + 1 < stack.size(); e++) {
            if (stack.producer(e) instanceof Half h && h.half() == 0 && h.view().owner() == local) copyOut(e, h.view());
        }
    }

    /** local.get of Wasm local {@code local} has pushed the v128 at entry {@code entry}. */
    void localGet(int local, int entry) {
        if (ofLocal[local] != null) put(entry, ofLocal[local]);
    }
}
