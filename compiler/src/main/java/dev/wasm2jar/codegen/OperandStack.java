package dev.wasm2jar.codegen;

import dev.wasm2jar.model.ValType;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

import java.util.Arrays;
import java.util.List;

import static org.objectweb.asm.Opcodes.*;

/**
 * The compile-time model of the Wasm operand stack and where each value lives.
 *
 * <p>A value is either on the JVM operand stack or in a JVM local "slot" reserved for its stack
 * position: slot(depth, JVM type). Values in slots always lie below values on the JVM stack
 * ({@link #jvmBase} separates them). Straight-line code keeps values on the JVM stack; at every
 * block, loop and if entry all values are spilled to their slots, so the JVM stack is empty at
 * every branch target and loop header (HotSpot only compiles loops on-stack when it is). Branches
 * store the values they carry into the target's slots. The top value may be a pending
 * {@link Cond}ition whose operands are on the JVM stack. Below the JVM-stack values there may also
 * be values not emitted until used: constants, and {@link Producer produced} values.
 */
final class OperandStack {
    private final MethodVisitor mv;
    private final Locals locals;
    private ValType[] types = new ValType[16];
    private JvmType[] jvm = new JvmType[16];
    /** Constants not emitted yet (only below the JVM-stack values): their raw bits. */
    private boolean[] isConst = new boolean[16];
    private long[] constBits = new long[16];
    /** Values computed when first used, like constants (only below the JVM-stack values): their code, or null. */
    private Producer[] producers = new Producer[16];
    /** i32 values known to lie in [0, 2^31): a zero-extended narrow load (see {@link #markNonNegative}). */
    private boolean[] nonNegative = new boolean[16];
    /** A number unique to each entry pushed, so that side tables (SimdViews) can tell a new value at the same depth. */
    private long[] ids = new long[16];
    private long lastId;
    private int size;
    /** Entries [jvmBase, size) are on the JVM stack; [0, jvmBase) in slots. */
    private int jvmBase;
    private Cond pending;
    private boolean pendingNegated;
    /** slot[type.ordinal()][depth]: the JVM local of that stack position, or 0 if none yet. */
    private final int[][] slots = new int[JvmType.values().length][];

    /**
     * Emits the value of an entry that is computed only where it is used, from state that stays
     * unchanged while the entry is on the stack: a half of a v128 kept as lanes (SimdLanes).
     */
    interface Producer {
        void emit(MethodVisitor mv);
    }

    /** Allocates JVM locals above the function's own. */
    static final class Locals {
        int next;

        Locals(int first) {
            next = first;
        }

        int alloc(int size) {
            int l = next;
            next += size;
            return l;
        }
    }

    OperandStack(MethodVisitor mv, Locals locals) {
        this.mv = mv;
        this.locals = locals;
        for (int i = 0; i < slots.length; i++) slots[i] = new int[16];
    }

    int size() {
        return size;
    }

    ValType type(int i) {
        return types[i];
    }

    ValType top() {
        return types[size - 1];
    }

    JvmType jvmType(int i) {
        return jvm[i];
    }

    boolean inSlot(int i) {
        return i < jvmBase;
    }

    int jvmBase() {
        return jvmBase;
    }

    /** The JVM local of stack position {@code depth} for values of type {@code t}. */
    int slot(int depth, JvmType t) {
        int[] s = slots[t.ordinal()];
        if (depth >= s.length) s = slots[t.ordinal()] = Arrays.copyOf(s, Math.max(depth + 1, s.length * 2));
        if (s[depth] == 0) s[depth] = locals.alloc(t.size) + 1;
        return s[depth] - 1;
    }

    /** The entry about to be pushed at {@code size}: a value of type {@code t} with a new identity, not a constant. */
    private void newEntry(ValType t) {
        if (size == types.length) {
            types = Arrays.copyOf(types, size * 2);
            jvm = Arrays.copyOf(jvm, size * 2);
            isConst = Arrays.copyOf(isConst, size * 2);
            constBits = Arrays.copyOf(constBits, size * 2);
            ids = Arrays.copyOf(ids, size * 2);
            producers = Arrays.copyOf(producers, size * 2);
            nonNegative = Arrays.copyOf(nonNegative, size * 2);
        }
        types[size] = t;
        jvm[size] = JvmType.of(t);
        isConst[size] = false;
        producers[size] = null;
        nonNegative[size] = false;
        ids[size] = ++lastId;
    }

    /** Records that the top entry, an i32, is never negative (the mark stays with the entry). */
    void markNonNegative() {
        nonNegative[size - 1] = true;
    }

    /** Whether entry {@code i} was marked never negative. */
    boolean isNonNegative(int i) {
        return nonNegative[i];
    }

    /** The identity of entry {@code i}: it stays while the entry is on the stack, wherever the value rests. */
    long id(int i) {
        return ids[i];
    }

    /** A value just pushed on the JVM stack by emitted code. */
    void pushJvm(ValType t) {
        if (pending != null) throw new IllegalStateException("push over a pending condition");
        newEntry(t);
        size++;
    }

    /**
     * A constant (raw bits; refs: null). With nothing on the JVM stack it is not emitted until used,
     * so that a memory access can fold a constant address and branches need not carry it.
     */
    void pushConst(ValType t, long bits) {
        if (pending != null || jvmBase != size) {
            emitConst(t, bits);
            pushJvm(t);
            return;
        }
        newEntry(t);
        isConst[size] = true;
        constBits[size] = bits;
        size++;
        jvmBase = size;
    }

    private void emitConst(ValType t, long bits) {
        switch (JvmType.of(t)) {
            case INT: Emit.iconst(mv, (int) bits); break;
            case LONG: Emit.lconst(mv, bits); break;
            case FLOAT: Emit.fconst(mv, (int) bits); break;
            case DOUBLE: Emit.dconst(mv, bits); break;
            default: mv.visitInsn(ACONST_NULL); break;
        }
    }

    /**
     * A value computed by {@code p} only where it is used (spilled into its slot at loop and if
     * entries like a constant). Nothing may be on the JVM stack.
     */
    void pushProduced(ValType t, Producer p) {
        if (pending != null || jvmBase != size) throw new IllegalStateException("produced value above JVM stack values");
        newEntry(t);
        producers[size] = p;
        size++;
        jvmBase = size;
    }

    /** The producer of entry {@code i} if it is one not emitted yet, else null. */
    Producer producer(int i) {
        return i < jvmBase ? producers[i] : null;
    }

    /** Gives produced entry {@code i} another producer (of the same value). */
    void replaceProducer(int i, Producer p) {
        if (producer(i) == null) throw new IllegalStateException("entry " + i + " is not produced");
        producers[i] = p;
    }

    /** True if entry {@code i} is a constant or produced value not emitted yet (it has no slot value). */
    boolean isVirtual(int i) {
        return i < jvmBase && (isConst[i] || producers[i] != null);
    }

    /** Pushes entry {@code i} below the JVM-stack values ({@code i < jvmBase}) from its constant or slot; the model is unchanged. */
    void emitLoadResting(int i) {
        if (i >= jvmBase) throw new IllegalStateException("entry " + i + " is on the JVM stack");
        load(i);
    }

    /** True if entry {@code i} is a constant not yet emitted. */
    boolean isConst(int i) {
        return i < jvmBase && isConst[i];
    }

    long constBits(int i) {
        return constBits[i];
    }

    /** A value that is in its slot (only when nothing is on the JVM stack). */
    void pushSlot(ValType t) {
        if (jvmBase != size) throw new IllegalStateException("slot value above JVM stack values");
        newEntry(t);
        size++;
        jvmBase = size;
    }

    /** A comparison whose operands are on the JVM stack (they must have been popped from the model). */
    void pushPending(Cond c, boolean negated) {
        pushJvm(ValType.I32);
        pending = c;
        pendingNegated = negated;
    }

    boolean hasPending() {
        return pending != null;
    }

    /** Removes the top {@code n} entries from the model (the code consumed or discarded them). */
    void pop(int n) {
        if (n == 0) return;
        if (pending != null) pending = null;
        size -= n;
        if (jvmBase > size) jvmBase = size;
    }

    /** Forgets everything above {@code height} (used at labels, where the state is known). */
    void truncate(int height) {
        pending = null;
        size = height;
        if (jvmBase > size) jvmBase = size;
    }

    /** Takes the pending condition off the model; its operands stay on the JVM stack. */
    Cond takePending() {
        Cond c = pending;
        pending = null;
        size--;
        if (jvmBase > size) jvmBase = size;
        return c;
    }

    boolean pendingNegated() {
        return pendingNegated;
    }

    /** Negates the pending condition (i32.eqz of a comparison). */
    void negatePending() {
        pendingNegated = !pendingNegated;
    }

    /** Computes a pending condition's 0/1 value on the JVM stack. */
    void flushPending() {
        if (pending == null) return;
        Cond c = pending;
        boolean neg = pendingNegated;
        pending = null;
        Label t = new Label(), end = new Label();
        c.jump(mv, !neg, t);
        mv.visitInsn(ICONST_0);
        mv.visitJumpInsn(GOTO, end);
        mv.visitLabel(t);
        mv.visitInsn(ICONST_1);
        mv.visitLabel(end);
    }

    private void store(int i) {
        mv.visitVarInsn(jvm[i].store, slot(i, jvm[i]));
    }

    /** Pushes entry {@code i} from where it rests: its constant, its producer, or its slot. */
    private void load(int i) {
        if (i < jvmBase && isConst[i]) emitConst(types[i], constBits[i]);
        else if (i < jvmBase && producers[i] != null) producers[i].emit(mv);
        else mv.visitVarInsn(jvm[i].load, slot(i, jvm[i]));
    }

    /** True if the top {@code n} values are in the slots of their depths (no constants, nothing on the JVM stack). */
    boolean inSlots(int n) {
        if (jvmBase != size) return false;
        for (int i = size - n; i < size; i++) if (isConst[i] || producers[i] != null) return false;
        return true;
    }

    /** Ensures the top {@code k} values are on the JVM stack, in order. */
    void materialize(int k) {
        int from = size - k;
        if (jvmBase <= from) {
            if (k > 0) flushPending();
            return;
        }
        flushPending();
        if (jvmBase == size - 1 && from == size - 2) {
            // One value in a slot under one on the JVM stack: load it and swap.
            load(from);
            producers[from] = null;
            JvmType a = jvm[from], b = jvm[size - 1];
            if (a.size == 1 && b.size == 1) mv.visitInsn(SWAP);
            else if (a.size == 1) { mv.visitInsn(DUP_X2); mv.visitInsn(POP); }
            else if (b.size == 1) { mv.visitInsn(DUP2_X1); mv.visitInsn(POP2); }
            else { mv.visitInsn(DUP2_X2); mv.visitInsn(POP2); }
            jvmBase = from;
            return;
        }
        for (int i = size - 1; i >= jvmBase; i--) store(i);
        for (int i = from; i < size; i++) {
            load(i);
            producers[i] = null; // its value is emitted: from now on it is the JVM stack's or its slot's
        }
        jvmBase = from;
    }

    /** Moves every JVM-stack value into its slot, leaving the JVM stack empty. */
    void spillAll() {
        spillAll(0);
    }

    /**
     * As {@link #spillAll()}, and also puts constants and produced values among the top
     * {@code inSlots} values into their slots: a loop's parameters are rewritten by its back edges,
     * an if's are read again by its else.
     */
    void spillAll(int inSlots) {
        flushPending();
        for (int i = size - 1; i >= jvmBase; i--) store(i);
        jvmBase = size;
        for (int i = size - inSlots; i < size; i++) {
            if (isConst[i] || producers[i] != null) {
                load(i);
                store(i);
                isConst[i] = false;
                producers[i] = null;
            }
        }
    }

    /** The JVM-stack types of the values on the JVM stack, as a key for code shared by equal stacks. */
    String jvmStackShape() {
        StringBuilder sb = new StringBuilder();
        for (int i = jvmBase; i < size; i++) sb.append(jvm[i].desc.charAt(0));
        return sb.toString();
    }

    /**
     * Emits the moves of a branch to a label whose values go to slots at depths
     * {@code [targetBase, targetBase + carried.size())}: carried values (the top of the stack) into
     * those slots, other JVM-stack values popped. The model is left unchanged (the code after a
     * conditional branch continues with it). No pending condition may be on the stack.
     */
    void emitBranchMoves(int targetBase, List<ValType> carried) {
        int arity = carried.size();
        int src = size - arity;
        if (jvmBase <= src) {
            // All carried values on the JVM stack: straight to their target slots, top first; the
            // values under them are popped.
            for (int i = size - 1; i >= src; i--) mv.visitVarInsn(jvm[i].store, slot(targetBase + i - src, jvm[i]));
            for (int i = src - 1; i >= jvmBase; i--) mv.visitInsn(jvm[i].pop());
            return;
        }
        // Some carried values rest in slots or are constants. Park the JVM-stack ones in their own
        // slots, then move upwards: a target slot (lower or equal depth) never holds a source still
        // to be read. Values below src on the JVM stack cannot exist here (src < jvmBase).
        for (int i = size - 1; i >= jvmBase; i--) store(i);
        for (int i = src; i < size; i++) {
            int to = slot(targetBase + i - src, jvm[i]);
            if (isVirtual(i)) {
                load(i);
            } else {
                int from = slot(i, jvm[i]);
                if (to == from) continue;
                mv.visitVarInsn(jvm[i].load, from);
            }
            mv.visitVarInsn(jvm[i].store, to);
        }
    }

    /**
     * Emits a return of the top {@code results.size()} values (extra results into the instance's
     * return area). Leaves the model unchanged.
     */
    void emitReturn(List<ValType> results, int instLocal) {
        int n = results.size();
        if (n == 0) {
            mv.visitInsn(RETURN);
            return;
        }
        int src = size - n;
        if (n == 1) {
            if (jvmBase >= size) load(size - 1);
            mv.visitInsn(jvm[size - 1].ret);
            return;
        }
        for (int i = size - 1; i >= Math.max(src, jvmBase); i--) store(i);
        for (int r = 1; r < n; r++) {
            Emit.prepareReturnArea(mv, results.get(r), r, instLocal);
            loadParked(src + r);
            Emit.storeReturnArea(mv, results.get(r));
        }
        loadParked(src);
        mv.visitInsn(jvm[src].ret);
    }

    /** Stores every JVM-stack value into its slot, leaving the model as it is (for code that leaves the method). */
    void emitParkAll() {
        for (int i = size - 1; i >= jvmBase; i--) store(i);
    }

    /** Pushes entry {@code i} after {@link #emitParkAll}. */
    void emitLoadParked(int i) {
        loadParked(i);
    }

    /** Like load, for a JVM-stack value that emitted code has just stored into its own slot. */
    private void loadParked(int i) {
        if (i >= jvmBase) mv.visitVarInsn(jvm[i].load, slot(i, jvm[i]));
        else load(i);
    }
}
