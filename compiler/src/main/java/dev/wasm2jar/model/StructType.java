package dev.wasm2jar.model;

import java.util.List;

/** A GC struct type. */
public record StructType(List<FieldType> fields) implements CompositeType {
}
