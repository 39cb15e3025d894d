package dev.wasm2jar.text;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NumberLiteralsTest {
    @Test
    void integersAcceptSignedAndUnsignedRanges() throws Exception {
        assertEquals(-1, (int) NumberLiterals.integer("0xFFFF_FFFF", 32));
        assertEquals(-1, (int) NumberLiterals.integer("-1", 32));
        assertEquals(Integer.MIN_VALUE, (int) NumberLiterals.integer("-0x8000_0000", 32));
        assertEquals(Long.MIN_VALUE, NumberLiterals.integer("-9223372036854775808", 64));
        assertEquals(-1L, NumberLiterals.integer("18446744073709551615", 64));
        assertEquals(255, NumberLiterals.integer("255", 8));
        assertThrows(NumberLiterals.OutOfRange.class, () -> NumberLiterals.integer("0x1_0000_0000", 32));
        assertThrows(NumberLiterals.OutOfRange.class, () -> NumberLiterals.integer("-0x8000_0001", 32));
        assertThrows(NumberLiterals.OutOfRange.class, () -> NumberLiterals.integer("+0x8000_0000", 32));
        assertThrows(NumberLiterals.OutOfRange.class, () -> NumberLiterals.integer("18446744073709551616", 64));
        assertThrows(NumberLiterals.OutOfRange.class, () -> NumberLiterals.integer("256", 8));
    }

    private static int f32(String s) throws Exception {
        return NumberLiterals.f32Bits(s);
    }

    private static long f64(String s) throws Exception {
        return NumberLiterals.f64Bits(s);
    }

    @Test
    void decimalFloatsRoundToNearestEven() throws Exception {
        assertEquals(Float.floatToRawIntBits(0.1f), f32("0.1"));
        assertEquals(Double.doubleToRawLongBits(0.1), f64("0.1"));
        assertEquals(0x80000000, f32("-0.0"));
        assertEquals(0x7F7FFFFF, f32("3.4028235e38"));
        assertEquals(0x00000001, f32("1.5e-45"));
        assertEquals(0x00000000, f32("7e-46"));            // below half the smallest subnormal
        assertEquals(0x00800000, f32("1.17549435e-38"));
        assertEquals(1L, f64("4.9e-324"));
        assertEquals(0x7FEFFFFFFFFFFFFFL, f64("1.7976931348623157e308"));
        // f32 rounding directly from decimal: 1 + 2^-24 + tiny rounds up, not to even via a double
        assertEquals(0x3F800001, f32("1.000000059604644775390625000000000001"));
        assertEquals(0x3F800000, f32("1.000000059604644775390625"));
        assertEquals(Double.doubleToRawLongBits(123456789012345678901234567890.0), f64("123_456_789_012_345_678_901_234_567_890"));
    }

    @Test
    void hexFloats() throws Exception {
        assertEquals(0x3FC00000, f32("0x1.8p0"));
        assertEquals(0x7F7FFFFF, f32("0x1.fffffep127"));
        assertEquals(0x00000001, f32("0x1p-149"));
        assertEquals(0x3F800000, f32("0x1.000001p0"));      // tie: rounds to even
        assertEquals(0x3F800001, f32("0x1.00000100000000001p0"));
        assertEquals(0x7FEFFFFFFFFFFFFFL, f64("0x1.fffffffffffff7ffffp1023"));
        assertEquals(0x0010000000000000L, f64("0x1p-1022"));
    }

    @Test
    void overflowIsOutOfRange() {
        for (String s : new String[] {"1e39", "0x1p128", "0x1.ffffffp127", "3.4028236e38"}) {
            assertThrows(NumberLiterals.OutOfRange.class, () -> f32(s), s);
        }
        for (String s : new String[] {"1e309", "-1e309", "0x1p1024", "0x1.fffffffffffff8p1023"}) {
            assertThrows(NumberLiterals.OutOfRange.class, () -> f64(s), s);
        }
    }

    @Test
    void infinitiesAndNans() throws Exception {
        assertEquals(0x7F800000, f32("inf"));
        assertEquals(0xFF800000, f32("-inf"));
        assertEquals(0x7FC00000, f32("nan"));
        assertEquals(0xFFC00000, f32("-nan"));
        assertEquals(0x7F800001, f32("nan:0x1"));
        assertEquals(0xFFA00000, f32("-nan:0x200000"));
        assertEquals(0x7FF0000000000001L, f64("nan:0x1"));
        assertEquals(0x7FF8000000000000L, f64("+nan"));
        assertThrows(NumberLiterals.OutOfRange.class, () -> f32("nan:0x0"));
        assertThrows(NumberLiterals.OutOfRange.class, () -> f32("nan:0x800000"));
        assertThrows(NumberLiterals.OutOfRange.class, () -> f64("nan:0x10000000000000"));
    }

    @Test
    void integerLiteralsAreFloats() throws Exception {
        assertEquals(0x4B800000, f32("16777216"));
        assertEquals(0x4B800000, f32("16777217"));          // tie to even
        assertEquals(0x4B800002, f32("16777219"));
        assertEquals(0x5F800000, f32("0x1_0000_0000_0000_0000"));
    }
}
