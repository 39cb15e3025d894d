package dev.wasm2jar.text;

import dev.wasm2jar.error.UnsupportedFeatureException;
import dev.wasm2jar.model.ValType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Types of the text format (spec 6.4): value, heap, reference and storage types, function
 * signatures, and type definitions with recursion groups and subtyping (GC), encoded as in the
 * binary format (spec 5.3).
 */
final class TypeParser {
    private final IndexSpace types;

    TypeParser(IndexSpace types) {
        this.types = types;
    }

    // ---- value types ----

    static boolean isValTypeStart(SExpr e) {
        if (e instanceof SList l) return l.isHead("ref");
        return e instanceof Token t && t.kind() == Token.Kind.KEYWORD && valTypeKeyword(t.text()) != null;
    }

    private static ValType valTypeKeyword(String k) {
        return switch (k) {
            case "i32" -> ValType.I32;
            case "i64" -> ValType.I64;
            case "f32" -> ValType.F32;
            case "f64" -> ValType.F64;
            case "v128" -> ValType.V128;
            default -> refTypeKeyword(k);
        };
    }

    /** The reference type abbreviations {@code funcref}, {@code anyref}, ... (spec 6.4.3). */
    static ValType refTypeKeyword(String k) {
        return switch (k) {
            case "funcref" -> ValType.FUNCREF;
            case "externref" -> ValType.EXTERNREF;
            case "anyref" -> ValType.ref(true, ValType.HT_ANY);
            case "eqref" -> ValType.ref(true, ValType.HT_EQ);
            case "i31ref" -> ValType.ref(true, ValType.HT_I31);
            case "structref" -> ValType.ref(true, ValType.HT_STRUCT);
            case "arrayref" -> ValType.ref(true, ValType.HT_ARRAY);
            case "nullref" -> ValType.ref(true, ValType.HT_NONE);
            case "nullfuncref" -> ValType.ref(true, ValType.HT_NOFUNC);
            case "nullexternref" -> ValType.ref(true, ValType.HT_NOEXTERN);
            case "exnref" -> ValType.EXNREF;
            case "nullexnref" -> ValType.ref(true, ValType.HT_NOEXN);
            default -> null;
        };
    }

    /** The abstract heap type named by keyword {@code k}, or 0 if none. */
    static int abstractHeapType(String k) {
        return switch (k) {
            case "func" -> ValType.HT_FUNC;
            case "extern" -> ValType.HT_EXTERN;
            case "any" -> ValType.HT_ANY;
            case "eq" -> ValType.HT_EQ;
            case "i31" -> ValType.HT_I31;
            case "struct" -> ValType.HT_STRUCT;
            case "array" -> ValType.HT_ARRAY;
            case "none" -> ValType.HT_NONE;
            case "nofunc" -> ValType.HT_NOFUNC;
            case "noextern" -> ValType.HT_NOEXTERN;
            case "exn" -> ValType.HT_EXN;
            case "noexn" -> ValType.HT_NOEXN;
            default -> 0;
        };
    }

    ValType valType(SExpr e) {
        if (e instanceof Token t && t.kind() == Token.Kind.KEYWORD) {
            ValType v = valTypeKeyword(t.text());
            if (v != null) return v;
        } else if (e instanceof SList l && l.isHead("ref")) {
            return refTypeList(l);
        }
        throw Cursor.unexpected(e);
    }

    ValType refType(SExpr e) {
        if (e instanceof Token t && t.kind() == Token.Kind.KEYWORD) {
            ValType v = refTypeKeyword(t.text());
            if (v != null) return v;
        } else if (e instanceof SList l && l.isHead("ref")) {
            return refTypeList(l);
        }
        throw Cursor.unexpected(e);
    }

    static boolean isRefTypeStart(SExpr e) {
        if (e instanceof SList l) return l.isHead("ref");
        return e instanceof Token t && t.kind() == Token.Kind.KEYWORD && refTypeKeyword(t.text()) != null;
    }

    /** {@code (ref null? heaptype)}. */
    private ValType refTypeList(SList l) {
        Cursor c = new Cursor(l, 1);
        boolean nullable = c.tryKeyword("null");
        int ht = heapType(c.next());
        c.expectEnd();
        return ValType.ref(nullable, ht);
    }

    /** A heap type: an abstract type keyword or a type index (s33 encoding value). */
    int heapType(SExpr e) {
        if (e instanceof Token t) {
            if (t.kind() == Token.Kind.KEYWORD) {
                int ht = abstractHeapType(t.text());
                if (ht != 0) return ht;
            } else if (t.kind() == Token.Kind.ID || t.kind() == Token.Kind.NAT) {
                return types.resolve(t);
            }
        } else if (e instanceof SList l && l.isHead("exact")) {
            throw new UnsupportedFeatureException("custom-descriptors", "exact reference type at " + l.line() + ":" + l.column(), -1);
        }
        throw Cursor.unexpected(e);
    }

    // ---- encoding ----

    static void writeValType(ByteWriter w, ValType t) {
        switch (t.kind) {
            case I32 -> w.u8(0x7F);
            case I64 -> w.u8(0x7E);
            case F32 -> w.u8(0x7D);
            case F64 -> w.u8(0x7C);
            case V128 -> w.u8(0x7B);
            default -> {
                if (t.nullable && t.heapType < 0) {
                    w.u8(t.heapType & 0x7F); // the one-byte shorthand, e.g. 0x70 funcref
                } else {
                    w.u8(t.nullable ? 0x63 : 0x64);
                    w.s64(t.heapType);
                }
            }
        }
    }

    static void writeValTypes(ByteWriter w, List<ValType> ts) {
        w.u32(ts.size());
        for (ValType t : ts) writeValType(w, t);
    }

    // ---- function signatures ----

    /**
     * {@code (param ...)* (result ...)*} at the cursor. Parameters may be named ({@code (param $x t)})
     * only where {@code namedParams}; results may not precede parameters.
     */
    FuncSig signature(Cursor c, boolean namedParams) {
        List<ValType> params = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<ValType> results = new ArrayList<>();
        SList l;
        while ((l = c.tryList("param")) != null) {
            Cursor p = new Cursor(l, 1);
            String id = p.tryId();
            if (id != null) {
                if (!namedParams) throw Cursor.unexpected(l.get(1));
                params.add(valType(p.next()));
                ids.add(id);
                p.expectEnd();
            } else {
                while (!p.atEnd()) {
                    params.add(valType(p.next()));
                    ids.add(null);
                }
            }
        }
        while ((l = c.tryList("result")) != null) {
            Cursor r = new Cursor(l, 1);
            while (!r.atEnd()) results.add(valType(r.next()));
        }
        // (type), (param) after results, or (type) after the signature: out of order
        if (c.peek() instanceof SList next && (next.isHead("param") || next.isHead("type"))) throw Cursor.unexpected(next);
        return new FuncSig(params, ids, results);
    }

    // ---- type definitions (spec 6.4.9) ----

    /**
     * Encodes one {@code (type $id? subtype)} (the id was bound when the module was scanned) and
     * returns its description; {@code alone} says whether it is its own recursion group.
     */
    TypeInfo typeDefinition(SList typeField, boolean alone, ByteWriter out) {
        Cursor c = new Cursor(typeField, 1);
        c.tryId();
        SList def = c.nextList();
        checkDescriptorClause(def);
        c.expectEnd();
        if (def.isHead("sub")) {
            Cursor s = new Cursor(def, 1);
            boolean fin = s.tryKeyword("final");
            List<Integer> supers = new ArrayList<>();
            while (s.peekIndex()) supers.add(types.resolve(s.next()));
            SList comp = s.nextList();
            checkDescriptorClause(comp);
            s.expectEnd();
            out.u8(fin ? 0x4F : 0x50).u32(supers.size());
            for (int x : supers) out.u32(x);
            TypeInfo info = compositeType(comp, out);
            return new TypeInfo(info.kind(), info.params(), info.results(), info.fieldIds(), alone && fin && supers.isEmpty());
        }
        TypeInfo info = compositeType(def, out);
        return new TypeInfo(info.kind(), info.params(), info.results(), info.fieldIds(), alone);
    }

    private TypeInfo compositeType(SList comp, ByteWriter out) {
        String head = comp.head();
        if (head == null) throw Cursor.unexpected(comp);
        Cursor c = new Cursor(comp, 1);
        switch (head) {
            case "func": {
                FuncSig sig = signature(c, true);
                c.expectEnd();
                out.u8(0x60);
                writeValTypes(out, sig.params());
                writeValTypes(out, sig.results());
                return new TypeInfo(TypeInfo.Kind.FUNC, sig.params(), sig.results(), Map.of(), false);
            }
            case "struct": {
                ByteWriter fields = new ByteWriter();
                Map<String, Integer> ids = new HashMap<>();
                int n = 0;
                while (!c.atEnd()) {
                    SList f = c.nextList();
                    if (!f.isHead("field")) throw Cursor.unexpected(f);
                    Cursor fc = new Cursor(f, 1);
                    String id = fc.tryId();
                    if (id != null) {
                        if (ids.put(id, n) != null) throw Cursor.error(f, "duplicate field $" + id);
                        fieldType(fc.next(), fields);
                        fc.expectEnd();
                        n++;
                    } else {
                        while (!fc.atEnd()) {
                            fieldType(fc.next(), fields);
                            n++;
                        }
                    }
                }
                out.u8(0x5F).u32(n).bytes(fields);
                return new TypeInfo(TypeInfo.Kind.STRUCT, List.of(), List.of(), ids, false);
            }
            case "array": {
                out.u8(0x5E);
                fieldType(c.next(), out);
                c.expectEnd();
                return new TypeInfo(TypeInfo.Kind.ARRAY, List.of(), List.of(), Map.of(), false);
            }
            default:
                checkDescriptorClause(comp);
                throw Cursor.unexpected(comp);
        }
    }

    /** The custom-descriptors proposal's {@code (descriptor x)}/{@code (describes x)} clauses are not supported. */
    private static void checkDescriptorClause(SList l) {
        if (l.isHead("descriptor") || l.isHead("describes")) {
            throw new UnsupportedFeatureException("custom-descriptors",
                    "(" + l.head() + " ...) at " + l.line() + ":" + l.column(), -1);
        }
    }

    /** fieldtype: {@code storagetype} or {@code (mut storagetype)}, written as storage type then mutability. */
    private void fieldType(SExpr e, ByteWriter out) {
        boolean mut = false;
        if (e instanceof SList l && l.isHead("mut")) {
            Cursor c = new Cursor(l, 1);
            e = c.next();
            c.expectEnd();
            mut = true;
        }
        if (e instanceof Token t && t.isKeyword("i8")) out.u8(0x78);
        else if (e instanceof Token t && t.isKeyword("i16")) out.u8(0x77);
        else writeValType(out, valType(e));
        out.u8(mut ? 1 : 0);
    }
}
