package dev.wasm2jar.text.wast;

import dev.wasm2jar.model.ValType;
import dev.wasm2jar.text.Cursor;
import dev.wasm2jar.text.Literals;
import dev.wasm2jar.text.SExpr;
import dev.wasm2jar.text.SList;
import dev.wasm2jar.text.Token;

import java.util.ArrayList;
import java.util.List;

/** Constants (action arguments) and result patterns of scripts, with exact bits. */
final class ValueParser {
    private ValueParser() {
    }

    static Value value(SExpr e) {
        if (!(e instanceof SList l) || l.head() == null) throw Cursor.unexpected(e);
        Cursor c = new Cursor(l, 1);
        Value v = switch (l.head()) {
            case "i32.const" -> new Value.Num(ValType.I32, Literals.i32(c.next()));
            case "i64.const" -> new Value.Num(ValType.I64, Literals.i64(c.next()));
            case "f32.const" -> new Value.Num(ValType.F32, Literals.f32(c.next()) & 0xFFFFFFFFL);
            case "f64.const" -> new Value.Num(ValType.F64, Literals.f64(c.next()));
            case "v128.const" -> {
                byte[] b = Literals.v128(c);
                yield new Value.V128(le(b, 0), le(b, 8));
            }
            case "ref.null" -> new Value.RefNull(heapType(c.next()));
            case "ref.extern" -> new Value.RefExtern(nat(c.next()));
            case "ref.host" -> new Value.RefHost(nat(c.next()));
            default -> throw Cursor.unexpected(l);
        };
        c.expectEnd();
        return v;
    }

    static ResultPattern result(SExpr e) {
        if (!(e instanceof SList l) || l.head() == null) throw Cursor.unexpected(e);
        Cursor c = new Cursor(l, 1);
        ResultPattern r = switch (l.head()) {
            case "i32.const" -> new ResultPattern.Num(ValType.I32, Literals.i32(c.next()));
            case "i64.const" -> new ResultPattern.Num(ValType.I64, Literals.i64(c.next()));
            case "f32.const", "f64.const" -> {
                ValType t = l.isHead("f32.const") ? ValType.F32 : ValType.F64;
                SExpr x = c.next();
                ResultPattern.NanKind nan = nanPattern(x);
                if (nan != null) yield new ResultPattern.Nan(t, nan);
                yield new ResultPattern.Num(t, t == ValType.F32 ? Literals.f32(x) & 0xFFFFFFFFL : Literals.f64(x));
            }
            case "v128.const" -> v128Pattern(c);
            case "ref.null" -> new ResultPattern.RefNull(c.atEnd() ? null : heapType(c.next()));
            case "ref.extern" -> new ResultPattern.Ref(ResultPattern.RefKind.EXTERN, c.atEnd() ? null : nat(c.next()));
            case "ref.host" -> new ResultPattern.Ref(ResultPattern.RefKind.HOST, nat(c.next()));
            case "ref.func" -> new ResultPattern.Ref(ResultPattern.RefKind.FUNC, null);
            case "ref.any" -> new ResultPattern.Ref(ResultPattern.RefKind.ANY, null);
            case "ref.eq" -> new ResultPattern.Ref(ResultPattern.RefKind.EQ, null);
            case "ref.i31" -> new ResultPattern.Ref(ResultPattern.RefKind.I31, null);
            case "ref.struct" -> new ResultPattern.Ref(ResultPattern.RefKind.STRUCT, null);
            case "ref.array" -> new ResultPattern.Ref(ResultPattern.RefKind.ARRAY, null);
            case "ref.exn" -> new ResultPattern.Ref(ResultPattern.RefKind.EXN, null);
            case "either" -> {
                List<ResultPattern> alternatives = new ArrayList<>();
                while (!c.atEnd()) alternatives.add(result(c.next()));
                yield new ResultPattern.Either(List.copyOf(alternatives));
            }
            default -> throw Cursor.unexpected(l);
        };
        c.expectEnd();
        return r;
    }

    private static ResultPattern.NanKind nanPattern(SExpr e) {
        if (e instanceof Token t && t.isKeyword("nan:canonical")) return ResultPattern.NanKind.CANONICAL;
        if (e instanceof Token t && t.isKeyword("nan:arithmetic")) return ResultPattern.NanKind.ARITHMETIC;
        return null;
    }

    /** {@code v128.const shape lane*} where float lanes may be NaN patterns. */
    private static ResultPattern v128Pattern(Cursor c) {
        SExpr s = c.next();
        String shape = s instanceof Token t && t.kind() == Token.Kind.KEYWORD ? t.text() : "";
        int lanes;
        int bits;
        switch (shape) {
            case "i8x16" -> { lanes = 16; bits = 8; }
            case "i16x8" -> { lanes = 8; bits = 16; }
            case "i32x4", "f32x4" -> { lanes = 4; bits = 32; }
            case "i64x2", "f64x2" -> { lanes = 2; bits = 64; }
            default -> throw Cursor.unexpected(s);
        }
        boolean isFloat = shape.startsWith("f");
        List<ResultPattern.Lane> out = new ArrayList<>(lanes);
        for (int i = 0; i < lanes; i++) {
            SExpr e = c.peek();
            if (e == null) throw Cursor.error(s, "wrong number of lane literals");
            c.skip();
            ResultPattern.NanKind nan = isFloat ? nanPattern(e) : null;
            if (nan != null) {
                out.add(new ResultPattern.Lane(0, nan));
            } else if (isFloat) {
                out.add(new ResultPattern.Lane(bits == 32 ? Literals.f32(e) & 0xFFFFFFFFL : Literals.f64(e), null));
            } else {
                out.add(new ResultPattern.Lane(Literals.integer(e, bits), null));
            }
        }
        return new ResultPattern.V128(shape, List.copyOf(out));
    }

    /** An abstract heap type keyword ({@code func}, {@code extern}, {@code any}, ...). */
    private static int heapType(SExpr e) {
        if (e instanceof Token t && t.kind() == Token.Kind.KEYWORD) {
            int ht = switch (t.text()) {
                case "func" -> ValType.HT_FUNC;
                case "extern" -> ValType.HT_EXTERN;
                case "any" -> ValType.HT_ANY;
                case "eq" -> ValType.HT_EQ;
                case "i31" -> ValType.HT_I31;
                case "struct" -> ValType.HT_STRUCT;
                case "array" -> ValType.HT_ARRAY;
                case "none" -> ValType.HT_NONE;
                case "nofunc" -> ValType.HT_NOFUNC;
                case "noextern" -> ValType.HT_NOEXTERN;
                case "exn" -> ValType.HT_EXN;
                case "noexn" -> ValType.HT_NOEXN;
                default -> 0;
            };
            if (ht != 0) return ht;
        }
        throw Cursor.unexpected(e);
    }

    private static long nat(SExpr e) {
        if (!(e instanceof Token t && t.kind() == Token.Kind.NAT)) throw Cursor.unexpected(e);
        return Literals.integer(e, 64);
    }

    private static long le(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) v = v << 8 | (b[off + i] & 0xFF);
        return v;
    }
}
