package dev.wasm2jar.model;

/** A global type (spec section 2.3.14). */
public record GlobalType(ValType type, boolean mutable) implements ExternType {
}
