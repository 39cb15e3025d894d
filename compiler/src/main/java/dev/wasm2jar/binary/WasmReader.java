package dev.wasm2jar.binary;

import dev.wasm2jar.error.MalformedException;
import dev.wasm2jar.model.ValType;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over the bytes of a binary module with the spec's primitive decoders (section 5.2):
 * LEB128 integers with their length and unused-bit checks, floats, names (UTF-8 checked), value
 * types. Every failure is a {@link MalformedException} with the byte offset.
 */
public final class WasmReader {
    private final byte[] bytes;
    private int pos;
    private int limit;

    public WasmReader(byte[] bytes, int start, int end) {
        this.bytes = bytes;
        this.pos = start;
        this.limit = end;
    }

    public byte[] bytes() {
        return bytes;
    }

    public int position() {
        return pos;
    }

    public void position(int p) {
        pos = p;
    }

    public int limit() {
        return limit;
    }

    /** Narrows the readable range (for a section or a body); returns the old limit. */
    public int limit(int newLimit) {
        int old = limit;
        limit = newLimit;
        return old;
    }

    public boolean atEnd() {
        return pos >= limit;
    }

    public int remaining() {
        return limit - pos;
    }

    public MalformedException malformed(String reason) {
        return new MalformedException(reason, pos);
    }

    public MalformedException malformed(String reason, int at) {
        return new MalformedException(reason, at);
    }

    public int u8() {
        if (pos >= limit) throw malformed(pos >= bytes.length ? "unexpected end" : "unexpected end of section or function");
        return bytes[pos++] & 0xFF;
    }

    public byte[] bytes(int n) {
        if (n < 0 || n > limit - pos) throw malformed(limit == bytes.length ? "unexpected end" : "unexpected end of section or function");
        byte[] out = new byte[n];
        System.arraycopy(bytes, pos, out, 0, n);
        pos += n;
        return out;
    }

    public void skip(int n) {
        if (n < 0 || n > limit - pos) throw malformed("unexpected end");
        pos += n;
    }

    /** Unsigned LEB128 of at most 32 bits: at most 5 bytes, unused bits of the last byte zero. */
    public int u32() {
        int start = pos;
        long result = 0;
        for (int shift = 0; ; shift += 7) {
            int b = u8();
            if (shift == 28 && (b & 0x70) != 0) {
                throw malformed((b & 0x80) != 0 ? "integer representation too long" : "integer too large", start);
            }
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return (int) result;
            if (shift == 28) throw malformed("integer representation too long", start);
        }
    }

    /** A u32 that must fit a Java int count or index (≤ 2^31-1); larger ones cannot be satisfied anyway. */
    public int u32Count() {
        int v = u32();
        if (v < 0) throw malformed("count too large: " + Integer.toUnsignedString(v));
        return v;
    }

    /** Unsigned LEB128 of at most 64 bits. */
    public long u64() {
        int start = pos;
        long result = 0;
        for (int shift = 0; ; shift += 7) {
            int b = u8();
            if (shift == 63 && (b & 0x7E) != 0) {
                throw malformed((b & 0x80) != 0 ? "integer representation too long" : "integer too large", start);
            }
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
            if (shift == 63) throw malformed("integer representation too long", start);
        }
    }

    /** Signed LEB128 of at most {@code bits} bits (32, 33 or 64), sign-extended into a long. */
    public long sN(int bits) {
        int start = pos;
        long result = 0;
        int shift = 0;
        int maxBytes = (bits + 6) / 7;
        for (int i = 0; ; i++) {
            int b = u8();
            if (i == maxBytes - 1) {
                // The last byte: bits beyond `bits` must be a sign extension of the value's sign bit.
                int used = bits - 7 * i;          // payload bits that still count in this byte (1..7)
                int rest = (b & 0x7F) >> (used - 1); // sign bit and the unused bits above it
                boolean ok = rest == 0 || rest == (0x7F >> (used - 1));
                if ((b & 0x80) != 0) throw malformed("integer representation too long", start);
                if (!ok) throw malformed("integer too large", start);
            }
            result |= (long) (b & 0x7F) << shift;
            shift += 7;
            if ((b & 0x80) == 0) {
                if (shift < 64 && (b & 0x40) != 0) result |= -1L << shift;
                return result;
            }
        }
    }

    public int s32() {
        return (int) sN(32);
    }

    public long s64() {
        return sN(64);
    }

    public int f32Bits() {
        if (limit - pos < 4) throw malformed("unexpected end");
        int v = (bytes[pos] & 0xFF) | (bytes[pos + 1] & 0xFF) << 8 | (bytes[pos + 2] & 0xFF) << 16 | (bytes[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    public long f64Bits() {
        long lo = f32Bits() & 0xFFFFFFFFL;
        long hi = f32Bits() & 0xFFFFFFFFL;
        return lo | hi << 32;
    }

    /** A name: u32 length then UTF-8 bytes, which must be well-formed. */
    public String name() {
        int n = u32Count();
        int at = pos;
        byte[] b = bytes(n);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw malformed("malformed UTF-8 encoding", at);
        }
    }

    /** A heap type (s33): negative for abstract types, else a type index. */
    public int heapType() {
        int at = pos;
        long v = sN(33);
        if (v >= 0) {
            if (v > Integer.MAX_VALUE) throw malformed("type index too large", at);
            return (int) v;
        }
        int ht = (int) v;
        if (ht < ValType.HT_EXN || ht > ValType.HT_NOEXN) throw malformed("malformed heap type", at);
        return ht;
    }

    /** A value type (section 5.3.4), including the 3.0 reference type forms. */
    public ValType valType() {
        int at = pos;
        int b = u8();
        switch (b) {
            case 0x7F: return ValType.I32;
            case 0x7E: return ValType.I64;
            case 0x7D: return ValType.F32;
            case 0x7C: return ValType.F64;
            case 0x7B: return ValType.V128;
            case 0x64: return ValType.ref(false, heapType());
            case 0x63: return ValType.ref(true, heapType());
            default:
                int ht = b - 0x80; // one-byte shorthand `htref` = (ref null ht): the byte read as s7
                if (ht >= ValType.HT_EXN && ht <= ValType.HT_NOEXN) return ValType.ref(true, ht);
                throw malformed("malformed value type", at);
        }
    }
}
