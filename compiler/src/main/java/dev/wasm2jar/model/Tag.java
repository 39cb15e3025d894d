package dev.wasm2jar.model;

/** A defined exception tag (exception handling). */
public record Tag(int typeIndex) {
}
