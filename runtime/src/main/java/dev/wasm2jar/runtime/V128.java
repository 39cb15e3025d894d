package dev.wasm2jar.runtime;

import java.util.Arrays;

/**
 * A v128 value where it crosses into Java code: {@link WasmFunction#call} arguments and results,
 * {@link Global#getValue()}. {@code lo} holds bytes 0-7 and {@code hi} bytes 8-15, little-endian
 * (lane 0 of any shape is in the low bits of {@code lo}).
 *
 * <p>Generated code never allocates these: a v128 is two {@code long}s in locals, on the operand
 * stack and in method signatures. In a {@link WasmFunction#handle()} (of type
 * {@link FunctionType#methodType()}) a v128 parameter is two {@code long} parameters (lo, hi) and a
 * v128 result counts as two results (lo, hi), so a function with a v128 result returns the boxed
 * {@code Object[]} of multi-value functions.
 */
public record V128(long lo, long hi) {
    @Override
    public String toString() {
        return String.format("v128:0x%016x%016x", hi, lo);
    }

    /** Arguments for a handle: each V128 becomes two Longs. */
    static Object[] flattenArgs(FunctionType type, Object[] args) {
        Object[] out = new Object[args.length + countV128(type.params())];
        int k = 0;
        for (int i = 0; i < args.length; i++) {
            if (type.param(i) == ValueType.V128) {
                V128 v = (V128) args[i];
                out[k++] = v.lo;
                out[k++] = v.hi;
            } else {
                out[k++] = args[i];
            }
        }
        return out;
    }

    /** Results of a handle with two Longs per v128 back to one V128 each. */
    static Object[] joinResults(FunctionType type, Object[] flat) {
        Object[] out = new Object[type.resultCount()];
        int k = 0;
        for (int i = 0; i < out.length; i++) {
            if (type.result(i) == ValueType.V128) {
                out[i] = new V128((Long) flat[k], (Long) flat[k + 1]);
                k += 2;
            } else {
                out[i] = flat[k++];
            }
        }
        return out;
    }

    static int countV128(ValueType[] types) {
        return (int) Arrays.stream(types).filter(t -> t == ValueType.V128).count();
    }

    /** global.set of a v128 global (kept boxed in a {@link Global}: lo in bits, hi in {@link Global#hi}). */
    public static void setGlobal(long lo, long hi, Global g) {
        g.bits = lo;
        g.hi = hi;
    }

    public static Global global(long lo, long hi, boolean mutable) {
        Global g = new Global(ValueType.V128, mutable);
        g.bits = lo;
        g.hi = hi;
        return g;
    }
}
