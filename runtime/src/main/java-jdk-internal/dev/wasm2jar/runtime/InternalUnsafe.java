package dev.wasm2jar.runtime;

import java.util.Objects;

/**
 * Guest accessors over {@code jdk.internal.misc.Unsafe}, for Java 24 and later, where the
 * {@code sun.misc.Unsafe} memory methods warn (JEP 498) and the VarHandle accessors compile much
 * worse (C2 stops inlining in large methods). Usable only where {@code java.base} exports
 * {@code jdk.internal.misc} to us: generated jars say so in their manifest
 * ({@code Add-Exports}), embedders pass {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED}.
 * {@link MemoryAccess} checks that before it loads this class.
 *
 * <p>Compiled apart from the other sources (see this module's pom): {@code --release 17} forbids
 * naming a package java.base does not export. The methods have the guest accessors' contract
 * (little-endian, in bounds below {@code limit}, which is at most {@code b.length}); on a
 * big-endian JVM {@link MemoryAccess} does not use this class.
 */
final class InternalUnsafe {
    private InternalUnsafe() {
    }

    private static final jdk.internal.misc.Unsafe U = jdk.internal.misc.Unsafe.getUnsafe();
    private static final long BASE = byteArrayBase();

    /**
     * Where a byte[]'s elements start. Read from {@code sun.misc.Unsafe}'s constant, an int in
     * every release: the internal one's type changed (an int up to Java 22, a long after), and
     * reading a field neither warns (JEP 498 warns on methods) nor needs reflection, which from
     * Java 18 spins method handles (several ms of start-up). Without the jdk.unsupported module,
     * by reflection.
     */
    private static long byteArrayBase() {
        try {
            return sun.misc.Unsafe.ARRAY_BYTE_BASE_OFFSET;
        } catch (LinkageError e) {
            try {
                return ((Number) jdk.internal.misc.Unsafe.class.getMethod("arrayBaseOffset", Class.class).invoke(U, byte[].class)).longValue();
            } catch (ReflectiveOperationException r) {
                return -1;
            }
        }
    }

    /**
     * Whether this class works here: bytes are packed in arrays, a load or store of any width may
     * start at any byte (as on x86 and AArch64), and every accessor links and round-trips a value.
     * Calling each one once here makes a missing internal method fail now, where
     * {@link MemoryAccess} can still choose another implementation, not in the middle of a guest.
     */
    static boolean usable() {
        if (BASE < 0 || jdk.internal.misc.Unsafe.ARRAY_BYTE_INDEX_SCALE != 1 || !U.unalignedAccess()) return false;
        byte[] b = new byte[16];
        setI8(b, 1, 16, (byte) -2);
        setI16(b, 1, 16, (short) 0x1234);
        if (getI8(b, 2, 16) != 0x12 || getI16(b, 1, 16) != 0x1234) return false;
        setI32(b, 3, 16, 0x01020304);
        if (getI8(b, 3, 16) != 4 || getI32(b, 3, 16) != 0x01020304) return false;
        setI64(b, 5, 16, 0x0102030405060708L);
        if (getI8(b, 5, 16) != 8 || getI64(b, 5, 16) != 0x0102030405060708L) return false;
        setF32(b, 1, 16, 1.5f);
        setF64(b, 7, 16, -2.25);
        return getF32(b, 1, 16) == 1.5f && getF64(b, 7, 16) == -2.25;
    }

    private static long at(int a, int bound) {
        return BASE + Objects.checkIndex(a, bound);
    }

    static byte getI8(byte[] b, int a, int limit) {
        return U.getByte(b, at(a, limit));
    }

    static void setI8(byte[] b, int a, int limit, byte v) {
        U.putByte(b, at(a, limit), v);
    }

    static short getI16(byte[] b, int a, int limit) {
        return U.getShort(b, at(a, limit - 1));
    }

    static void setI16(byte[] b, int a, int limit, short v) {
        U.putShort(b, at(a, limit - 1), v);
    }

    static int getI32(byte[] b, int a, int limit) {
        return U.getInt(b, at(a, limit - 3));
    }

    static void setI32(byte[] b, int a, int limit, int v) {
        U.putInt(b, at(a, limit - 3), v);
    }

    static long getI64(byte[] b, int a, int limit) {
        return U.getLong(b, at(a, limit - 7));
    }

    static void setI64(byte[] b, int a, int limit, long v) {
        U.putLong(b, at(a, limit - 7), v);
    }

    static float getF32(byte[] b, int a, int limit) {
        return U.getFloat(b, at(a, limit - 3));
    }

    static void setF32(byte[] b, int a, int limit, float v) {
        U.putFloat(b, at(a, limit - 3), v);
    }

    static double getF64(byte[] b, int a, int limit) {
        return U.getDouble(b, at(a, limit - 7));
    }

    static void setF64(byte[] b, int a, int limit, double v) {
        U.putDouble(b, at(a, limit - 7), v);
    }
}
