package dev.wasm2jar.text;

import dev.wasm2jar.model.ValType;

import java.util.ArrayList;
import java.util.List;

/**
 * The identifier context of a module being parsed (spec 6.6.1) and the state shared by all its
 * fields: index spaces, what is known about each type, the type section (explicit definitions,
 * then the types that inline type uses add, spec 6.6.5), and facts the encoder needs later.
 */
final class ModuleContext {
    final IndexSpace types = new IndexSpace("type");
    final IndexSpace funcs = new IndexSpace("func");
    final IndexSpace tables = new IndexSpace("table");
    final IndexSpace memories = new IndexSpace("memory");
    final IndexSpace globals = new IndexSpace("global");
    final IndexSpace tags = new IndexSpace("tag");
    final IndexSpace elems = new IndexSpace("elem");
    final IndexSpace datas = new IndexSpace("data");

    final TypeParser typeParser = new TypeParser(types);

    /** Per type index, once the type section has been encoded. */
    final List<TypeInfo> typeInfos = new ArrayList<>();
    final ByteWriter typeSection = new ByteWriter();
    int recGroups;

    /** Whether memories/tables are 64-bit, by index (for the offsets of abbreviated segments). */
    final List<Boolean> memory64 = new ArrayList<>();
    final List<Boolean> table64 = new ArrayList<>();

    /** Branch hint annotations of the module and the hints recorded for its functions. */
    BranchHints branchHints;

    /** Set when code refers to data segments: the binary then needs a data count section (spec 5.5.16). */
    boolean usesDataCount;

    TypeInfo typeInfo(int index) {
        return index >= 0 && index < typeInfos.size() ? typeInfos.get(index) : null;
    }

    /**
     * The index of a type use (spec 6.6.5): {@code (type x)} optionally followed by a matching inline
     * signature, or an inline signature alone, which reuses the first plain function type with that
     * signature or appends a new one.
     */
    int typeUse(Integer explicit, FuncSig sig, SExpr at) {
        if (explicit != null) {
            if (!sig.isEmpty()) {
                TypeInfo info = typeInfo(explicit);
                if (info == null) throw Cursor.error(at, "unknown type " + explicit);
                if (!info.sameSignature(new FuncSig(sig.params(), null, sig.results()))) {
                    throw Cursor.error(at, "inline function type does not match explicit type");
                }
            }
            return explicit;
        }
        return funcType(sig.params(), sig.results());
    }

    /** The index of a plain function type with this signature, appending one if there is none. */
    int funcType(List<ValType> params, List<ValType> results) {
        for (int i = 0; i < typeInfos.size(); i++) {
            TypeInfo t = typeInfos.get(i);
            if (t.reusable() && t.params().equals(params) && t.results().equals(results)) return i;
        }
        typeSection.u8(0x60);
        TypeParser.writeValTypes(typeSection, params);
        TypeParser.writeValTypes(typeSection, results);
        recGroups++;
        typeInfos.add(new TypeInfo(TypeInfo.Kind.FUNC, List.copyOf(params), List.copyOf(results), java.util.Map.of(), true));
        types.addAnonymous(1);
        return typeInfos.size() - 1;
    }

    /** Reads {@code (type x)? (param ...)* (result ...)*} at the cursor and returns the type index. */
    TypeUseResult typeUse(Cursor c, boolean namedParams) {
        SExpr at = c.peek() != null ? c.peek() : c.list;
        if (c.peek() instanceof SList x && x.isHead("exact")) {
            throw new dev.wasm2jar.error.UnsupportedFeatureException("custom-descriptors",
                    "exact function import at " + x.line() + ":" + x.column(), -1);
        }
        Integer explicit = null;
        SList t = c.tryList("type");
        if (t != null) {
            Cursor tc = new Cursor(t, 1);
            explicit = types.resolve(tc.next());
            tc.expectEnd();
        }
        FuncSig sig = typeParser.signature(c, namedParams);
        int index = typeUse(explicit, sig, at);
        return new TypeUseResult(index, sig, explicit != null);
    }

    /** A resolved type use, with the inline signature as written (for parameter identifiers). */
    record TypeUseResult(int index, FuncSig sig, boolean explicit) {
    }
}
