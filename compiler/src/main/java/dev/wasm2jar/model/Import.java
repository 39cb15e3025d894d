package dev.wasm2jar.model;

/** An import (spec section 2.5.11); {@code offset} is its byte offset in the binary. */
public record Import(String module, String name, ExternType type, int offset) {
    public ExternKind kind() {
        if (type instanceof FuncImportType) return ExternKind.FUNC;
        if (type instanceof TableType) return ExternKind.TABLE;
        if (type instanceof MemoryType) return ExternKind.MEMORY;
        if (type instanceof GlobalType) return ExternKind.GLOBAL;
        return ExternKind.TAG;
    }
}
