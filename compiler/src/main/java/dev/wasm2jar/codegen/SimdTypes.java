package dev.wasm2jar.codegen;

import dev.wasm2jar.model.FuncType;
import dev.wasm2jar.model.ValType;

import java.util.ArrayList;
import java.util.List;

/**
 * How generated code carries a v128: as two i64 values, lo (bytes 0-7) then hi (bytes 8-15), in
 * locals, on the operand stack, in method parameters and in results (a v128 result is two results,
 * the second through the instance's return area as for multi-value). The code generator works on
 * "flat" function types where each v128 is replaced by {@code [i64, V128_HIGH]}; the high half has
 * its own marker type so that drop and select know they handle a whole v128.
 */
final class SimdTypes {
    static final ValType HI = ValType.V128_HIGH;

    private SimdTypes() {
    }

    static boolean isV128(ValType t) {
        return t.kind == ValType.Kind.V128;
    }

    /** True if some of {@code ts} is a v128. */
    static boolean any(ValType[] ts) {
        for (ValType t : ts) if (isV128(t)) return true;
        return false;
    }

    static List<ValType> flat(List<ValType> ts) {
        boolean any = false;
        for (ValType t : ts) any |= isV128(t);
        if (!any) return ts;
        List<ValType> out = new ArrayList<>(ts.size() + 2);
        for (ValType t : ts) {
            if (isV128(t)) {
                out.add(ValType.I64);
                out.add(HI);
            } else {
                out.add(t);
            }
        }
        return out;
    }

    static FuncType flat(FuncType ft) {
        List<ValType> p = flat(ft.params()), r = flat(ft.results());
        if (p == ft.params() && r == ft.results()) return ft;
        return FuncType.of(p.toArray(new ValType[0]), r.toArray(new ValType[0]));
    }

    /** JVM local slots of a Wasm local of type {@code t}. */
    static int slots(ValType t) {
        return isV128(t) ? 4 : JvmType.of(t).size;
    }
}
