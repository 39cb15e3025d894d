package dev.wasm2jar.text;

import dev.wasm2jar.model.ValType;

import java.util.List;
import java.util.Map;

/**
 * What the text parser needs to know about a defined type: its composite kind, a function type's
 * parameters and results (for local indices and inline type uses), a struct's field identifiers,
 * and whether it is a plain {@code (type (func ...))} that an inline type use may reuse (spec
 * 6.6.5: a final function type without supertypes, alone in its recursion group).
 */
record TypeInfo(Kind kind, List<ValType> params, List<ValType> results, Map<String, Integer> fieldIds, boolean reusable) {
    enum Kind { FUNC, STRUCT, ARRAY }

    boolean isFunc() {
        return kind == Kind.FUNC;
    }

    boolean sameSignature(FuncSig sig) {
        return kind == Kind.FUNC && params.equals(sig.params()) && results.equals(sig.results());
    }
}
