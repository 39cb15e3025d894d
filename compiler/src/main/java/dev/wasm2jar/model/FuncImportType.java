package dev.wasm2jar.model;

/** The type of an imported function: an index into the type section. */
public record FuncImportType(int typeIndex) implements ExternType {
}
