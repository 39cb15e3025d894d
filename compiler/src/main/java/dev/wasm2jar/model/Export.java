package dev.wasm2jar.model;

/** An export (spec section 2.5.12). */
public record Export(String name, ExternKind kind, int index, int offset) {
}
