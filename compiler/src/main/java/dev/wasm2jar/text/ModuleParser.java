package dev.wasm2jar.text;

import dev.wasm2jar.model.Opcode;
import dev.wasm2jar.model.ValType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fields of one module (spec 6.6) encoded as a binary module. Two passes: the first binds the
 * identifiers of all index spaces (definitions may be referred to before they appear) and checks
 * that imports precede definitions; the second encodes every field in order, resolving indices.
 */
final class ModuleParser {
    private final SList module;
    private final List<SList> fields = new ArrayList<>();
    private final String moduleName;
    final ModuleContext ctx = new ModuleContext();

    // Section contents and entry counts.
    final ByteWriter imports = new ByteWriter();
    final ByteWriter functions = new ByteWriter();
    final ByteWriter tables = new ByteWriter();
    final ByteWriter memories = new ByteWriter();
    final ByteWriter tags = new ByteWriter();
    final ByteWriter globals = new ByteWriter();
    final ByteWriter exports = new ByteWriter();
    final ByteWriter elems = new ByteWriter();
    final ByteWriter code = new ByteWriter(1024);
    final ByteWriter datas = new ByteWriter();
    int importCount, functionCount, tableCount, memoryCount, tagCount, globalCount, exportCount, elemCount, dataCount;
    private Integer start;

    // Index of the next entry of each space in the encoding pass.
    int nextFunc, nextTable, nextMemory, nextGlobal, nextTag;

    private final Map<Integer, String> funcNames = new TreeMap<>();
    private final Map<Integer, Map<Integer, String>> localNames = new TreeMap<>();

    /** {@code firstField}: index of the first field in {@code module}'s items. */
    ModuleParser(SList module, int firstField, String moduleName) {
        this.module = module;
        this.moduleName = moduleName;
        for (int i = firstField; i < module.size(); i++) {
            SExpr e = module.get(i);
            if (!(e instanceof SList f) || f.head() == null) throw Cursor.unexpected(e);
            fields.add(f);
        }
    }

    byte[] encode() {
        ctx.branchHints = new BranchHints(module);
        declare();
        encodeTypes();
        Segments segments = new Segments(this);
        for (SList f : fields) {
            switch (f.head()) {
                case "type", "rec" -> {
                }
                case "import" -> importField(f);
                case "func" -> func(f);
                case "table" -> segments.table(f);
                case "memory" -> segments.memory(f);
                case "global" -> segments.global(f);
                case "tag" -> segments.tag(f);
                case "export" -> exportField(f);
                case "start" -> startField(f);
                case "elem" -> segments.elem(f);
                case "data" -> segments.data(f);
                default -> throw Cursor.unexpected(f);
            }
        }
        return assemble();
    }

    // ---- pass 1: identifiers ----

    private void declare() {
        String firstDefinition = null;
        for (SList f : fields) {
            String h = f.head();
            switch (h) {
                case "type" -> declareType(f);
                case "rec" -> {
                    for (int i = 1; i < f.size(); i++) {
                        if (!(f.get(i) instanceof SList t && t.isHead("type"))) throw Cursor.unexpected(f.get(i));
                        declareType(t);
                    }
                }
                case "import" -> {
                    if (firstDefinition != null) throw Cursor.error(f, "import after " + firstDefinition);
                    Cursor c = new Cursor(f, 1);
                    c.nextString();
                    c.nextString();
                    SList desc = c.nextList();
                    c.expectEnd();
                    IndexSpace space = spaceOf(desc.head());
                    if (space == null) throw Cursor.unexpected(desc);
                    space.add(new Cursor(desc, 1).tryId(), desc);
                }
                case "func", "table", "memory", "global", "tag" -> {
                    Cursor c = new Cursor(f, 1);
                    String id = c.tryId();
                    while (c.peekList("export") != null) c.skip();
                    boolean imported = c.peekList("import") != null;
                    if (imported) {
                        if (firstDefinition != null) throw Cursor.error(f, "import after " + firstDefinition);
                    } else if (firstDefinition == null) {
                        firstDefinition = h.equals("func") ? "function" : h;
                    }
                    spaceOf(h).add(id, f);
                    if (!imported && h.equals("table") && hasInline(f, "elem")) ctx.elems.addAnonymous(1);
                    if (!imported && h.equals("memory") && hasInline(f, "data")) ctx.datas.addAnonymous(1);
                }
                case "elem" -> ctx.elems.add(new Cursor(f, 1).tryId(), f);
                case "data" -> ctx.datas.add(new Cursor(f, 1).tryId(), f);
                case "export", "start" -> {
                }
                default -> throw Cursor.unexpected(f);
            }
        }
    }

    private void declareType(SList t) {
        Cursor c = new Cursor(t, 1);
        ctx.types.add(c.tryId(), t);
    }

    static boolean hasInline(SList f, String head) {
        for (SExpr e : f.items()) if (e instanceof SList l && l.isHead(head)) return true;
        return false;
    }

    IndexSpace spaceOf(String kind) {
        if (kind == null) return null;
        return switch (kind) {
            case "func" -> ctx.funcs;
            case "table" -> ctx.tables;
            case "memory" -> ctx.memories;
            case "global" -> ctx.globals;
            case "tag" -> ctx.tags;
            default -> null;
        };
    }

    // ---- pass 2 ----

    /** All explicit type definitions first; inline type uses append after them (spec 6.6.5). */
    private void encodeTypes() {
        for (SList f : fields) {
            if (f.isHead("type")) {
                ctx.typeInfos.add(ctx.typeParser.typeDefinition(f, true, ctx.typeSection));
                ctx.recGroups++;
            } else if (f.isHead("rec")) {
                int n = f.size() - 1;
                ctx.typeSection.u8(0x4E).u32(n);
                for (int i = 1; i < f.size(); i++) {
                    ctx.typeInfos.add(ctx.typeParser.typeDefinition((SList) f.get(i), n == 1, ctx.typeSection));
                }
                ctx.recGroups++;
            }
        }
    }

    /** {@code (import "module" "name" desc)}. */
    private void importField(SList f) {
        Cursor c = new Cursor(f, 1);
        byte[] mod = name(c.nextString());
        byte[] nm = name(c.nextString());
        SList desc = c.nextList();
        Cursor d = new Cursor(desc, 1);
        String id = d.tryId();
        importEntry(mod, nm, desc.head(), d, id);
        d.expectEnd();
    }

    /** Writes an import entry whose description (after the id and inline exports) is at {@code d}. */
    void importEntry(byte[] mod, byte[] nm, String kind, Cursor d, String id) {
        imports.vec(mod).vec(nm);
        importCount++;
        switch (kind) {
            case "func" -> {
                int index = nextFunc++;
                int type = ctx.typeUse(d, true).index();
                imports.u8(0x00).u32(type);
                if (id != null) funcNames.put(index, id);
            }
            case "table" -> {
                imports.u8(0x01);
                Segments.tableType(this, d, imports);
                nextTable++;
            }
            case "memory" -> {
                imports.u8(0x02);
                Segments.memoryType(this, d, imports);
                nextMemory++;
            }
            case "global" -> {
                imports.u8(0x03);
                Segments.globalType(ctx, d.next(), imports);
                nextGlobal++;
            }
            case "tag" -> {
                int type = ctx.typeUse(d, true).index();
                imports.u8(0x04).u8(0x00).u32(type);
                nextTag++;
            }
            default -> throw Cursor.unexpected(d.list);
        }
    }

    /** Inline {@code (export "name")}s of a definition with index {@code index}; kind per spec 5.5.10. */
    void inlineExports(Cursor c, int kind, int index) {
        SList e;
        while ((e = c.tryList("export")) != null) {
            Cursor ec = new Cursor(e, 1);
            exports.vec(name(ec.nextString())).u8(kind).u32(index);
            exportCount++;
            ec.expectEnd();
        }
    }

    /** An inline {@code (import "module" "name")} at the cursor, or null. */
    byte[][] inlineImport(Cursor c) {
        SList i = c.tryList("import");
        if (i == null) return null;
        Cursor ic = new Cursor(i, 1);
        byte[][] names = {name(ic.nextString()), name(ic.nextString())};
        ic.expectEnd();
        return names;
    }

    private void exportField(SList f) {
        Cursor c = new Cursor(f, 1);
        byte[] nm = name(c.nextString());
        SList desc = c.nextList();
        c.expectEnd();
        int kind = switch (desc.head() == null ? "" : desc.head()) {
            case "func" -> 0;
            case "table" -> 1;
            case "memory" -> 2;
            case "global" -> 3;
            case "tag" -> 4;
            default -> throw Cursor.unexpected(desc);
        };
        Cursor d = new Cursor(desc, 1);
        int index = spaceOf(desc.head()).resolve(d.next());
        d.expectEnd();
        exports.vec(nm).u8(kind).u32(index);
        exportCount++;
    }

    private void startField(SList f) {
        if (start != null) throw Cursor.error(f, "multiple start sections");
        Cursor c = new Cursor(f, 1);
        start = ctx.funcs.resolve(c.next());
        c.expectEnd();
    }

    /** {@code (func $id? (export ..)* (import ..)? typeuse (local ..)* instr*)} (spec 6.6.6). */
    private void func(SList f) {
        Cursor c = new Cursor(f, 1);
        String id = c.tryId();
        int index = nextFunc;
        if (id != null) funcNames.put(index, id);
        inlineExports(c, 0, index);
        byte[][] imp = inlineImport(c);
        if (imp != null) {
            importEntry(imp[0], imp[1], "func", c, null);
            c.expectEnd();
            return;
        }
        nextFunc++;
        ModuleContext.TypeUseResult use = ctx.typeUse(c, true);
        functions.u32(use.index());
        functionCount++;

        IndexSpace locals = new IndexSpace("local");
        Map<Integer, String> names = new TreeMap<>();
        if (use.sig().params().isEmpty() && use.explicit()) {
            TypeInfo info = ctx.typeInfo(use.index());
            if (info != null && info.isFunc()) locals.addAnonymous(info.params().size());
        } else {
            for (int i = 0; i < use.sig().params().size(); i++) {
                String pid = use.sig().paramIds().get(i);
                int li = locals.add(pid, f);
                if (pid != null) names.put(li, pid);
            }
        }
        // (local $x t) | (local t*), compressed into runs of equal types (spec 5.5.13)
        List<ValType> localTypes = new ArrayList<>();
        SList l;
        while ((l = c.tryList("local")) != null) {
            Cursor lc = new Cursor(l, 1);
            String lid = lc.tryId();
            if (lid != null) {
                int li = locals.add(lid, l);
                names.put(li, lid);
                localTypes.add(ctx.typeParser.valType(lc.next()));
                lc.expectEnd();
            } else {
                while (!lc.atEnd()) {
                    localTypes.add(ctx.typeParser.valType(lc.next()));
                    locals.addAnonymous(1);
                }
            }
        }
        if (!names.isEmpty()) localNames.put(index, names);
        ByteWriter body = new ByteWriter(64);
        writeLocals(body, localTypes);
        new InstrParser(ctx, locals, body, index).expression(c);
        code.sized(body);
    }

    private static void writeLocals(ByteWriter w, List<ValType> types) {
        int runs = 0;
        for (int i = 0; i < types.size(); i++) if (i == 0 || !types.get(i).equals(types.get(i - 1))) runs++;
        w.u32(runs);
        for (int i = 0; i < types.size(); ) {
            int j = i;
            while (j < types.size() && types.get(j).equals(types.get(i))) j++;
            w.u32(j - i);
            TypeParser.writeValType(w, types.get(i));
            i = j;
        }
    }

    /** A string used as a name must be well-formed UTF-8 (spec 6.3.4). */
    static byte[] name(Token s) {
        if (!Lexer.isUtf8(s.bytes())) throw Cursor.error(s, "malformed UTF-8 encoding");
        return s.bytes();
    }

    /** A constant expression (global initializers, offsets, element items): instructions then {@code end}. */
    void constExpr(Cursor c, ByteWriter w) {
        new InstrParser(ctx, new IndexSpace("local"), w, -1).expression(c);
    }

    /** A constant expression written as one folded instruction (the offset and item abbreviations). */
    void constExpr(SList folded, ByteWriter w) {
        // a list of its own holding just the instruction; start -2: no source list, so no annotations
        SList single = new SList(List.of(folded), List.of(), folded.line(), folded.column(), -2, folded.end());
        constExpr(new Cursor(single), w);
    }

    // ---- output ----

    private byte[] assemble() {
        Sections s = new Sections();
        ByteWriter types = new ByteWriter(ctx.typeSection.size() + 5).u32(ctx.recGroups).bytes(ctx.typeSection);
        s.standard("type", types, ctx.recGroups > 0);
        s.standard("import", counted(importCount, imports), importCount > 0);
        s.standard("func", counted(functionCount, functions), functionCount > 0);
        s.standard("table", counted(tableCount, tables), tableCount > 0);
        s.standard("memory", counted(memoryCount, memories), memoryCount > 0);
        s.standard("tag", counted(tagCount, tags), tagCount > 0);
        s.standard("global", counted(globalCount, globals), globalCount > 0);
        s.standard("export", counted(exportCount, exports), exportCount > 0);
        if (start != null) s.standard("start", new ByteWriter(5).u32(start), true);
        s.standard("elem", counted(elemCount, elems), elemCount > 0);
        s.standard("datacount", new ByteWriter(5).u32(dataCount), ctx.usesDataCount);
        s.standard("code", counted(functionCount, code), functionCount > 0);
        s.standard("data", counted(dataCount, datas), dataCount > 0);
        CustomAnnotations.place(module, s);
        byte[] hints = ctx.branchHints.section();
        if (hints != null) s.custom(BranchHints.ID, hints, Sections.slotOf("code"), 0);
        byte[] names = nameSection();
        if (names != null) s.custom("name", names, Sections.ORDER.length + 1, 0);
        return s.toBinary();
    }

    private static ByteWriter counted(int count, ByteWriter entries) {
        return new ByteWriter(entries.size() + 5).u32(count).bytes(entries);
    }

    /** The name section (spec 7.4.1, custom): module, function and local names from identifiers. */
    private byte[] nameSection() {
        if (moduleName == null && funcNames.isEmpty() && localNames.isEmpty()) return null;
        ByteWriter w = new ByteWriter();
        if (moduleName != null) w.u8(0).sized(new ByteWriter().vec(utf8(moduleName)));
        if (!funcNames.isEmpty()) w.u8(1).sized(nameMap(funcNames));
        if (!localNames.isEmpty()) {
            ByteWriter m = new ByteWriter().u32(localNames.size());
            for (Map.Entry<Integer, Map<Integer, String>> e : localNames.entrySet()) {
                m.u32(e.getKey()).bytes(nameMap(e.getValue()));
            }
            w.u8(2).sized(m);
        }
        return w.toByteArray();
    }

    private static ByteWriter nameMap(Map<Integer, String> names) {
        ByteWriter w = new ByteWriter().u32(names.size());
        for (Map.Entry<Integer, String> e : names.entrySet()) w.u32(e.getKey()).vec(utf8(e.getValue()));
        return w;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static boolean isInstruction(SExpr e) {
        if (!(e instanceof SList l) || l.head() == null) return false;
        String h = l.head();
        return Opcode.byMnemonic(h) != null || h.equals("block") || h.equals("loop") || h.equals("if") || h.equals("try");
    }
}
