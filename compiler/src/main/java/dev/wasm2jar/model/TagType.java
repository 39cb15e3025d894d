package dev.wasm2jar.model;

/** An exception tag's type: an index of a function type with no results. */
public record TagType(int typeIndex) implements ExternType {
}
