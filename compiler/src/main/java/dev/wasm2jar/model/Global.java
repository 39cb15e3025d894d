package dev.wasm2jar.model;

/** A defined global (spec section 2.5.6). */
public record Global(GlobalType type, ConstExpr init) {
}
