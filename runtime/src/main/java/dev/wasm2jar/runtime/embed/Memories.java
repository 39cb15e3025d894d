package dev.wasm2jar.runtime.embed;

import dev.wasm2jar.runtime.Memory;
import dev.wasm2jar.runtime.MemoryAccess;
import dev.wasm2jar.runtime.Trap;
import dev.wasm2jar.runtime.TrapKind;

import java.nio.charset.StandardCharsets;

/**
 * Host access to a guest's linear memory beyond what {@link Memory} has ({@code readByte},
 * {@code readInt}, {@code readLong}, {@code readBytes}, {@code readString}, their writes): the other
 * little-endian numbers and UTF-8 strings. Addresses are the guest's (unsigned i32); every access is
 * bounds-checked and traps ({@link TrapKind#OUT_OF_BOUNDS_MEMORY_ACCESS}) like a guest access. Each
 * call reads {@code memory.bytes} afresh, since {@code memory.grow} may move the contents to a new
 * array.
 */
public final class Memories {
    private Memories() {
    }

    private static void check(Memory m, int addr, long length) {
        if (!m.inBounds(addr, length)) throw new Trap(TrapKind.OUT_OF_BOUNDS_MEMORY_ACCESS);
    }

    public static short readShort(Memory m, int addr) {
        check(m, addr, 2);
        return MemoryAccess.getI16(m.bytes, addr);
    }

    public static float readFloat(Memory m, int addr) {
        check(m, addr, 4);
        return MemoryAccess.getF32(m.bytes, addr);
    }

    public static double readDouble(Memory m, int addr) {
        check(m, addr, 8);
        return MemoryAccess.getF64(m.bytes, addr);
    }

    public static void writeFloat(Memory m, int addr, float v) {
        check(m, addr, 4);
        MemoryAccess.setF32(m.bytes, addr, v);
    }

    public static void writeDouble(Memory m, int addr, double v) {
        check(m, addr, 8);
        MemoryAccess.setF64(m.bytes, addr, v);
    }

    /** {@code length} bytes at {@code addr} decoded as UTF-8 (malformed input becomes U+FFFD). */
    public static String readUtf8(Memory m, int addr, int length) {
        return m.readString(addr, length);
    }

    /** The UTF-8 string at {@code addr} up to (not including) the first NUL byte; traps if there is none. */
    public static String readCString(Memory m, int addr) {
        byte[] b = m.bytes;
        long start = addr & 0xFFFFFFFFL;
        for (long i = start; i < m.size; i++) {
            if (b[(int) i] == 0) return new String(b, (int) start, (int) (i - start), StandardCharsets.UTF_8);
        }
        throw new Trap(TrapKind.OUT_OF_BOUNDS_MEMORY_ACCESS, "no NUL after address " + start, null);
    }

    /** Writes {@code s} as UTF-8 at {@code addr} (no terminator) and returns the number of bytes written. */
    public static int writeUtf8(Memory m, int addr, String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        m.writeBytes(addr, utf8);
        return utf8.length;
    }

    /** Writes {@code s} as UTF-8 followed by a NUL byte; returns the bytes written including the NUL. */
    public static int writeCString(Memory m, int addr, String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        check(m, addr, utf8.length + 1L);
        m.writeBytes(addr, utf8);
        m.writeByte(addr + utf8.length, (byte) 0);
        return utf8.length + 1;
    }

    /** The number of bytes {@code s} takes in UTF-8, e.g. to ask the guest for a buffer first. */
    public static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
