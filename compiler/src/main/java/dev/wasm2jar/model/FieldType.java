package dev.wasm2jar.model;

/**
 * A field of a struct or the element of an array (GC). {@code storage} is a value type, or
 * {@link #packed} is 8 or 16 for the packed types i8 and i16 (then {@code storage} is null).
 */
public record FieldType(ValType storage, int packed, boolean mutable) {
}
