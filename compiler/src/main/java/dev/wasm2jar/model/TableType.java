package dev.wasm2jar.model;

/** A table type (spec section 2.3.13): element reference type and limits. */
public record TableType(ValType elemType, Limits limits) implements ExternType {
}
