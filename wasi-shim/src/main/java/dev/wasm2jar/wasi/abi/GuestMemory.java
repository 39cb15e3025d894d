package dev.wasm2jar.wasi.abi;

import dev.wasm2jar.runtime.Memory;
import dev.wasm2jar.runtime.MemoryAccess;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The guest's linear memory as WASI functions see it: unsigned 32-bit pointers, little-endian
 * fields, and EFAULT (a {@link WasiError}) instead of a trap for anything out of bounds (beyond
 * {@link Memory#size}: the array may be longer). Always re-reads {@link Memory#bytes}, since the
 * guest may have grown the memory into a new array.
 */
public final class GuestMemory {
    private volatile Memory memory;

    public void bind(Memory m) {
        this.memory = m;
    }

    public Memory memory() {
        return memory;
    }

    /** The current backing array, after checking that {@code [ptr, ptr+len)} lies inside the memory. */
    public byte[] check(int ptr, long len) {
        Memory m = memory;
        if (m == null) throw WasiError.of(Errno.FAULT);
        long p = ptr & 0xFFFFFFFFL;
        if (len < 0 || p + len > m.size) throw WasiError.of(Errno.FAULT);
        return m.bytes;
    }

    public int u8(int ptr) {
        return check(ptr, 1)[ptr] & 0xFF;
    }

    public int u16(int ptr) {
        return MemoryAccess.getI16(check(ptr, 2), ptr) & 0xFFFF;
    }

    public int i32(int ptr) {
        return MemoryAccess.getI32(check(ptr, 4), ptr);
    }

    public long i64(int ptr) {
        return MemoryAccess.getI64(check(ptr, 8), ptr);
    }

    public void setU8(int ptr, int v) {
        check(ptr, 1)[ptr] = (byte) v;
    }

    public void setU16(int ptr, int v) {
        MemoryAccess.setI16(check(ptr, 2), ptr, (short) v);
    }

    public void setI32(int ptr, int v) {
        MemoryAccess.setI32(check(ptr, 4), ptr, v);
    }

    public void setI64(int ptr, long v) {
        MemoryAccess.setI64(check(ptr, 8), ptr, v);
    }

    public void write(int ptr, byte[] src, int from, int len) {
        byte[] b = check(ptr, len);
        System.arraycopy(src, from, b, ptr, len);
    }

    public void write(int ptr, byte[] src) {
        write(ptr, src, 0, src.length);
    }

    public void fill(int ptr, int len, byte v) {
        byte[] b = check(ptr, len);
        java.util.Arrays.fill(b, ptr, ptr + len, v);
    }

    public byte[] read(int ptr, int len) {
        byte[] b = check(ptr, len & 0xFFFFFFFFL);
        return java.util.Arrays.copyOfRange(b, ptr, ptr + len);
    }

    /** A guest string ({@code ptr}, {@code len}) as UTF-8; invalid UTF-8 is EILSEQ, as wasmtime's wiggle reports. */
    public String string(int ptr, int len) {
        byte[] b = check(ptr, len & 0xFFFFFFFFL);
        try {
            CharBuffer cb = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, ptr, len));
            return cb.toString();
        } catch (CharacterCodingException e) {
            throw WasiError.of(Errno.ILSEQ);
        }
    }

    /**
     * The first non-empty buffer of an iovec/ciovec array ({@code buf} u32, {@code buf_len} u32), as
     * {ptr, len}; {0, 0} if all are empty. wasmtime reads and writes only that one buffer per call.
     */
    public int[] firstIovec(int iovs, int count) {
        check(iovs, (count & 0xFFFFFFFFL) * Abi.IOVEC_SIZE);
        for (int i = 0; i < count; i++) {
            int base = iovs + i * Abi.IOVEC_SIZE;
            int p = i32(base), n = i32(base + 4);
            if (n == 0) continue;
            check(p, n & 0xFFFFFFFFL);
            return new int[] {p, n};
        }
        return new int[] {0, 0};
    }
}
