package dev.wasm2jar.text;

import dev.wasm2jar.error.MalformedException;

/**
 * Constants as instructions and scripts write them: integer and float tokens converted with
 * range checks (spec 6.3.1, 6.3.2) and {@code v128} lanes (spec 6.5.8); errors are
 * {@link MalformedException}s with the testsuite's wording.
 */
public final class Literals {
    private Literals() {
    }

    public static boolean isIntToken(SExpr e) {
        return e instanceof Token t && (t.kind() == Token.Kind.NAT || t.kind() == Token.Kind.INT);
    }

    /** A float literal: any number token, or the keywords {@code inf}, {@code nan}, {@code nan:0x...}. */
    public static boolean isFloatToken(SExpr e) {
        if (!(e instanceof Token t)) return false;
        if (t.isNumber()) return true;
        return t.kind() == Token.Kind.KEYWORD && (t.text().equals("inf") || t.text().equals("nan")
                || t.text().startsWith("nan:0x") && NumberLiterals.classify(t.text()) != null);
    }

    /** An integer of {@code bits} bits (8, 16, 32 or 64), signed or unsigned spelling, as its bits. */
    public static long integer(SExpr e, int bits) {
        if (!isIntToken(e)) {
            if (e instanceof Token t && t.kind() == Token.Kind.FLOAT) throw Cursor.error(t, "constant out of range");
            throw Cursor.unexpected(e);
        }
        Token t = (Token) e;
        try {
            long v = NumberLiterals.integer(t.text(), bits);
            return bits == 64 ? v : v & ((1L << bits) - 1);
        } catch (NumberLiterals.OutOfRange x) {
            throw Cursor.error(t, "constant out of range");
        }
    }

    public static int i32(SExpr e) {
        return (int) integer(e, 32);
    }

    public static long i64(SExpr e) {
        return integer(e, 64);
    }

    public static int f32(SExpr e) {
        if (!isFloatToken(e)) throw Cursor.unexpected(e);
        Token t = (Token) e;
        try {
            return NumberLiterals.f32Bits(t.text());
        } catch (NumberLiterals.OutOfRange x) {
            throw Cursor.error(t, "constant out of range");
        }
    }

    public static long f64(SExpr e) {
        if (!isFloatToken(e)) throw Cursor.unexpected(e);
        Token t = (Token) e;
        try {
            return NumberLiterals.f64Bits(t.text());
        } catch (NumberLiterals.OutOfRange x) {
            throw Cursor.error(t, "constant out of range");
        }
    }

    /** A lane value of the given shape as its bits (floats as raw bits). */
    static long lane(SExpr e, Immediates.Shape shape) {
        if (shape.isFloat()) return shape.bits() == 32 ? f32(e) & 0xFFFFFFFFL : f64(e);
        return integer(e, shape.bits());
    }

    /** Writes lane {@code i} of {@code bits} bits little-endian into a 16-byte vector. */
    public static void putLane(byte[] v, int i, int bits, long value) {
        int bytes = bits / 8;
        for (int k = 0; k < bytes; k++) v[i * bytes + k] = (byte) (value >>> (8 * k));
    }

    /** {@code shape lane*} of a {@code v128.const} at the cursor: the 16 bytes. */
    public static byte[] v128(Cursor c) {
        SExpr s = c.next();
        Immediates.Shape shape = s instanceof Token t && t.kind() == Token.Kind.KEYWORD ? Immediates.shape(t.text()) : null;
        if (shape == null) throw Cursor.unexpected(s);
        int n = 0;
        while (c.peek(n) instanceof Token t && (t.isNumber() || isFloatToken(t) || t.kind() == Token.Kind.RESERVED
                || t.kind() == Token.Kind.KEYWORD && !Cursor.isKnownKeyword(t.text()))) {
            if (t.kind() != Token.Kind.NAT && t.kind() != Token.Kind.INT && t.kind() != Token.Kind.FLOAT && !isFloatToken(t)) {
                throw Cursor.unexpected(t);
            }
            n++;
        }
        if (n != shape.lanes()) throw Cursor.error(n < shape.lanes() ? s : c.peek(shape.lanes()), "wrong number of lane literals");
        byte[] v = new byte[16];
        for (int i = 0; i < shape.lanes(); i++) putLane(v, i, shape.bits(), lane(c.next(), shape));
        return v;
    }
}
