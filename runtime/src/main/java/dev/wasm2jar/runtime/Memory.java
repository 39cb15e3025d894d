package dev.wasm2jar.runtime;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A linear memory (spec section 4.2.8): one {@code byte[]} that generated code reads and writes
 * directly: single bytes as array elements, wider values through {@link MemoryAccess} (inlined by
 * the JIT, bounds-checked for the whole width). Generated code caches {@link #bytes} in a local and
 * re-reads it after calls and {@code memory.grow}, which replaces the array.
 *
 * <p>A {@code byte[]} holds at most 2^31-1 bytes, so at most {@link #MAX_PAGES} pages are ever
 * allocated; growing past that (or past the declared maximum) returns -1.
 */
public final class Memory {
    public static final int PAGE_SIZE = 65536;
    /** The most pages one byte[] can hold. */
    public static final int MAX_PAGES = 32767;

    /** The contents; replaced (never resized in place) by {@link #grow}. */
    public byte[] bytes;
    private final long declaredMax;
    private final int limitPages;

    /**
     * A memory that creation and growth keep within {@link HostLimits#maxMemoryPages()}.
     *
     * @param initialPages pages at creation
     * @param maxPages     the declared maximum, or -1 for none
     */
    public Memory(int initialPages, long maxPages) {
        this(initialPages, maxPages, HostLimits.maxMemoryPages());
    }

    /** As above, with a host limit on pages (below {@link #MAX_PAGES}) that growth never passes. */
    public Memory(int initialPages, long maxPages, int hostLimitPages) {
        this.declaredMax = maxPages;
        this.limitPages = Math.min(hostLimitPages, MAX_PAGES);
        if (initialPages < 0 || initialPages > limitPages) {
            throw new Trap(TrapKind.OUT_OF_BOUNDS_MEMORY_ACCESS, "cannot allocate " + Integer.toUnsignedString(initialPages)
                    + " pages (host limit " + limitPages + ")", null);
        }
        try {
            this.bytes = new byte[initialPages * PAGE_SIZE];
        } catch (OutOfMemoryError e) { // the heap, not the guest: report it as a failed instantiation
            throw new Trap(TrapKind.OUT_OF_BOUNDS_MEMORY_ACCESS, "cannot allocate " + initialPages + " pages: out of memory", null);
        }
    }

    public int pages() {
        return bytes.length / PAGE_SIZE;
    }

    /** The declared maximum in pages, or -1. */
    public long declaredMax() {
        return declaredMax;
    }

    /** {@code memory.grow}: the old size in pages, or -1 if the memory cannot grow that much. */
    public int grow(int deltaPages) {
        int old = pages();
        long want = (long) old + (deltaPages & 0xFFFFFFFFL);
        if (declaredMax >= 0 && want > declaredMax) return -1;
        if (want > limitPages) return -1;
        if (deltaPages == 0) return old;
        try {
            bytes = Arrays.copyOf(bytes, (int) want * PAGE_SIZE);
        } catch (OutOfMemoryError e) {
            return -1;
        }
        return old;
    }

    private static void checkRange(long offset, long length, int size) {
        if (offset < 0 || length < 0 || offset + length > size) throw new Trap(TrapKind.OUT_OF_BOUNDS_MEMORY_ACCESS);
    }

    /** {@code memory.fill} with unsigned i32 operands. */
    public void fill(int dst, int value, int length) {
        long d = dst & 0xFFFFFFFFL, n = length & 0xFFFFFFFFL;
        checkRange(d, n, bytes.length);
        Arrays.fill(bytes, (int) d, (int) (d + n), (byte) value);
    }

    /** {@code memory.copy} within this memory, or from {@code src} memory to this one. */
    public void copyFrom(Memory src, int dst, int from, int length) {
        long d = dst & 0xFFFFFFFFL, s = from & 0xFFFFFFFFL, n = length & 0xFFFFFFFFL;
        checkRange(d, n, bytes.length);
        checkRange(s, n, src.bytes.length);
        System.arraycopy(src.bytes, (int) s, bytes, (int) d, (int) n);
    }

    /** {@code memory.init}: copies {@code segment[from, from+length)} to {@code dst}; a dropped segment is empty. */
    public void init(byte[] segment, int dst, int from, int length) {
        long d = dst & 0xFFFFFFFFL, s = from & 0xFFFFFFFFL, n = length & 0xFFFFFFFFL;
        int segLen = segment == null ? 0 : segment.length;
        checkRange(s, n, segLen);
        checkRange(d, n, bytes.length);
        if (n > 0) System.arraycopy(segment, (int) s, bytes, (int) d, (int) n);
    }

    // ---- Helpers for host code (WASI, embedders): bounds-checked, trapping like guest accesses. ----

    public byte readByte(int addr) {
        checkRange(addr & 0xFFFFFFFFL, 1, bytes.length);
        return bytes[addr];
    }

    public int readInt(int addr) {
        checkRange(addr & 0xFFFFFFFFL, 4, bytes.length);
        return MemoryAccess.getI32(bytes, addr);
    }

    public long readLong(int addr) {
        checkRange(addr & 0xFFFFFFFFL, 8, bytes.length);
        return MemoryAccess.getI64(bytes, addr);
    }

    public void writeByte(int addr, byte v) {
        checkRange(addr & 0xFFFFFFFFL, 1, bytes.length);
        bytes[addr] = v;
    }

    public void writeShort(int addr, short v) {
        checkRange(addr & 0xFFFFFFFFL, 2, bytes.length);
        MemoryAccess.setI16(bytes, addr, v);
    }

    public void writeInt(int addr, int v) {
        checkRange(addr & 0xFFFFFFFFL, 4, bytes.length);
        MemoryAccess.setI32(bytes, addr, v);
    }

    public void writeLong(int addr, long v) {
        checkRange(addr & 0xFFFFFFFFL, 8, bytes.length);
        MemoryAccess.setI64(bytes, addr, v);
    }

    public byte[] readBytes(int addr, int length) {
        checkRange(addr & 0xFFFFFFFFL, length & 0xFFFFFFFFL, bytes.length);
        return Arrays.copyOfRange(bytes, addr, addr + length);
    }

    public void writeBytes(int addr, byte[] src, int from, int length) {
        checkRange(addr & 0xFFFFFFFFL, length & 0xFFFFFFFFL, bytes.length);
        System.arraycopy(src, from, bytes, addr, length);
    }

    public void writeBytes(int addr, byte[] src) {
        writeBytes(addr, src, 0, src.length);
    }

    /** Reads {@code length} bytes at {@code addr} as UTF-8. */
    public String readString(int addr, int length) {
        checkRange(addr & 0xFFFFFFFFL, length & 0xFFFFFFFFL, bytes.length);
        return new String(bytes, addr, length, StandardCharsets.UTF_8);
    }

    /** True if {@code [addr, addr+length)} (unsigned) lies inside the memory. */
    public boolean inBounds(int addr, long length) {
        long a = addr & 0xFFFFFFFFL;
        return length >= 0 && a + length <= bytes.length;
    }
}
