package dev.wasm2jar.runtime;

/**
 * Numeric instructions that are not one JVM instruction (spec section 4.3): trapping and
 * unsigned conversions, division checks, float min/max/nearest and bitwise float operations.
 * Generated code calls them with {@code invokestatic}; they are small so that the JIT inlines them.
 * Traps are thrown explicitly (never as a JVM ArithmeticException from here, which
 * {@link Trap#of} would not attribute to the guest).
 */
public final class Numerics {
    private Numerics() {
    }

    // ---- integer division (4.3.2: idiv_s traps on overflow, all divisions on zero) ----

    public static int divS(int a, int b) {
        if (b == 0) throw new Trap(TrapKind.INTEGER_DIVIDE_BY_ZERO);
        if (b == -1 && a == Integer.MIN_VALUE) throw new Trap(TrapKind.INTEGER_OVERFLOW);
        return a / b;
    }

    public static int remS(int a, int b) {
        if (b == 0) throw new Trap(TrapKind.INTEGER_DIVIDE_BY_ZERO);
        return b == -1 ? 0 : a % b;
    }

    public static int divU(int a, int b) {
        if (b == 0) throw new Trap(TrapKind.INTEGER_DIVIDE_BY_ZERO);
        return Integer.divideUnsigned(a, b);
    }

    public static int remU(int a, int b) {
        if (b == 0) throw new Trap(TrapKind.INTEGER_DIVIDE_BY_ZERO);
        return Integer.remainderUnsigned(a, b);
    }

    public static long divS(long a, long b) {
        if (b == 0) throw new Trap(TrapKind.INTEGER_DIVIDE_BY_ZERO);
        if (b == -1 && a == Long.MIN_VALUE) throw new Trap(TrapKind.INTEGER_OVERFLOW);
        return a / b;
    }

    public static long remS(long a, long b) {
        if (b == 0) throw new Trap(TrapKind.INTEGER_DIVIDE_BY_ZERO);
        return b == -1 ? 0 : a % b;
    }

    public static long divU(long a, long b) {
        if (b == 0) throw new Trap(TrapKind.INTEGER_DIVIDE_BY_ZERO);
        return Long.divideUnsigned(a, b);
    }

    public static long remU(long a, long b) {
        if (b == 0) throw new Trap(TrapKind.INTEGER_DIVIDE_BY_ZERO);
        return Long.remainderUnsigned(a, b);
    }

    // ---- float bit operations: on the raw bits, so NaN payloads survive (4.3.3 fneg/fabs/fcopysign) ----

    public static float abs(float a) {
        return Float.intBitsToFloat(Float.floatToRawIntBits(a) & 0x7FFF_FFFF);
    }

    public static float neg(float a) {
        return Float.intBitsToFloat(Float.floatToRawIntBits(a) ^ 0x8000_0000);
    }

    public static float copysign(float a, float b) {
        return Float.intBitsToFloat((Float.floatToRawIntBits(a) & 0x7FFF_FFFF) | (Float.floatToRawIntBits(b) & 0x8000_0000));
    }

    public static double abs(double a) {
        return Double.longBitsToDouble(Double.doubleToRawLongBits(a) & 0x7FFF_FFFF_FFFF_FFFFL);
    }

    public static double neg(double a) {
        return Double.longBitsToDouble(Double.doubleToRawLongBits(a) ^ 0x8000_0000_0000_0000L);
    }

    public static double copysign(double a, double b) {
        return Double.longBitsToDouble((Double.doubleToRawLongBits(a) & 0x7FFF_FFFF_FFFF_FFFFL)
                | (Double.doubleToRawLongBits(b) & 0x8000_0000_0000_0000L));
    }

    // ---- min/max: NaN in, arithmetic NaN out (a + b quiets it); -0 < +0 as Math.min/max do ----

    public static float min(float a, float b) {
        if (a != a || b != b) return a + b;
        return Math.min(a, b);
    }

    public static float max(float a, float b) {
        if (a != a || b != b) return a + b;
        return Math.max(a, b);
    }

    public static double min(double a, double b) {
        if (a != a || b != b) return a + b;
        return Math.min(a, b);
    }

    public static double max(double a, double b) {
        if (a != a || b != b) return a + b;
        return Math.max(a, b);
    }

    // ---- rounding; NaN inputs come out quiet (arithmetic NaN) through the + 0 ----

    public static float ceil(float a) {
        return a != a ? a + a : (float) Math.ceil(a);
    }

    public static float floor(float a) {
        return a != a ? a + a : (float) Math.floor(a);
    }

    public static float trunc(float a) {
        if (a != a) return a + a;
        return (float) (a < 0 ? Math.ceil(a) : Math.floor(a));
    }

    public static float nearest(float a) {
        return a != a ? a + a : (float) Math.rint(a);
    }

    public static float sqrt(float a) {
        return (float) Math.sqrt(a); // exact: double has more than 2*24+2 bits
    }

    public static double ceil(double a) {
        return a != a ? a + a : Math.ceil(a);
    }

    public static double floor(double a) {
        return a != a ? a + a : Math.floor(a);
    }

    public static double trunc(double a) {
        if (a != a) return a + a;
        return a < 0 ? Math.ceil(a) : Math.floor(a);
    }

    public static double nearest(double a) {
        return a != a ? a + a : Math.rint(a);
    }

    // ---- unsigned conversions to float (4.3.4 convert_u) ----

    public static float f32ConvertU(int a) {
        return (float) (a & 0xFFFF_FFFFL);
    }

    public static double f64ConvertU(int a) {
        return (double) (a & 0xFFFF_FFFFL);
    }

    public static float f32ConvertU(long a) {
        if (a >= 0) return (float) a;
        // Halve keeping a sticky low bit, so that rounding to float stays correct, then double.
        return (float) ((a >>> 1) | (a & 1)) * 2f;
    }

    public static double f64ConvertU(long a) {
        if (a >= 0) return (double) a;
        return (double) ((a >>> 1) | (a & 1)) * 2.0;
    }

    // ---- trapping truncations (4.3.4 trunc_s/trunc_u) ----

    private static Trap invalid() {
        return new Trap(TrapKind.INVALID_CONVERSION_TO_INTEGER);
    }

    private static Trap overflow() {
        return new Trap(TrapKind.INTEGER_OVERFLOW);
    }

    public static int i32TruncS(float a) {
        if (a != a) throw invalid();
        if (!(a >= -2147483648f && a < 2147483648f)) throw overflow();
        return (int) a;
    }

    public static int i32TruncU(float a) {
        if (a != a) throw invalid();
        if (!(a > -1f && a < 4294967296f)) throw overflow();
        return (int) (long) a;
    }

    public static int i32TruncS(double a) {
        if (a != a) throw invalid();
        if (!(a > -2147483649.0 && a < 2147483648.0)) throw overflow();
        return (int) a;
    }

    public static int i32TruncU(double a) {
        if (a != a) throw invalid();
        if (!(a > -1.0 && a < 4294967296.0)) throw overflow();
        return (int) (long) a;
    }

    public static long i64TruncS(float a) {
        if (a != a) throw invalid();
        if (!(a >= -9.223372036854775808E18f && a < 9.223372036854775808E18f)) throw overflow();
        return (long) a;
    }

    public static long i64TruncS(double a) {
        if (a != a) throw invalid();
        if (!(a >= -9.223372036854775808E18 && a < 9.223372036854775808E18)) throw overflow();
        return (long) a;
    }

    public static long i64TruncU(float a) {
        if (a != a) throw invalid();
        if (!(a > -1f && a < 1.8446744073709551616E19f)) throw overflow();
        return toUnsignedLong(a);
    }

    public static long i64TruncU(double a) {
        if (a != a) throw invalid();
        if (!(a > -1.0 && a < 1.8446744073709551616E19)) throw overflow();
        return toUnsignedLong(a);
    }

    /** {@code a} in (-1, 2^64), truncated, as an unsigned long. */
    private static long toUnsignedLong(double a) {
        if (a < 9.223372036854775808E18) return (long) a;
        return (long) (a - 9.223372036854775808E18) ^ Long.MIN_VALUE;
    }

    // ---- saturating truncations (trunc_sat); the signed ones are plain f2i/f2l/d2i/d2l ----

    public static int i32TruncSatU(float a) {
        if (!(a > -1f)) return 0; // also NaN
        if (a >= 4294967296f) return -1;
        return (int) (long) a;
    }

    public static int i32TruncSatU(double a) {
        if (!(a > -1.0)) return 0;
        if (a >= 4294967296.0) return -1;
        return (int) (long) a;
    }

    public static long i64TruncSatU(float a) {
        if (!(a > -1f)) return 0;
        if (a >= 1.8446744073709551616E19f) return -1;
        return toUnsignedLong(a);
    }

    public static long i64TruncSatU(double a) {
        if (!(a > -1.0)) return 0;
        if (a >= 1.8446744073709551616E19) return -1;
        return toUnsignedLong(a);
    }
}
