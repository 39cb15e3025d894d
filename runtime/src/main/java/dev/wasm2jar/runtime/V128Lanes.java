package dev.wasm2jar.runtime;

/**
 * Fixed-width SIMD operations that move data between lanes or change the shape (spec section
 * 4.3.2): splat, replace_lane, shuffle, swizzle, narrow, extend, extmul, bitmask, all_true and
 * the conversions. A v128 is two longs (lo = bytes 0-7, hi = bytes 8-15); each helper computes one
 * 64-bit half of the result (generated code calls it once per half, with the inputs that half
 * needs) or a scalar.
 */
public final class V128Lanes {
    private V128Lanes() {
    }

    // ---- splat and replace_lane ----

    public static long splat8(int v) {
        return (v & 0xFFL) * 0x0101_0101_0101_0101L;
    }

    public static long splat16(int v) {
        return (v & 0xFFFFL) * 0x0001_0001_0001_0001L;
    }

    public static long splat32(int v) {
        return (v & 0xFFFFFFFFL) * 0x0000_0001_0000_0001L;
    }

    /** {@code half} with the {@code bits}-wide lane at bit {@code shift} replaced by {@code v}. */
    public static long replace(long half, int shift, int bits, long v) {
        long mask = (bits == 64 ? -1L : (1L << bits) - 1) << shift;
        return (half & ~mask) | ((v << shift) & mask);
    }

    /** v128.bitselect on one half: bits of a where c is 1, of b where c is 0. */
    public static long bitselect(long a, long b, long c) {
        return (a & c) | (b & ~c);
    }

    // ---- shuffle and swizzle ----

    /** Byte {@code i} (0-15) of (lo, hi); 0 for indices 16 and up (swizzle). */
    private static long byteAt(long lo, long hi, int i) {
        if (i >= 16 || i < 0) return 0;
        return ((i < 8 ? lo : hi) >>> (8 * (i & 7))) & 0xFF;
    }

    /** i8x16.swizzle: one result half from the indices in {@code idx}. */
    public static long swizzle(long aLo, long aHi, long idx) {
        long r = 0;
        for (int s = 0; s < 64; s += 8) r |= byteAt(aLo, aHi, (int) (idx >>> s) & 0xFF) << s;
        return r;
    }

    /** i8x16.shuffle: one result half; {@code idx} holds eight lane indices 0-31 (a then b). */
    public static long shuffle(long aLo, long aHi, long bLo, long bHi, long idx) {
        long r = 0;
        for (int s = 0; s < 64; s += 8) {
            int i = (int) (idx >>> s) & 0x1F;
            r |= (i < 16 ? byteAt(aLo, aHi, i) : byteAt(bLo, bHi, i - 16)) << s;
        }
        return r;
    }

    // ---- narrow: one result half from the two halves of one operand ----

    public static long i8x16NarrowS(long lo, long hi) {
        long r = 0;
        for (int i = 0; i < 8; i++) {
            int v = (short) ((i < 4 ? lo : hi) >>> (16 * (i & 3)));
            r |= (Math.max(-128, Math.min(127, v)) & 0xFFL) << (8 * i);
        }
        return r;
    }

    public static long i8x16NarrowU(long lo, long hi) {
        long r = 0;
        for (int i = 0; i < 8; i++) {
            int v = (short) ((i < 4 ? lo : hi) >>> (16 * (i & 3)));
            r |= (Math.max(0, Math.min(255, v)) & 0xFFL) << (8 * i);
        }
        return r;
    }

    public static long i16x8NarrowS(long lo, long hi) {
        long r = 0;
        for (int i = 0; i < 4; i++) {
            int v = (int) ((i < 2 ? lo : hi) >>> (32 * (i & 1)));
            r |= (Math.max(-32768, Math.min(32767, v)) & 0xFFFFL) << (16 * i);
        }
        return r;
    }

    public static long i16x8NarrowU(long lo, long hi) {
        long r = 0;
        for (int i = 0; i < 4; i++) {
            int v = (int) ((i < 2 ? lo : hi) >>> (32 * (i & 1)));
            r |= (Math.max(0, Math.min(65535, v)) & 0xFFFFL) << (16 * i);
        }
        return r;
    }

    // ---- extend: lanes 0-3 (part 0) or 4-7 (part 1) of one half, widened ----

    public static long i16x8ExtendS(long half, int part) {
        long r = 0;
        for (int i = 0; i < 4; i++) r |= ((byte) (half >>> (32 * part + 8 * i)) & 0xFFFFL) << (16 * i);
        return r;
    }

    public static long i16x8ExtendU(long half, int part) {
        long r = 0;
        for (int i = 0; i < 4; i++) r |= ((half >>> (32 * part + 8 * i)) & 0xFFL) << (16 * i);
        return r;
    }

    public static long i32x4ExtendS(long half, int part) {
        long l0 = (short) (half >>> (32 * part)), l1 = (short) (half >>> (32 * part + 16));
        return (l0 & 0xFFFFFFFFL) | (l1 << 32);
    }

    public static long i32x4ExtendU(long half, int part) {
        long l0 = (half >>> (32 * part)) & 0xFFFF, l1 = (half >>> (32 * part + 16)) & 0xFFFF;
        return l0 | (l1 << 32);
    }

    public static long i64x2ExtendS(long half, int part) {
        return part == 0 ? (long) (int) half : half >> 32;
    }

    public static long i64x2ExtendU(long half, int part) {
        return part == 0 ? half & 0xFFFFFFFFL : half >>> 32;
    }

    // ---- extmul: products of lanes 0-3 (part 0) or 4-7 (part 1) of one half of a and b ----

    public static long i16x8ExtmulS(long a, long b, int part) {
        long r = 0;
        for (int i = 0; i < 4; i++) {
            int s = 32 * part + 8 * i;
            r |= (((byte) (a >>> s) * (byte) (b >>> s)) & 0xFFFFL) << (16 * i);
        }
        return r;
    }

    public static long i16x8ExtmulU(long a, long b, int part) {
        long r = 0;
        for (int i = 0; i < 4; i++) {
            int s = 32 * part + 8 * i;
            r |= ((((a >>> s) & 0xFF) * ((b >>> s) & 0xFF)) & 0xFFFFL) << (16 * i);
        }
        return r;
    }

    public static long i32x4ExtmulS(long a, long b, int part) {
        int s = 32 * part;
        long l0 = (short) (a >>> s) * (short) (b >>> s), l1 = (short) (a >>> (s + 16)) * (short) (b >>> (s + 16));
        return (l0 & 0xFFFFFFFFL) | (l1 << 32);
    }

    public static long i32x4ExtmulU(long a, long b, int part) {
        int s = 32 * part;
        long l0 = ((a >>> s) & 0xFFFF) * ((b >>> s) & 0xFFFF);
        long l1 = ((a >>> (s + 16)) & 0xFFFF) * ((b >>> (s + 16)) & 0xFFFF);
        return (l0 & 0xFFFFFFFFL) | (l1 << 32);
    }

    public static long i64x2ExtmulS(long a, long b, int part) {
        return part == 0 ? (long) (int) a * (int) b : (a >> 32) * (b >> 32);
    }

    public static long i64x2ExtmulU(long a, long b, int part) {
        return part == 0 ? (a & 0xFFFFFFFFL) * (b & 0xFFFFFFFFL) : (a >>> 32) * (b >>> 32);
    }

    // ---- reductions to i32 ----

    public static int i8x16Bitmask(long lo, long hi) {
        int r = 0;
        for (int i = 0; i < 8; i++) {
            r |= (int) ((lo >>> (8 * i + 7)) & 1) << i;
            r |= (int) ((hi >>> (8 * i + 7)) & 1) << (i + 8);
        }
        return r;
    }

    public static int i16x8Bitmask(long lo, long hi) {
        int r = 0;
        for (int i = 0; i < 4; i++) {
            r |= (int) ((lo >>> (16 * i + 15)) & 1) << i;
            r |= (int) ((hi >>> (16 * i + 15)) & 1) << (i + 4);
        }
        return r;
    }

    public static int i32x4Bitmask(long lo, long hi) {
        return (int) ((lo >>> 31) & 1) | (int) ((lo >>> 62) & 2) | (int) ((hi >>> 29) & 4) | (int) ((hi >>> 60) & 8);
    }

    public static int i64x2Bitmask(long lo, long hi) {
        return (int) (lo >>> 63) | (int) ((hi >>> 62) & 2);
    }

    /** True (1) if no byte of {@code v} is zero (SWAR zero-byte test). */
    private static boolean noZeroByte(long v) {
        return ((v - 0x0101_0101_0101_0101L) & ~v & 0x8080_8080_8080_8080L) == 0;
    }

    private static boolean noZeroShort(long v) {
        return ((v - 0x0001_0001_0001_0001L) & ~v & 0x8000_8000_8000_8000L) == 0;
    }

    private static boolean noZeroInt(long v) {
        return (int) v != 0 && (int) (v >>> 32) != 0;
    }

    public static int i8x16AllTrue(long lo, long hi) {
        return noZeroByte(lo) && noZeroByte(hi) ? 1 : 0;
    }

    public static int i16x8AllTrue(long lo, long hi) {
        return noZeroShort(lo) && noZeroShort(hi) ? 1 : 0;
    }

    public static int i32x4AllTrue(long lo, long hi) {
        return noZeroInt(lo) && noZeroInt(hi) ? 1 : 0;
    }

    public static int i64x2AllTrue(long lo, long hi) {
        return lo != 0 && hi != 0 ? 1 : 0;
    }

    // ---- lanes: generated code also keeps f32x4 and i32x4 values as four floats or ints ----

    /** Two f32 lanes (bits as they are) into a half, {@code a} in the low bits. */
    public static long f32Pair(float a, float b) {
        return (Float.floatToRawIntBits(a) & 0xFFFFFFFFL) | ((long) Float.floatToRawIntBits(b) << 32);
    }

    /** Two i32 lanes into a half, {@code a} in the low bits. */
    public static long i32Pair(int a, int b) {
        return (a & 0xFFFFFFFFL) | ((long) b << 32);
    }

    /** The f32 lane in the low bits of a half. */
    public static float f32Low(long half) {
        return Float.intBitsToFloat((int) half);
    }

    /** The f32 lane in the high bits of a half. */
    public static float f32High(long half) {
        return Float.intBitsToFloat((int) (half >>> 32));
    }

    /** The i32 lane in the high bits of a half. */
    public static int i32High(long half) {
        return (int) (half >>> 32);
    }

    // ---- conversions ----

    private static float f32(long half, int lane) {
        return Float.intBitsToFloat((int) (half >>> (32 * lane)));
    }

    /** f32x4.demote_f64x2_zero: the low half of the result (the high half is zero). */
    public static long demote(long lo, long hi) {
        return f32Pair((float) Double.longBitsToDouble(lo), (float) Double.longBitsToDouble(hi));
    }

    /** f64x2.promote_low_f32x4: result lane {@code part} from f32 lane {@code part} of lo. */
    public static long promote(long lo, int part) {
        return Double.doubleToRawLongBits(f32(lo, part));
    }

    public static long f64x2ConvertS(long lo, int part) {
        return Double.doubleToRawLongBits((int) (lo >>> (32 * part)));
    }

    public static long f64x2ConvertU(long lo, int part) {
        return Double.doubleToRawLongBits((lo >>> (32 * part)) & 0xFFFFFFFFL);
    }

    /** i32x4.trunc_sat_f64x2_s_zero: the low half of the result. */
    public static long truncSatF64S(long lo, long hi) {
        return i32Pair((int) Double.longBitsToDouble(lo), (int) Double.longBitsToDouble(hi));
    }

    public static long truncSatF64U(long lo, long hi) {
        return i32Pair(Numerics.i32TruncSatU(Double.longBitsToDouble(lo)), Numerics.i32TruncSatU(Double.longBitsToDouble(hi)));
    }

    /** i32x4.trunc_sat_f32x4_s on one half. */
    public static long truncSatF32S(long half) {
        return i32Pair((int) f32(half, 0), (int) f32(half, 1));
    }

    public static long truncSatF32U(long half) {
        return i32Pair(Numerics.i32TruncSatU(f32(half, 0)), Numerics.i32TruncSatU(f32(half, 1)));
    }

    public static long f32x4ConvertS(long half) {
        return f32Pair((int) half, (int) (half >>> 32));
    }

    public static long f32x4ConvertU(long half) {
        return f32Pair(half & 0xFFFFFFFFL, half >>> 32);
    }
}
