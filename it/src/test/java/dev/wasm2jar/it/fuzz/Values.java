package dev.wasm2jar.it.fuzz;

import dev.wasm2jar.model.ValType;
import dev.wasm2jar.runtime.V128;
import dev.wasm2jar.runtime.ValueType;

import java.util.List;

/**
 * Value helpers shared by the fuzzers: the runtime type of a model type, default and sample
 * arguments, and a text form of values that both our side and the JS driver produce identically
 * (NaNs canonicalized, floats as bit patterns so that -0.0 and rounding show).
 */
final class Values {
    private Values() {
    }

    /** Argument sets the fuzzers call exports with; the JS driver has the same table. */
    static final int ARG_SETS = 3;

    /** Same mapping as the code generator's (JvmType.runtimeType). */
    static ValueType runtimeType(ValType t) {
        return switch (t.kind) {
            case I32 -> ValueType.I32;
            case I64 -> ValueType.I64;
            case F32 -> ValueType.F32;
            case F64 -> ValueType.F64;
            case V128 -> ValueType.V128;
            case REF -> t.heapType == ValType.HT_EXTERN || t.heapType == ValType.HT_NOEXTERN ? ValueType.EXTERNREF : ValueType.FUNCREF;
        };
    }

    static ValueType[] runtimeTypes(List<ValType> ts) {
        ValueType[] out = new ValueType[ts.size()];
        for (int i = 0; i < out.length; i++) out[i] = runtimeType(ts.get(i));
        return out;
    }

    static Object zero(ValueType t) {
        return switch (t) {
            case I32 -> 0;
            case I64 -> 0L;
            case F32 -> 0f;
            case F64 -> 0d;
            case V128 -> new V128(0, 0);
            case FUNCREF, EXTERNREF -> null;
        };
    }

    /** Argument {@code set} (0 = zeros) for a parameter of type {@code t}; mirrored in driver.js. */
    static Object arg(ValueType t, int set) {
        if (set == 0) return zero(t);
        boolean a = set == 1;
        return switch (t) {
            case I32 -> a ? 7 : -1;
            case I64 -> a ? -3L : Long.MIN_VALUE;
            case F32 -> a ? 1.5f : -0.0f;
            case F64 -> a ? -2.25 : Double.POSITIVE_INFINITY;
            case V128 -> a ? new V128(7, -3) : new V128(-1, Long.MIN_VALUE);
            case FUNCREF, EXTERNREF -> null;
        };
    }

    static Object[] args(ValueType[] params, int set) {
        Object[] out = new Object[params.length];
        for (int i = 0; i < out.length; i++) out[i] = arg(params[i], set);
        return out;
    }

    /** Text form of a value: i32/i64 signed decimal, floats as raw bits in hex or "nan". */
    static String format(ValueType t, Object v) {
        return switch (t) {
            case I32 -> Integer.toString((Integer) v);
            case I64 -> Long.toString((Long) v);
            case F32 -> Float.isNaN((Float) v) ? "nan" : Integer.toHexString(Float.floatToRawIntBits((Float) v));
            case F64 -> Double.isNaN((Double) v) ? "nan" : Long.toHexString(Double.doubleToRawLongBits((Double) v));
            case V128 -> v.toString();
            case FUNCREF, EXTERNREF -> v == null ? "null" : "ref";
        };
    }

    /** FNV-1a over the bytes; the JS driver computes the same. */
    static int hash(byte[] bytes) {
        int h = 0x811c9dc5;
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x01000193;
        }
        return h;
    }
}
