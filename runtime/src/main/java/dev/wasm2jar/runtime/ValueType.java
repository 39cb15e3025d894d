package dev.wasm2jar.runtime;

/**
 * Value types as the runtime sees them at module boundaries (imports, exports, host calls), with
 * the JVM type that carries each one: i32 {@code int}, i64 {@code long}, f32 {@code float}, f64
 * {@code double}, references {@code Object} (a funcref is a {@link WasmFunction} or null; an
 * externref is any host object or null). A v128 is two {@code long}s in method types (see {@link V128}).
 */
public enum ValueType {
    I32(int.class), I64(long.class), F32(float.class), F64(double.class), V128(V128.class),
    FUNCREF(Object.class), EXTERNREF(Object.class);

    /** The JVM type of values of this type in generated method signatures. */
    public final Class<?> jvmType;

    ValueType(Class<?> jvmType) {
        this.jvmType = jvmType;
    }

    public boolean isRef() {
        return this == FUNCREF || this == EXTERNREF;
    }

    @Override
    public String toString() {
        return name().toLowerCase();
    }
}
