package dev.wasm2jar.runtime.embed;

import dev.wasm2jar.runtime.Global;
import dev.wasm2jar.runtime.ValueType;

/**
 * Typed writes to a {@link Global} shared with a guest (reads are {@code Global.getI32()} etc.). Only
 * mutable globals can be set, and only with a value of their type.
 */
public final class Globals {
    private Globals() {
    }

    public static void setI32(Global g, int v) {
        check(g, ValueType.I32);
        g.bits = v;
    }

    public static void setI64(Global g, long v) {
        check(g, ValueType.I64);
        g.bits = v;
    }

    public static void setF32(Global g, float v) {
        check(g, ValueType.F32);
        g.bits = Float.floatToRawIntBits(v);
    }

    public static void setF64(Global g, double v) {
        check(g, ValueType.F64);
        g.bits = Double.doubleToRawLongBits(v);
    }

    public static void setV128(Global g, dev.wasm2jar.runtime.V128 v) {
        check(g, ValueType.V128);
        dev.wasm2jar.runtime.V128.setGlobal(v.lo(), v.hi(), g);
    }

    /** Sets a funcref or externref global (a funcref holds a WasmFunction or null). */
    public static void setRef(Global g, Object v) {
        if (!g.type.isRef()) throw new IllegalArgumentException("global of type " + g.type + " holds no reference");
        if (g.type == ValueType.FUNCREF && v != null && !(v instanceof dev.wasm2jar.runtime.WasmFunction)) {
            throw new IllegalArgumentException("a funcref global holds a WasmFunction or null, not " + v.getClass().getName());
        }
        check(g, g.type);
        g.ref = v;
    }

    private static void check(Global g, ValueType type) {
        if (g.type != type) throw new IllegalArgumentException("global of type " + g.type + ", not " + type);
        if (!g.mutable) throw new IllegalStateException("global is immutable");
    }
}
