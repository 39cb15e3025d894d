package dev.wasm2jar.runtime;

/**
 * Memory access for v128 loads and stores (spec section 4.4.7): generated code first turns base
 * address and offset into an index that is checked for the whole access width, so that the two
 * 8-byte halves of a store are never written partially, then reads or writes the halves.
 */
public final class V128Memory {
    private V128Memory() {
    }

    /** The effective address {@code base + offset} (both unsigned), checked for {@code width} bytes. */
    public static int address(byte[] m, int base, long offset, int width) {
        long ea = (base & 0xFFFF_FFFFL) + offset;
        if (ea > m.length - width) throw Ops.outOfBoundsMemory();
        return (int) ea;
    }

    public static long getLong(byte[] m, int i) {
        return MemoryAccess.getI64(m, i);
    }

    public static long getInt(byte[] m, int i) {
        return MemoryAccess.getI32(m, i) & 0xFFFF_FFFFL;
    }

    public static long getShort(byte[] m, int i) {
        return MemoryAccess.getI16(m, i) & 0xFFFFL;
    }

    public static long getByte(byte[] m, int i) {
        return m[i] & 0xFFL;
    }

    public static void setLong(byte[] m, int i, long v) {
        MemoryAccess.setI64(m, i, v);
    }

    public static void setInt(byte[] m, int i, long v) {
        MemoryAccess.setI32(m, i, (int) v);
    }

    public static void setShort(byte[] m, int i, long v) {
        MemoryAccess.setI16(m, i, (short) v);
    }

    public static void setByte(byte[] m, int i, long v) {
        m[i] = (byte) v;
    }
}
