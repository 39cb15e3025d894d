package dev.wasm2jar.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Little-endian loads and stores at any index of a {@code byte[]} (a linear memory's contents),
 * bounds-checked for the whole width: an access out of bounds throws an
 * {@link IndexOutOfBoundsException} before anything is read or written (generated code and
 * {@link Trap#of} make it an out-of-bounds trap). Two families:
 * <ul>
 *   <li>Guest accessors, {@code (byte[] b, int a, int limit)}: in bounds means below {@code limit},
 *       the memory's {@link Memory#size} (the array may be longer). Generated code calls these for
 *       every memory instruction, single bytes included; it passes the size it cached together
 *       with the array, so {@code limit <= b.length} always holds.</li>
 *   <li>Host accessors, {@code (byte[] b, int a)}: in bounds means inside the array. Host code
 *       checks against the memory's size first.</li>
 * </ul>
 * Each method is small (at most 35 bytes of bytecode), so the JIT inlines it, except where C2 has
 * used up its inlining budget for one compile (8,000 bytes of bytecode, the method's own included):
 * then the last accesses of a large method stay calls (see benchmarks/README.md).
 *
 * <p>Three implementations, fixed when this class initializes (a {@code static final} the JIT
 * folds, so compiled code keeps only one):
 * <ul>
 *   <li>{@code sun.misc.Unsafe} reads and writes after {@link Objects#checkIndex} (an intrinsic bounds
 *       check the JIT hoists out of loops as it does an array's): the same machine code the JDK's
 *       byte-array view VarHandles compile to, without java.lang.invoke. A VarHandle costs a JVM
 *       start-up its first use of java.lang.invoke (class spinning, a lambda bootstrap per access
 *       width, call-site linkage): around 10 ms of CPU, more than a small program's whole run.
 *       Used on a little-endian JVM up to Java 23, where these Unsafe methods work without a warning
 *       (JEP 471 deprecates them; Java 24 warns on first use, later releases may refuse).</li>
 *   <li>From Java 24, {@link InternalUnsafe}: the same reads and writes through
 *       {@code jdk.internal.misc.Unsafe}, if {@code java.base} exports that package to us (generated
 *       jars ask for it in their manifest; embedders pass
 *       {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED}).</li>
 *   <li>Otherwise the {@code byteArrayViewVarHandle}s, each created when its width is first used.
 *       Correct everywhere, but C2 builds so many nodes for each access that in a large method it
 *       stops inlining them (nbody on Java 25: 5.1 s against 1.9 s through Unsafe).</li>
 * </ul>
 * {@code -Dwasm2jar.memory-access=varhandle} (or {@code =internal}) chooses one of the last two on
 * any JVM, for tests and comparisons.
 */
public final class MemoryAccess {
    private MemoryAccess() {
    }

    private static final String CHOICE = System.getProperty("wasm2jar.memory-access", "");
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    private static final sun.misc.Unsafe U = unsafe();
    /** Whether {@link #U} is used; when false, {@link Fallback} is. */
    private static final boolean UNSAFE = U != null;
    private static final long BASE = UNSAFE ? U.arrayBaseOffset(byte[].class) : 0;
    /** Whether {@link Fallback} uses {@link InternalUnsafe}; when false, the VarHandles. */
    private static final boolean INTERNAL = !UNSAFE && internalUnsafe();

    private static sun.misc.Unsafe unsafe() {
        try {
            if (CHOICE.equals("varhandle") || CHOICE.equals("internal")) return null;
            if (Runtime.version().feature() > 23 || !LITTLE_ENDIAN) return null;
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            sun.misc.Unsafe u = (sun.misc.Unsafe) f.get(null);
            return u.arrayIndexScale(byte[].class) == 1 ? u : null;
        } catch (Throwable t) { // no jdk.unsupported module, a security manager, ...: use the fallback
            return null;
        }
    }

    /** Whether {@link InternalUnsafe} may be loaded: java.base exports its package to us, and it works here. */
    private static boolean internalUnsafe() {
        try {
            if (CHOICE.equals("varhandle") || !LITTLE_ENDIAN) return false;
            if (!Object.class.getModule().isExported("jdk.internal.misc", MemoryAccess.class.getModule())) return false;
            return InternalUnsafe.usable();
        } catch (Throwable t) { // a JVM without the class or its methods: use the VarHandles
            return false;
        }
    }

    /** The implementation this JVM uses: {@code "unsafe"}, {@code "internal"} or {@code "varhandle"}. */
    public static String implementation() {
        return UNSAFE ? "unsafe" : INTERNAL ? "internal" : "varhandle";
    }

    /**
     * Creates the VarHandles of the commonest widths if they are the implementation, so that a
     * launcher can pay for them on another thread while the guest thread starts; else does nothing.
     */
    public static void warmUp() {
        if (UNSAFE || INTERNAL) return;
        byte[] b = new byte[8];
        setI32(b, 0, getI32(b, 0) + 1);
        setI64(b, 0, getI64(b, 0) + 1);
    }

    // ---- Guest accessors: in bounds is below the limit passed (the memory's size, at most b.length). ----

    /** The Unsafe address of {@code b[a]} (any byte[] b), after checking {@code 0 <= a < bound}. */
    private static long guest(int a, int bound) {
        return BASE + Objects.checkIndex(a, bound);
    }

    public static byte getI8(byte[] b, int a, int limit) {
        return UNSAFE ? U.getByte(b, guest(a, limit)) : Fallback.getI8(b, a, limit);
    }

    public static void setI8(byte[] b, int a, int limit, byte v) {
        if (UNSAFE) U.putByte(b, guest(a, limit), v);
        else Fallback.setI8(b, a, limit, v);
    }

    public static short getI16(byte[] b, int a, int limit) {
        return UNSAFE ? U.getShort(b, guest(a, limit - 1)) : Fallback.getI16(b, a, limit);
    }

    public static void setI16(byte[] b, int a, int limit, short v) {
        if (UNSAFE) U.putShort(b, guest(a, limit - 1), v);
        else Fallback.setI16(b, a, limit, v);
    }

    public static int getI32(byte[] b, int a, int limit) {
        return UNSAFE ? U.getInt(b, guest(a, limit - 3)) : Fallback.getI32(b, a, limit);
    }

    public static void setI32(byte[] b, int a, int limit, int v) {
        if (UNSAFE) U.putInt(b, guest(a, limit - 3), v);
        else Fallback.setI32(b, a, limit, v);
    }

    public static long getI64(byte[] b, int a, int limit) {
        return UNSAFE ? U.getLong(b, guest(a, limit - 7)) : Fallback.getI64(b, a, limit);
    }

    public static void setI64(byte[] b, int a, int limit, long v) {
        if (UNSAFE) U.putLong(b, guest(a, limit - 7), v);
        else Fallback.setI64(b, a, limit, v);
    }

    public static float getF32(byte[] b, int a, int limit) {
        return UNSAFE ? U.getFloat(b, guest(a, limit - 3)) : Fallback.getF32(b, a, limit);
    }

    public static void setF32(byte[] b, int a, int limit, float v) {
        if (UNSAFE) U.putFloat(b, guest(a, limit - 3), v);
        else Fallback.setF32(b, a, limit, v);
    }

    public static double getF64(byte[] b, int a, int limit) {
        return UNSAFE ? U.getDouble(b, guest(a, limit - 7)) : Fallback.getF64(b, a, limit);
    }

    public static void setF64(byte[] b, int a, int limit, double v) {
        if (UNSAFE) U.putDouble(b, guest(a, limit - 7), v);
        else Fallback.setF64(b, a, limit, v);
    }

    /**
     * The guest accessors without {@code sun.misc.Unsafe}: through {@link InternalUnsafe} where it
     * may be used, else through VarHandles, after checking the limit (the VarHandle then checks the
     * array's length as well, since C2 cannot know that the limit is at most the length: correct,
     * one compare dearer). Kept out of the accessors themselves, so that on the JVMs where
     * {@code sun.misc.Unsafe} is used this code is never parsed: C2 counts every inlined method's
     * whole size against its per-compile budget, and a folded-away call costs nothing there.
     */
    private static final class Fallback {
        static byte getI8(byte[] b, int a, int limit) {
            return INTERNAL ? InternalUnsafe.getI8(b, a, limit) : b[Objects.checkIndex(a, limit)];
        }

        static void setI8(byte[] b, int a, int limit, byte v) {
            if (INTERNAL) InternalUnsafe.setI8(b, a, limit, v);
            else b[Objects.checkIndex(a, limit)] = v;
        }

        static short getI16(byte[] b, int a, int limit) {
            return INTERNAL ? InternalUnsafe.getI16(b, a, limit) : (short) H16.VH.get(b, Objects.checkIndex(a, limit - 1));
        }

        static void setI16(byte[] b, int a, int limit, short v) {
            if (INTERNAL) InternalUnsafe.setI16(b, a, limit, v);
            else H16.VH.set(b, Objects.checkIndex(a, limit - 1), v);
        }

        static int getI32(byte[] b, int a, int limit) {
            return INTERNAL ? InternalUnsafe.getI32(b, a, limit) : (int) H32.VH.get(b, Objects.checkIndex(a, limit - 3));
        }

        static void setI32(byte[] b, int a, int limit, int v) {
            if (INTERNAL) InternalUnsafe.setI32(b, a, limit, v);
            else H32.VH.set(b, Objects.checkIndex(a, limit - 3), v);
        }

        static long getI64(byte[] b, int a, int limit) {
            return INTERNAL ? InternalUnsafe.getI64(b, a, limit) : (long) H64.VH.get(b, Objects.checkIndex(a, limit - 7));
        }

        static void setI64(byte[] b, int a, int limit, long v) {
            if (INTERNAL) InternalUnsafe.setI64(b, a, limit, v);
            else H64.VH.set(b, Objects.checkIndex(a, limit - 7), v);
        }

        static float getF32(byte[] b, int a, int limit) {
            return INTERNAL ? InternalUnsafe.getF32(b, a, limit) : (float) F32.VH.get(b, Objects.checkIndex(a, limit - 3));
        }

        static void setF32(byte[] b, int a, int limit, float v) {
            if (INTERNAL) InternalUnsafe.setF32(b, a, limit, v);
            else F32.VH.set(b, Objects.checkIndex(a, limit - 3), v);
        }

        static double getF64(byte[] b, int a, int limit) {
            return INTERNAL ? InternalUnsafe.getF64(b, a, limit) : (double) F64.VH.get(b, Objects.checkIndex(a, limit - 7));
        }

        static void setF64(byte[] b, int a, int limit, double v) {
            if (INTERNAL) InternalUnsafe.setF64(b, a, limit, v);
            else F64.VH.set(b, Objects.checkIndex(a, limit - 7), v);
        }
    }

    // ---- Host accessors: bounds are the array's, so they are the guest accessors with its length. ----

    public static short getI16(byte[] b, int a) {
        return getI16(b, a, b.length);
    }

    public static int getI32(byte[] b, int a) {
        return getI32(b, a, b.length);
    }

    public static long getI64(byte[] b, int a) {
        return getI64(b, a, b.length);
    }

    public static float getF32(byte[] b, int a) {
        return getF32(b, a, b.length);
    }

    public static double getF64(byte[] b, int a) {
        return getF64(b, a, b.length);
    }

    public static void setI16(byte[] b, int a, short v) {
        setI16(b, a, b.length, v);
    }

    public static void setI32(byte[] b, int a, int v) {
        setI32(b, a, b.length, v);
    }

    public static void setI64(byte[] b, int a, long v) {
        setI64(b, a, b.length, v);
    }

    public static void setF32(byte[] b, int a, float v) {
        setF32(b, a, b.length, v);
    }

    public static void setF64(byte[] b, int a, double v) {
        setF64(b, a, b.length, v);
    }

    // One holder per width: a VarHandle is created only when its width is first used.

    private static final class H16 {
        static final VarHandle VH = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    }

    private static final class H32 {
        static final VarHandle VH = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    }

    private static final class H64 {
        static final VarHandle VH = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    }

    private static final class F32 {
        static final VarHandle VH = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    }

    private static final class F64 {
        static final VarHandle VH = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);
    }
}
