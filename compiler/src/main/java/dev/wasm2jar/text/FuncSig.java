package dev.wasm2jar.text;

import dev.wasm2jar.model.ValType;

import java.util.List;

/** Parameter and result types of a function type written inline (with the parameters' identifiers). */
record FuncSig(List<ValType> params, List<String> paramIds, List<ValType> results) {
    boolean isEmpty() {
        return params.isEmpty() && results.isEmpty();
    }
}
