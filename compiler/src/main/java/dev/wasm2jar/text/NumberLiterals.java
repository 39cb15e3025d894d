package dev.wasm2jar.text;

import java.math.BigInteger;

/**
 * Numeric literals of the text format (spec section 6.3.1-6.3.2): classification of a token's
 * spelling and exact conversion to integer values and to IEEE 754 bit patterns. Floats are rounded
 * to nearest-even exactly from the decimal or hexadecimal digits (never via an intermediate double
 * for f32), NaN payloads are kept. Methods throw {@link OutOfRange} when the value does not fit.
 */
public final class NumberLiterals {
    private NumberLiterals() {
    }

    /** The literal does not denote a value of the requested type. */
    public static final class OutOfRange extends Exception {
        OutOfRange() {
            super(null, null, false, false);
        }
    }

    private static final OutOfRange OUT_OF_RANGE = new OutOfRange();

    /** NAT (unsigned integer), INT (signed integer), FLOAT, or null if {@code s} is no number. */
    static Token.Kind classify(String s) {
        int n = s.length();
        int i = 0;
        boolean signed = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            signed = true;
            i++;
        }
        if (i >= n) return null;
        if (s.startsWith("inf", i)) return i + 3 == n ? Token.Kind.FLOAT : null;
        if (s.startsWith("nan", i)) {
            if (i + 3 == n) return Token.Kind.FLOAT;
            if (s.startsWith(":0x", i + 3)) return digits(s, i + 6, true) == n ? Token.Kind.FLOAT : null;
            return null;
        }
        boolean hex = s.startsWith("0x", i);
        if (hex) i += 2;
        int j = digits(s, i, hex);
        if (j < 0) return null;
        if (j == n) return signed ? Token.Kind.INT : Token.Kind.NAT;
        char c = s.charAt(j);
        if (c == '.') {
            j++;
            if (j < n && isDigit(s.charAt(j), hex)) {
                j = digits(s, j, hex);
                if (j < 0) return null;
            }
            if (j == n) return Token.Kind.FLOAT;
            c = s.charAt(j);
        }
        if (hex ? (c == 'p' || c == 'P') : (c == 'e' || c == 'E')) {
            j++;
            if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) j++;
            j = digits(s, j, false);
            return j == n ? Token.Kind.FLOAT : null;
        }
        return null;
    }

    /** End of a digit sequence with single underscores between digits starting at i, or -1. */
    private static int digits(String s, int i, boolean hex) {
        int n = s.length();
        if (i >= n || !isDigit(s.charAt(i), hex)) return -1;
        i++;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '_') {
                if (i + 1 >= n || !isDigit(s.charAt(i + 1), hex)) return -1;
                i += 2;
            } else if (isDigit(c, hex)) {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    private static boolean isDigit(char c, boolean hex) {
        return c >= '0' && c <= '9' || hex && (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F');
    }

    // ---- integers ----

    /**
     * The value of an integer literal of {@code bits} bits (32 or 64): signed ones must fit the
     * signed range, unsigned ones the unsigned range (spec 6.3.1: iN accepts both).
     */
    public static long integer(String s, int bits) throws OutOfRange {
        boolean neg = s.startsWith("-");
        int i = neg || s.startsWith("+") ? 1 : 0;
        long mag = magnitude(s, i);
        if (bits == 64) {
            if (neg) {
                if (Long.compareUnsigned(mag, Long.MIN_VALUE) > 0) throw OUT_OF_RANGE;
                return -mag;
            }
            if (i == 1 && mag < 0) throw OUT_OF_RANGE; // an explicit '+' makes it signed (sN)
            return mag;
        }
        long limit = 1L << bits;
        if (neg) {
            if (Long.compareUnsigned(mag, limit >>> 1) > 0) throw OUT_OF_RANGE;
            return -mag;
        }
        if (Long.compareUnsigned(mag, limit - 1) > 0) throw OUT_OF_RANGE;
        if (i == 1 && mag >= limit >>> 1) throw OUT_OF_RANGE;
        return mag;
    }

    /** An unsigned integer literal (no sign) as u64, or OutOfRange. */
    public static long unsigned(String s, int bits) throws OutOfRange {
        if (s.startsWith("-") || s.startsWith("+")) throw OUT_OF_RANGE;
        long mag = magnitude(s, 0);
        if (bits < 64 && Long.compareUnsigned(mag, (1L << bits) - 1) > 0) throw OUT_OF_RANGE;
        return mag;
    }

    /** The unsigned magnitude of the digits at i (decimal or 0x hex), or OutOfRange beyond 2^64-1. */
    private static long magnitude(String s, int i) throws OutOfRange {
        int n = s.length();
        long v = 0;
        if (s.startsWith("0x", i)) {
            for (i += 2; i < n; i++) {
                char c = s.charAt(i);
                if (c == '_') continue;
                int d = Lexer.hexValue(c);
                if (d < 0) throw OUT_OF_RANGE;
                if ((v >>> 60) != 0) throw OUT_OF_RANGE;
                v = v << 4 | d;
            }
            return v;
        }
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c == '_') continue;
            if (c < '0' || c > '9') throw OUT_OF_RANGE;
            int d = c - '0';
            // v * 10 + d must stay below 2^64
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L - d, 10)) > 0) throw OUT_OF_RANGE;
            v = v * 10 + d;
        }
        return v;
    }

    // ---- floats ----

    public static int f32Bits(String s) throws OutOfRange {
        return (int) floatBits(s, 23, 8);
    }

    public static long f64Bits(String s) throws OutOfRange {
        return floatBits(s, 52, 11);
    }

    /** IEEE bits of a float literal (any number literal) with the given significand and exponent widths. */
    static long floatBits(String s, int mantBits, int expBits) throws OutOfRange {
        boolean neg = s.startsWith("-");
        int i = neg || s.startsWith("+") ? 1 : 0;
        long sign = neg ? 1L << (mantBits + expBits) : 0;
        long expMask = (1L << expBits) - 1;
        if (s.startsWith("inf", i)) return sign | expMask << mantBits;
        if (s.startsWith("nan", i)) {
            long payload;
            if (s.length() == i + 3) {
                payload = 1L << (mantBits - 1);
            } else {
                payload = magnitude(s, i + 4);
                if (payload == 0 || payload >>> mantBits != 0) throw OUT_OF_RANGE;
            }
            return sign | expMask << mantBits | payload;
        }
        boolean hex = s.startsWith("0x", i);
        if (hex) i += 2;
        // Collect the significand digits (integer and fraction part) and the exponent.
        int n = s.length();
        StringBuilder digits = new StringBuilder(n);
        int fracDigits = 0;
        boolean inFrac = false;
        long exp = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c == '_') continue;
            if (c == '.') {
                inFrac = true;
                continue;
            }
            if (hex ? (c == 'p' || c == 'P') : (c == 'e' || c == 'E')) {
                exp = exponent(s, i + 1);
                break;
            }
            digits.append(c);
            if (inFrac) fracDigits++;
        }
        long bits = hex
                ? fromHex(digits, exp - 4L * fracDigits, mantBits, expBits)
                : fromDecimal(digits, exp - fracDigits, mantBits, expBits);
        return sign | bits;
    }

    /** A decimal exponent, saturated far beyond any meaningful range. */
    private static long exponent(String s, int i) {
        boolean neg = s.charAt(i) == '-';
        if (neg || s.charAt(i) == '+') i++;
        long e = 0;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '_') continue;
            e = Math.min(e * 10 + (c - '0'), 1_000_000_000L);
        }
        return neg ? -e : e;
    }

    private static long fromHex(CharSequence digits, long exp2, int mantBits, int expBits) throws OutOfRange {
        BigInteger m = new BigInteger(stripLeadingZeros(digits), 16);
        if (m.signum() == 0) return 0;
        // Bring huge exponents into a range where the result is certainly 0 or infinity.
        int bl = m.bitLength();
        if (exp2 + bl > 4000) throw OUT_OF_RANGE;
        if (exp2 + bl < -4000) return 0;
        return exp2 >= 0 ? round(m.shiftLeft((int) exp2), BigInteger.ONE, mantBits, expBits)
                : round(m, BigInteger.ONE.shiftLeft((int) -exp2), mantBits, expBits);
    }

    private static long fromDecimal(CharSequence digits, long exp10, int mantBits, int expBits) throws OutOfRange {
        String d = stripLeadingZeros(digits);
        if (d.equals("0")) return 0;
        // Fast path (Clinger): the digits and the power of ten are exact, so one rounding happens.
        if (d.length() <= 15 && exp10 >= -22 && exp10 <= 22) {
            long m = Long.parseLong(d);
            if (mantBits == 52) {
                double v = exp10 >= 0 ? (double) m * POW10[(int) exp10] : (double) m / POW10[(int) -exp10];
                return Double.doubleToRawLongBits(v);
            }
            if (m < (1L << 24) && exp10 >= -10 && exp10 <= 10) {
                float v = exp10 >= 0 ? (float) m * (float) POW10[(int) exp10] : (float) m / (float) POW10[(int) -exp10];
                return Float.floatToRawIntBits(v) & 0xFFFFFFFFL;
            }
        }
        long magnitude10 = d.length() + exp10; // value < 10^magnitude10
        if (magnitude10 > 400) throw OUT_OF_RANGE;
        if (magnitude10 < -400) return 0;
        BigInteger m = new BigInteger(d);
        return exp10 >= 0 ? round(m.multiply(BigInteger.TEN.pow((int) exp10)), BigInteger.ONE, mantBits, expBits)
                : round(m, BigInteger.TEN.pow((int) -exp10), mantBits, expBits);
    }

    private static final double[] POW10 = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private static String stripLeadingZeros(CharSequence digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') i++;
        return digits.subSequence(i, digits.length()).toString();
    }

    /**
     * Rounds num/den (positive) to the nearest float with {@code mantBits} fraction bits and
     * {@code expBits} exponent bits, ties to even; OutOfRange if it rounds to infinity.
     */
    private static long round(BigInteger num, BigInteger den, int mantBits, int expBits) throws OutOfRange {
        int bias = (1 << (expBits - 1)) - 1;
        int emin = 1 - bias;
        // e = floor(log2(num/den))
        int e = num.bitLength() - den.bitLength();
        if (compareScaled(num, den, e) < 0) e--;
        if (e < emin) e = emin;
        // q = num/den * 2^(mantBits - e), an integer part and a remainder
        int shift = mantBits - e;
        BigInteger n2 = shift >= 0 ? num.shiftLeft(shift) : num;
        BigInteger d2 = shift >= 0 ? den : den.shiftLeft(-shift);
        BigInteger[] qr = n2.divideAndRemainder(d2);
        BigInteger q = qr[0];
        int cmp = qr[1].shiftLeft(1).compareTo(d2);
        if (cmp > 0 || cmp == 0 && q.testBit(0)) q = q.add(BigInteger.ONE);
        // q carries the implicit leading bit (and a rounding carry) into the exponent field
        long exponentField = (long) e + bias - 1 + q.shiftRight(mantBits).longValue();
        if (exponentField >= (1L << expBits) - 1) throw OUT_OF_RANGE;
        return ((long) (e + bias - 1) << mantBits) + q.longValue();
    }

    /** Compares num/den with 2^e. */
    private static int compareScaled(BigInteger num, BigInteger den, int e) {
        return e >= 0 ? num.compareTo(den.shiftLeft(e)) : num.shiftLeft(-e).compareTo(den);
    }
}
