package dev.wasm2jar.model;

/** A defined table (spec section 2.5.4); {@code init} is null unless the 3.0 form gives one. */
public record Table(TableType type, ConstExpr init) {
}
