package dev.wasm2jar.model;

/** A memory type (spec section 2.3.12). */
public record MemoryType(Limits limits) implements ExternType {
}
