package dev.wasm2jar.model;

/** What an import or export is (spec section 2.3.15). */
public sealed interface ExternType permits FuncImportType, TableType, MemoryType, GlobalType, TagType {
}
