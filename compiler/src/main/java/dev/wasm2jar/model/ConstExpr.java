package dev.wasm2jar.model;

/**
 * A constant expression (spec section 3.3.10): the encoded instructions, including the final
 * {@code end}, as a slice {@code [start, end)} of {@code bytes}. Validator and code generator read it
 * with the same {@code CodeReader} as function bodies; {@code start} is also the byte offset for
 * error messages when {@code bytes} is the whole module.
 */
public record ConstExpr(byte[] bytes, int start, int end) {
}
