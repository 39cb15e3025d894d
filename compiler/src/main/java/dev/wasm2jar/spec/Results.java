package dev.wasm2jar.spec;

import dev.wasm2jar.model.ValType;
import dev.wasm2jar.runtime.V128;
import dev.wasm2jar.runtime.WasmFunction;
import dev.wasm2jar.text.wast.ResultPattern;
import dev.wasm2jar.text.wast.Value;

import java.util.List;

/**
 * Script values to Java and back: action arguments become the boxed values that
 * {@link WasmFunction#call} takes, and results are matched against {@code assert_return}
 * patterns bit for bit (NaN patterns per the spec's canonical and arithmetic NaNs).
 */
final class Results {
    private Results() {
    }

    /** An argument as Integer, Long, Float, Double or a reference; null is the null reference. */
    static Object toJava(Value v) {
        if (v instanceof Value.Num n) {
            switch (n.type().kind) {
                case I32: return (int) n.bits();
                case I64: return n.bits();
                case F32: return Float.intBitsToFloat((int) n.bits());
                case F64: return Double.longBitsToDouble(n.bits());
                default: break;
            }
        }
        if (v instanceof Value.V128 x) return new V128(x.lo(), x.hi());
        if (v instanceof Value.RefNull) return null;
        if (v instanceof Value.RefExtern e) return new HostRef(e.payload());
        if (v instanceof Value.RefHost h) return new HostRef(h.payload());
        throw new UnsupportedOperationException("argument " + v);
    }

    /** Null if {@code actual} matches, else a description of the mismatch. */
    static String mismatch(List<ResultPattern> expected, Object[] actual) {
        if (expected.size() != actual.length) {
            return "expected " + expected.size() + " results, got " + actual.length + " " + show(actual);
        }
        for (int i = 0; i < actual.length; i++) {
            if (!matches(expected.get(i), actual[i])) {
                return "result " + i + ": expected " + show(expected.get(i)) + ", got " + show(actual[i]);
            }
        }
        return null;
    }

    static boolean matches(ResultPattern p, Object a) {
        if (p instanceof ResultPattern.Num n) {
            Long bits = bitsOf(n.type(), a);
            return bits != null && bits == (n.type().kind == ValType.Kind.F32 || n.type().kind == ValType.Kind.I32
                    ? n.bits() & 0xFFFFFFFFL : n.bits());
        }
        if (p instanceof ResultPattern.Nan nan) {
            Long bits = bitsOf(nan.type(), a);
            if (bits == null) return false;
            boolean canonical = nan.kind() == ResultPattern.NanKind.CANONICAL;
            if (nan.type().kind == ValType.Kind.F32) {
                long b = bits & 0x7FFFFFFFL;
                return canonical ? b == 0x7FC00000L : (b & 0x7FC00000L) == 0x7FC00000L;
            }
            long b = bits & 0x7FFFFFFFFFFFFFFFL;
            return canonical ? b == 0x7FF8000000000000L : (b & 0x7FF8000000000000L) == 0x7FF8000000000000L;
        }
        if (p instanceof ResultPattern.RefNull) return a == null;
        if (p instanceof ResultPattern.Ref r) {
            switch (r.kind()) {
                case FUNC: return a instanceof WasmFunction;
                case EXTERN: case HOST: return a instanceof HostRef h ? r.payload() == null || h.payload() == r.payload() : a != null && r.payload() == null;
                default: return a != null;
            }
        }
        if (p instanceof ResultPattern.Either e) {
            for (ResultPattern alt : e.alternatives()) if (matches(alt, a)) return true;
            return false;
        }
        if (p instanceof ResultPattern.V128 v) return a instanceof V128 x && matchesLanes(v, x);
        return false;
    }

    /** Each lane of {@code a} against the pattern's lane: exact bits or a NaN kind (float shapes). */
    private static boolean matchesLanes(ResultPattern.V128 p, V128 a) {
        int n = p.lanes().size(), bits = 128 / n;
        for (int i = 0; i < n; i++) {
            int at = i * bits;
            long half = at < 64 ? a.lo() : a.hi();
            long lane = bits == 64 ? half : (half >>> (at & 63)) & ((1L << bits) - 1);
            ResultPattern.Lane l = p.lanes().get(i);
            if (l.nan() != null) {
                // As for scalars: canonical = quiet bit only, arithmetic = quiet bit set; any sign.
                long q = bits == 32 ? 0x7FC00000L : 0x7FF8000000000000L;
                long m = lane & (bits == 32 ? 0x7FFFFFFFL : 0x7FFFFFFFFFFFFFFFL);
                if (l.nan() == ResultPattern.NanKind.CANONICAL ? m != q : (m & q) != q) return false;
            } else {
                long mask = bits == 64 ? -1L : (1L << bits) - 1;
                if ((l.bits() & mask) != lane) return false;
            }
        }
        return true;
    }

    /** Raw bits of a numeric result of the expected type (i32/f32 as unsigned 32 bits), or null. */
    private static Long bitsOf(ValType t, Object a) {
        switch (t.kind) {
            case I32: return a instanceof Integer i ? i & 0xFFFFFFFFL : null;
            case I64: return a instanceof Long l ? l : null;
            case F32: return a instanceof Float f ? Float.floatToRawIntBits(f) & 0xFFFFFFFFL : null;
            case F64: return a instanceof Double d ? Double.doubleToRawLongBits(d) : null;
            default: return null;
        }
    }

    static String show(Object[] values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) sb.append(i > 0 ? " " : "").append(show(values[i]));
        return sb.append(']').toString();
    }

    static String show(Object v) {
        if (v == null) return "ref.null";
        if (v instanceof V128 x) return x.toString();
        if (v instanceof Integer i) return "i32:" + i;
        if (v instanceof Long l) return "i64:" + l;
        if (v instanceof Float f) return "f32:" + f + String.format("(0x%08x)", Float.floatToRawIntBits(f));
        if (v instanceof Double d) return "f64:" + d + String.format("(0x%016x)", Double.doubleToRawLongBits(d));
        if (v instanceof ResultPattern.Num n) {
            switch (n.type().kind) {
                case F32: return "f32:" + Float.intBitsToFloat((int) n.bits()) + String.format("(0x%08x)", (int) n.bits());
                case F64: return "f64:" + Double.longBitsToDouble(n.bits()) + String.format("(0x%016x)", n.bits());
                case I32: return "i32:" + (int) n.bits();
                default: return "i64:" + n.bits();
            }
        }
        return String.valueOf(v);
    }
}
