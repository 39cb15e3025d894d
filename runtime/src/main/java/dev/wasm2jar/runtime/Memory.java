package dev.wasm2jar.runtime;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A linear memory (spec section 4.2.8): its first {@link #size} bytes, kept in one {@code byte[]}
 * that may be longer. Generated code reads and writes the array through {@link MemoryAccess}'s
 * guest accessors (inlined by the JIT), each checked against {@code size} for the whole width. It
 * caches {@link #bytes} and {@link #size} in locals and re-reads both after calls and
 * {@code memory.grow}.
 *
 * <p>Growth is amortized: the array's spare capacity (zero, and out of bounds for every access)
 * absorbs later grows, and when it runs out the array is replaced by one half as large again. A
 * C program's malloc grows memory a page or two at a time; with an array of exactly the memory's
 * size, each of those grows copied the whole memory, quadratic in the final size.
 *
 * <p>A {@code byte[]} holds at most 2^31-1 bytes, so at most {@link #MAX_PAGES} pages are ever
 * allocated; growing past that (or past the declared maximum) returns -1.
 */
public final class Memory {
    public static final int PAGE_SIZE = 65536;
    /** The most pages one byte[] can hold. */
    public static final int MAX_PAGES = 32767;

    /**
     * The contents, then spare capacity (zero); replaced by a longer array when {@link #grow} needs
     * more. Read-only outside this class: generated code and {@link MemoryAccess}'s guest accessors
     * rely on {@code size <= bytes.length}.
     */
    public byte[] bytes;
    /** The memory's size in bytes (pages × {@link #PAGE_SIZE}); read-only outside this class. */
    public int size;
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
            this.size = bytes.length;
        } catch (OutOfMemoryError e) { // the heap, not the guest: report it as a failed instantiation
            throw new Trap(TrapKind.OUT_OF_BOUNDS_MEMORY_ACCESS, "cannot allocate " + initialPages + " pages: out of memory", null);
        }
    }

    public int pages() {
        return size / PAGE_SIZE;
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
        int newSize = (int) want * PAGE_SIZE;
        if (newSize > bytes.length) {
            long most = declaredMax >= 0 ? Math.min(declaredMax, limitPages) : limitPages;
            long roomy = Math.min(most, Math.max(want, old + Math.max(old / 2, GROWTH_PAGES)));
            byte[] larger = allocate(roomy, want);
            if (larger == null) return -1;
            System.arraycopy(bytes, 0, larger, 0, size);
            bytes = larger;
        } else {
            // Spare capacity is zero unless a host wrote past size through bytes directly.
            Arrays.fill(bytes, size, newSize, (byte) 0);
        }
        size = newSize;
        return old;
    }

    /** At least this many pages are added to the capacity when the array is replaced. */
    private static final int GROWTH_PAGES = 16;

    /** A zeroed array of {@code roomy} pages, else of {@code want} pages, else null (no heap for it). */
    private static byte[] allocate(long roomy, long want) {
        try {
            return new byte[(int) roomy * PAGE_SIZE];
        } catch (OutOfMemoryError e) {
            if (roomy == want) return null;
        }
        try {
            return new byte[(int) want * PAGE_SIZE];
        } catch (OutOfMemoryError e) {
            return null;
        }
    }

    private static void checkRange(long offset, long length, int size) {
        if (offset < 0 || length < 0 || offset + length > size) throw new Trap(TrapKind.OUT_OF_BOUNDS_MEMORY_ACCESS);
    }

    /** {@code memory.fill} with unsigned i32 operands. */
    public void fill(int dst, int value, int length) {
        long d = dst & 0xFFFFFFFFL, n = length & 0xFFFFFFFFL;
        checkRange(d, n, size);
        Arrays.fill(bytes, (int) d, (int) (d + n), (byte) value);
    }

    /** {@code memory.copy} within this memory, or from {@code src} memory to this one. */
    public void copyFrom(Memory src, int dst, int from, int length) {
        long d = dst & 0xFFFFFFFFL, s = from & 0xFFFFFFFFL, n = length & 0xFFFFFFFFL;
        checkRange(d, n, size);
        checkRange(s, n, src.size);
        System.arraycopy(src.bytes, (int) s, bytes, (int) d, (int) n);
    }

    /** {@code memory.init}: copies {@code segment[from, from+length)} to {@code dst}; a dropped segment is empty. */
    public void init(byte[] segment, int dst, int from, int length) {
        long d = dst & 0xFFFFFFFFL, s = from & 0xFFFFFFFFL, n = length & 0xFFFFFFFFL;
        int segLen = segment == null ? 0 : segment.length;
        checkRange(s, n, segLen);
        checkRange(d, n, size);
        if (n > 0) System.arraycopy(segment, (int) s, bytes, (int) d, (int) n);
    }

    // ---- Helpers for host code (WASI, embedders): bounds-checked, trapping like guest accesses. ----

    public byte readByte(int addr) {
        checkRange(addr & 0xFFFFFFFFL, 1, size);
        return bytes[addr];
    }

    public int readInt(int addr) {
        checkRange(addr & 0xFFFFFFFFL, 4, size);
        return MemoryAccess.getI32(bytes, addr);
    }

    public long readLong(int addr) {
        checkRange(addr & 0xFFFFFFFFL, 8, size);
        return MemoryAccess.getI64(bytes, addr);
    }

    public void writeByte(int addr, byte v) {
        checkRange(addr & 0xFFFFFFFFL, 1, size);
        bytes[addr] = v;
    }

    public void writeShort(int addr, short v) {
        checkRange(addr & 0xFFFFFFFFL, 2, size);
        MemoryAccess.setI16(bytes, addr, v);
    }

    public void writeInt(int addr, int v) {
        checkRange(addr & 0xFFFFFFFFL, 4, size);
        MemoryAccess.setI32(bytes, addr, v);
    }

    public void writeLong(int addr, long v) {
        checkRange(addr & 0xFFFFFFFFL, 8, size);
        MemoryAccess.setI64(bytes, addr, v);
    }

    public byte[] readBytes(int addr, int length) {
        checkRange(addr & 0xFFFFFFFFL, length & 0xFFFFFFFFL, size);
        return Arrays.copyOfRange(bytes, addr, addr + length);
    }

    public void writeBytes(int addr, byte[] src, int from, int length) {
        checkRange(addr & 0xFFFFFFFFL, length & 0xFFFFFFFFL, size);
        System.arraycopy(src, from, bytes, addr, length);
    }

    public void writeBytes(int addr, byte[] src) {
        writeBytes(addr, src, 0, src.length);
    }

    /** Reads {@code length} bytes at {@code addr} as UTF-8. */
    public String readString(int addr, int length) {
        checkRange(addr & 0xFFFFFFFFL, length & 0xFFFFFFFFL, size);
        return new String(bytes, addr, length, StandardCharsets.UTF_8);
    }

    /** True if {@code [addr, addr+length)} (unsigned) lies inside the memory. */
    public boolean inBounds(int addr, long length) {
        long a = addr & 0xFFFFFFFFL;
        return length >= 0 && a + length <= size;
    }
}
