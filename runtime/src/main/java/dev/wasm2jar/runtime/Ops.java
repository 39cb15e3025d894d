package dev.wasm2jar.runtime;

/**
 * Table, memory and global instructions that generated code calls as static methods. Arguments
 * come in Wasm operand order with the table/memory/global LAST, so the compiled code pushes the
 * receiver on top of the operands it already has on the JVM stack instead of reshuffling them.
 */
public final class Ops {
    private Ops() {
    }

    /**
     * Returns {@code v}. Generated code calls it on a path that never runs, behind a compare of an
     * index select's result, so that C2 keeps that select a branch (see the compiler's IndexSelects).
     */
    public static int keep(int v) {
        return v;
    }

    // ---- traps thrown by generated code: "throw Ops.xxx()" ----

    public static Trap unreachable() {
        return new Trap(TrapKind.UNREACHABLE);
    }

    public static Trap outOfBoundsMemory() {
        return new Trap(TrapKind.OUT_OF_BOUNDS_MEMORY_ACCESS);
    }

    public static Trap indirectCallTypeMismatch() {
        return new Trap(TrapKind.INDIRECT_CALL_TYPE_MISMATCH);
    }

    /**
     * A new frame array for a call of a function split into several methods. The frame holds what
     * the JVM stack holds for other functions, so running out of heap for it is running out of
     * call stack: deep recursion through split functions traps as "call stack exhausted", as it
     * does through the others.
     */
    public static long[] newFrame(int size) {
        try {
            if (reserve == null) reserve = new byte[RESERVE_BYTES];
            return new long[size];
        } catch (OutOfMemoryError e) {
            throw framesExhausted();
        }
    }

    /** The reference half of a split function's frame (its reference-typed locals), as {@link #newFrame}. */
    public static Object[] newRefFrame(int size) {
        try {
            return new Object[size];
        } catch (OutOfMemoryError e) {
            throw framesExhausted();
        }
    }

    /**
     * Heap held back for the trap of a recursion whose frames fill the heap: nothing else can be
     * allocated until the frames unwind, but dropping this leaves room for the trap and its stack
     * trace, the Wasm backtrace the user sees. Taken by the first frame allocated (programs without
     * split functions never hold it), and again by the first one after such a trap.
     */
    private static byte[] reserve;
    private static final int RESERVE_BYTES = 1 << 20;

    private static RuntimeException framesExhausted() {
        reserve = null;
        try {
            return new Trap(TrapKind.CALL_STACK_EXHAUSTED);
        } catch (OutOfMemoryError e) { // not even that much room: a ready one, which Trap.of converts
            return FRAMES_EXHAUSTED;
        }
    }

    /** Thrown by {@link #newFrame} when not even the reserve made room; preallocated, without a stack trace. */
    static final RuntimeException FRAMES_EXHAUSTED = new RuntimeException("no heap left for the frames of split functions", null, false, false) {
    };

    // ---- memory ----

    public static int memoryGrow(int deltaPages, Memory m) {
        return m.grow(deltaPages);
    }

    public static int memorySize(Memory m) {
        return m.pages();
    }

    public static void memoryFill(int dst, int value, int length, Memory m) {
        m.fill(dst, value, length);
    }

    public static void memoryCopy(int dst, int src, int length, Memory dstMemory, Memory srcMemory) {
        dstMemory.copyFrom(srcMemory, dst, src, length);
    }

    public static void memoryInit(int dst, int src, int length, Memory m, byte[] segment) {
        m.init(segment, dst, src, length);
    }

    // ---- tables ----

    public static Object tableGet(int index, Table t) {
        return t.get(index);
    }

    public static void tableSet(int index, Object value, Table t) {
        t.set(index, value);
    }

    public static int tableSize(Table t) {
        return t.size();
    }

    public static int tableGrow(Object init, int delta, Table t) {
        return t.grow(delta, init);
    }

    public static void tableFill(int dst, Object value, int length, Table t) {
        t.fill(dst, value, length);
    }

    public static void tableCopy(int dst, int src, int length, Table dstTable, Table srcTable) {
        dstTable.copyFrom(srcTable, dst, src, length);
    }

    public static void tableInit(int dst, int src, int length, Table t, Object[] segment) {
        t.init(segment, dst, src, length);
    }

    // ---- globals shared through a Global box ----

    public static void setI32(int v, Global g) {
        g.bits = v;
    }

    public static void setI64(long v, Global g) {
        g.bits = v;
    }

    public static void setF32(float v, Global g) {
        g.bits = Float.floatToRawIntBits(v);
    }

    public static void setF64(double v, Global g) {
        g.bits = Double.doubleToRawLongBits(v);
    }

    public static void setRef(Object v, Global g) {
        g.ref = v;
    }

    // ---- boxing for multi-result boundaries (FunctionType.methodType() returns Object[]) ----

    public static int unboxI32(Object o) {
        return (Integer) o;
    }

    public static long unboxI64(Object o) {
        return (Long) o;
    }

    public static float unboxF32(Object o) {
        return (Float) o;
    }

    public static double unboxF64(Object o) {
        return (Double) o;
    }
}
