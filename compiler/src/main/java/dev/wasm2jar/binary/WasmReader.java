package dev.wasm2jar.binary;

import dev.wasm2jar.error.MalformedException;
import dev.wasm2jar.error.UnsupportedFeatureException;
import dev.wasm2jar.model.ValType;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over the bytes of a binary module with the spec's primitive decoders (section 5.2):
 * LEB128 integers with their length and unused-bit checks, floats, names (UTF-8 checked), value
 * types. Every failure is a {@link MalformedException} with the byte offset.
 *
 * <p>Error wording and the order of checks follow the reference interpreter, whose messages the
 * spec testsuite expects: an LEB128 byte whose payload bits exceed the type is "integer too large"
 * (checked before its continuation bit), a byte beyond the maximum length is "integer
 * representation too long", reading past {@link #limit} is "unexpected end of section or
 * function", and a length or count larger than the bytes left is "length out of bounds".
 */
public final class WasmReader {
    static final String UNEXPECTED_END = "unexpected end of section or function";

    private final byte[] bytes;
    private int pos;
    private int limit;

    /** Set: unsupported encodings are recorded ({@link #deferred}) and decoding goes on, so a later malformation wins. */
    private boolean deferUnsupported;
    private UnsupportedFeatureException deferred;

    public WasmReader(byte[] bytes, int start, int end) {
        this.bytes = bytes;
        this.pos = start;
        this.limit = end;
    }

    /** Records unsupported encodings instead of throwing (the caller throws {@link #deferred()} at the end). */
    public void deferUnsupported() {
        deferUnsupported = true;
    }

    /** The first unsupported encoding recorded, or null. */
    public UnsupportedFeatureException deferred() {
        return deferred;
    }

    /** Throws, or records (when deferring) an encoding of an unsupported proposal. */
    public void unsupported(String feature, String what, int at) {
        UnsupportedFeatureException e = new UnsupportedFeatureException(feature, what, at);
        if (!deferUnsupported) throw e;
        if (deferred == null) deferred = e;
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

    /** The next byte without consuming it, or -1 at the limit. */
    public int peek() {
        return pos < limit ? bytes[pos] & 0xFF : -1;
    }

    public int u8() {
        if (pos >= limit) throw malformed(UNEXPECTED_END);
        return bytes[pos++] & 0xFF;
    }

    /** A copy of the next {@code n} bytes. */
    public byte[] bytes(int n) {
        if (n < 0 || n > limit - pos) throw malformed(UNEXPECTED_END);
        byte[] out = new byte[n];
        System.arraycopy(bytes, pos, out, 0, n);
        pos += n;
        return out;
    }

    public void skip(int n) {
        if (n < 0 || n > limit - pos) throw malformed(UNEXPECTED_END);
        pos += n;
    }

    /**
     * Unsigned LEB128 of at most {@code bits} bits (section 5.2.2): at most ceil(bits/7) bytes, and
     * the payload bits of the last possible byte beyond {@code bits} must be zero.
     */
    private long uN(int bits) {
        long result = 0;
        for (int shift = 0; ; shift += 7) {
            int n = bits - shift; // value bits still allowed
            if (n <= 0) throw malformed("integer representation too long");
            int b = u8();
            if (n < 7 && (b & 0x7F) >= (1 << n)) throw malformed("integer too large", pos - 1);
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
    }

    /** Unsigned LEB128 u32, as an int holding the 32 bits (values ≥ 2^31 are negative). */
    public int u32() {
        return (int) uN(32);
    }

    /** A u32 that must fit a Java int count or index (≤ 2^31-1); larger ones cannot be satisfied anyway. */
    public int u32Count() {
        int at = pos;
        int v = u32();
        if (v < 0) throw malformed("count too large: " + Integer.toUnsignedString(v), at);
        return v;
    }

    /**
     * An index (a u32), saturated at {@link Integer#MAX_VALUE}. No index ≥ 2^31 can name anything in
     * a module held in a Java array (each entity takes at least one byte), so saturating keeps such
     * an index out of range for the validator while sparing every consumer unsigned comparisons.
     */
    public int index() {
        long v = uN(32);
        return v > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) v;
    }

    /**
     * The length of a vector or byte string (the reference interpreter's {@code len32}): a u32 that
     * may not exceed the bytes left from where it starts. Checking before allocating means a hostile
     * count never costs more memory than the input itself.
     */
    public int length() {
        int at = pos;
        long n = uN(32);
        if (n > limit - at) throw malformed("length out of bounds", at);
        return (int) n;
    }

    /** Unsigned LEB128 of at most 64 bits. */
    public long u64() {
        return uN(64);
    }

    /** Signed LEB128 of at most {@code bits} bits (32, 33 or 64), sign-extended into a long. */
    public long sN(int bits) {
        long result = 0;
        for (int shift = 0; ; shift += 7) {
            int n = bits - shift;
            if (n <= 0) throw malformed("integer representation too long");
            int b = u8();
            if (n < 7) {
                // The sign bit and the unused bits above it must be all zero or all one.
                int mask = (-1 << (n - 1)) & 0x7F;
                int high = b & mask;
                if (high != 0 && high != mask) throw malformed("integer too large", pos - 1);
            }
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (shift + 7 < 64 && (b & 0x40) != 0) result |= -1L << (shift + 7);
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
        if (limit - pos < 4) throw malformed(UNEXPECTED_END);
        int v = (bytes[pos] & 0xFF) | (bytes[pos + 1] & 0xFF) << 8 | (bytes[pos + 2] & 0xFF) << 16 | (bytes[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    public long f64Bits() {
        if (limit - pos < 8) throw malformed(UNEXPECTED_END);
        long lo = f32Bits() & 0xFFFFFFFFL;
        long hi = f32Bits() & 0xFFFFFFFFL;
        return lo | hi << 32;
    }

    /** A name (section 5.2.4): length then UTF-8 bytes, which must be well-formed. */
    public String name() {
        int at = pos;
        int n = length();
        int start = pos;
        skip(n);
        return utf8(bytes, start, n, at);
    }

    /** Decodes UTF-8 strictly (no overlongs, surrogates or code points above U+10FFFF). */
    static String utf8(byte[] b, int start, int n, int at) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, start, n)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedException("malformed UTF-8 encoding", at);
        }
    }

    /**
     * A heap type (s33, section 5.3.3): negative for the abstract types, else a type index
     * (saturated like {@link #index()}).
     */
    /** The custom-descriptors proposal's prefix of an exact heap type: 0x62 as an s33. */
    private static final int EXACT = 0x62 - 0x80;

    public int heapType() {
        int at = pos;
        long v = sN(33);
        if (v >= 0) return v > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) v;
        if (v == EXACT) { // custom-descriptors: (exact typeidx); when deferring, read as the plain type index
            int index = index();
            unsupported("custom-descriptors", "exact heap type", at);
            return index;
        }
        if (v < ValType.HT_EXN || v > ValType.HT_NOEXN) throw malformed("malformed heap type", at);
        return (int) v;
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
            default:
                pos = at;
                if (!isRefTypeStart(b)) throw malformed("malformed value type", at);
                return refType();
        }
    }

    /**
     * A reference type (section 5.3.3): {@code 0x64 ht} (ref ht), {@code 0x63 ht} (ref null ht), or
     * the one-byte shorthand of an abstract heap type for {@code (ref null ht)}.
     */
    public ValType refType() {
        int at = pos;
        int b = u8();
        if (b == 0x64) return ValType.ref(false, heapType());
        if (b == 0x63) return ValType.ref(true, heapType());
        int ht = b - 0x80; // the shorthand byte read as an s7
        if (ht >= ValType.HT_EXN && ht <= ValType.HT_NOEXN) return ValType.ref(true, ht);
        throw malformed("malformed reference type", at);
    }

    private static boolean isRefTypeStart(int b) {
        return b == 0x63 || b == 0x64 || (b - 0x80 >= ValType.HT_EXN && b - 0x80 <= ValType.HT_NOEXN);
    }
}
