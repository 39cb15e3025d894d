package dev.wasm2jar.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A decoded module (spec section 2.5): the sections as lists, in index-space order. Index spaces
 * (functions, tables, memories, globals, tags) start with the imports of that kind, followed by the
 * module's own definitions; the helpers below resolve an index over both.
 */
public final class Module {
    public final List<TypeDef> types = new ArrayList<>();
    public final List<Import> imports = new ArrayList<>();
    /** Type index of each defined function (function section). */
    public final List<Integer> functions = new ArrayList<>();
    public final List<Table> tables = new ArrayList<>();
    public final List<MemoryType> memories = new ArrayList<>();
    public final List<Global> globals = new ArrayList<>();
    public final List<Tag> tags = new ArrayList<>();
    public final List<Export> exports = new ArrayList<>();
    /** Index of the start function, or -1. */
    public int start = -1;
    public final List<ElementSegment> elements = new ArrayList<>();
    /** The data count section's value, or -1 when absent. */
    public int dataCount = -1;
    /** Bodies of the defined functions, parallel to {@link #functions}. */
    public final List<FunctionBody> codes = new ArrayList<>();
    public final List<DataSegment> data = new ArrayList<>();
    public final List<CustomSection> customSections = new ArrayList<>();
    public final Names names = new Names();

    // Imports of each kind, in index-space order; maintained by addImport.
    private final List<List<Import>> importsByKind = List.of(
            new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());

    /** Adds an import; always use this rather than {@code imports.add}. */
    public void addImport(Import imp) {
        imports.add(imp);
        importsByKind.get(imp.kind().ordinal()).add(imp);
    }

    /** The imports of one kind, in index-space order. */
    public List<Import> imports(ExternKind kind) {
        return importsByKind.get(kind.ordinal());
    }

    public int importedFunctionCount() { return imports(ExternKind.FUNC).size(); }
    public int importedTableCount() { return imports(ExternKind.TABLE).size(); }
    public int importedMemoryCount() { return imports(ExternKind.MEMORY).size(); }
    public int importedGlobalCount() { return imports(ExternKind.GLOBAL).size(); }
    public int importedTagCount() { return imports(ExternKind.TAG).size(); }

    public int functionCount() { return importedFunctionCount() + functions.size(); }
    public int tableCount() { return importedTableCount() + tables.size(); }
    public int memoryCount() { return importedMemoryCount() + memories.size(); }
    public int globalCount() { return importedGlobalCount() + globals.size(); }
    public int tagCount() { return importedTagCount() + tags.size(); }

    /** The function type at {@code typeIndex}; the caller has checked it is a function type. */
    public FuncType funcType(int typeIndex) {
        return (FuncType) types.get(typeIndex).type();
    }

    /** Type index of function {@code funcIndex} (imported or defined). */
    public int functionTypeIndex(int funcIndex) {
        if (funcIndex < importedFunctionCount()) {
            return ((FuncImportType) nthImport(ExternKind.FUNC, funcIndex).type()).typeIndex();
        }
        return functions.get(funcIndex - importedFunctionCount());
    }

    /** Type of function {@code funcIndex} (imported or defined). */
    public FuncType functionType(int funcIndex) {
        return funcType(functionTypeIndex(funcIndex));
    }

    public TableType tableType(int tableIndex) {
        if (tableIndex < importedTableCount()) return (TableType) nthImport(ExternKind.TABLE, tableIndex).type();
        return tables.get(tableIndex - importedTableCount()).type();
    }

    public MemoryType memoryType(int memoryIndex) {
        if (memoryIndex < importedMemoryCount()) return (MemoryType) nthImport(ExternKind.MEMORY, memoryIndex).type();
        return memories.get(memoryIndex - importedMemoryCount());
    }

    public GlobalType globalType(int globalIndex) {
        if (globalIndex < importedGlobalCount()) return (GlobalType) nthImport(ExternKind.GLOBAL, globalIndex).type();
        return globals.get(globalIndex - importedGlobalCount()).type();
    }

    public int tagTypeIndex(int tagIndex) {
        if (tagIndex < importedTagCount()) return ((TagType) nthImport(ExternKind.TAG, tagIndex).type()).typeIndex();
        return tags.get(tagIndex - importedTagCount()).typeIndex();
    }

    /** The n-th import of a kind: the import that has index n in that kind's index space. */
    public Import nthImport(ExternKind kind, int n) {
        return imports(kind).get(n);
    }

    /** A function's name for messages: the name section's, else an export name, else its index. */
    public String functionName(int funcIndex) {
        String n = names.functions.get(funcIndex);
        if (n != null) return n;
        for (Export e : exports) {
            if (e.kind() == ExternKind.FUNC && e.index() == funcIndex) return e.name();
        }
        if (funcIndex < importedFunctionCount()) {
            Import imp = nthImport(ExternKind.FUNC, funcIndex);
            return imp.module() + "." + imp.name();
        }
        return "func[" + funcIndex + "]";
    }
}
