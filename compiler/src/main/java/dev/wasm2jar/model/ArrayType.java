package dev.wasm2jar.model;

/** A GC array type. */
public record ArrayType(FieldType element) implements CompositeType {
}
