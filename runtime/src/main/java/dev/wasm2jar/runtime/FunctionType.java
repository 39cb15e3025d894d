package dev.wasm2jar.runtime;

import java.lang.invoke.MethodType;
import java.util.Arrays;

/**
 * A function signature at run time: what {@code call_indirect} and import linking compare.
 * Immutable; equal types are {@link #equals}.
 */
public final class FunctionType {
    private final ValueType[] params;
    private final ValueType[] results;
    private final int hash;

    public FunctionType(ValueType[] params, ValueType[] results) {
        this.params = params.clone();
        this.results = results.clone();
        this.hash = Arrays.hashCode(this.params) * 31 + Arrays.hashCode(this.results);
    }

    public static FunctionType of(ValueType[] params, ValueType... results) {
        return new FunctionType(params, results);
    }

    public int paramCount() {
        return params.length;
    }

    public int resultCount() {
        return results.length;
    }

    public ValueType param(int i) {
        return params[i];
    }

    public ValueType result(int i) {
        return results[i];
    }

    public ValueType[] params() {
        return params.clone();
    }

    public ValueType[] results() {
        return results.clone();
    }

    /**
     * The JVM method type of a {@link WasmFunction#handle()} of this type: parameters as their JVM
     * types; result {@code void}, the single result's JVM type, or {@code Object[]} (boxed values)
     * when there are several results. A v128 is two longs (see {@link V128}).
     */
    public MethodType methodType() {
        Class<?>[] ps = new Class<?>[params.length + V128.countV128(params)];
        int k = 0;
        for (ValueType p : params) {
            if (p == ValueType.V128) {
                ps[k++] = long.class; // a v128 is two longs, lo then hi (see V128)
                ps[k++] = long.class;
            } else {
                ps[k++] = p.jvmType;
            }
        }
        int n = flatResultCount();
        Class<?> r = n == 0 ? void.class : n == 1 ? results[0].jvmType : Object[].class;
        return MethodType.methodType(r, ps);
    }

    /** The number of results in {@link #methodType()}: a v128 counts as two (lo, hi). */
    public int flatResultCount() {
        return results.length + V128.countV128(results);
    }

    /** True if a parameter or result is a v128 (then handles take and return its halves). */
    public boolean hasV128() {
        return V128.countV128(params) + V128.countV128(results) > 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FunctionType t && t.hash == hash && Arrays.equals(t.params, params) && Arrays.equals(t.results, results);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return Arrays.toString(params) + " -> " + Arrays.toString(results);
    }
}
