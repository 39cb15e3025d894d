package dev.wasm2jar.model;

import java.util.List;

/** A function type {@code [params] -> [results]} (spec section 2.3.8). */
public record FuncType(List<ValType> params, List<ValType> results) implements CompositeType {
    public FuncType {
        params = List.copyOf(params);
        results = List.copyOf(results);
    }

    public static FuncType of(ValType[] params, ValType[] results) {
        return new FuncType(List.of(params), List.of(results));
    }

    @Override
    public String toString() {
        return params + " -> " + results;
    }
}
