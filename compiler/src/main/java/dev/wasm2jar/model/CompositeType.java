package dev.wasm2jar.model;

/** The body of a defined type: a function type, or (GC) a struct or array type. */
public sealed interface CompositeType permits FuncType, StructType, ArrayType {
}
