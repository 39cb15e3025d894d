package dev.wasm2jar.text;

import dev.wasm2jar.model.ValType;

import java.io.ByteArrayOutputStream;

/**
 * Tables, memories, globals, tags and element and data segments (spec 6.6.7-6.6.12), with their
 * abbreviations: inline imports and exports, a table's inline {@code (elem ...)}, a memory's inline
 * {@code (data ...)}, offsets written as one folded instruction, legacy function index lists.
 */
final class Segments {
    private final ModuleParser p;
    private final ModuleContext ctx;

    Segments(ModuleParser p) {
        this.p = p;
        this.ctx = p.ctx;
    }

    // ---- tables ----

    void table(SList f) {
        Cursor c = new Cursor(f, 1);
        c.tryId();
        int index = p.nextTable;
        p.inlineExports(c, 1, index);
        byte[][] imp = p.inlineImport(c);
        if (imp != null) {
            p.importEntry(imp[0], imp[1], "table", c, null);
            c.expectEnd();
            return;
        }
        p.nextTable++;
        p.tableCount++;
        boolean is64 = c.tryKeyword("i64");
        if (TypeParser.isRefTypeStart(c.peek())) {
            // (table i64? reftype (elem ...)): the size is the number of elements (spec 6.6.8)
            ValType type = ctx.typeParser.refType(c.next());
            SList elem = c.tryList("elem");
            if (elem == null) throw c.atEnd() ? c.missing() : Cursor.unexpected(c.peek());
            c.expectEnd();
            ctx.table64.add(is64);
            ElemList items = inlineElemList(new Cursor(elem, 1), type);
            p.tables.bytes(refTypeBytes(type));
            p.tables.u8(is64 ? 0x05 : 0x01).u64(items.count).u64(items.count);
            ByteWriter offset = new ByteWriter(4).u8(is64 ? 0x42 : 0x41).u8(0).u8(0x0B);
            writeElem(items, index, index != 0, offset.toByteArray(), false);
            return;
        }
        ByteWriter type = new ByteWriter();
        limitsAndRefType(c, is64, type);
        ctx.table64.add(is64);
        if (c.atEnd()) {
            p.tables.bytes(type);
        } else {
            p.tables.u8(0x40).u8(0x00).bytes(type);
            p.constExpr(c, p.tables);
        }
    }

    /** tabletype (spec 6.4.13): {@code i64? limits reftype}, written as reftype then limits. */
    static void tableType(ModuleParser p, Cursor d, ByteWriter w) {
        boolean is64 = d.tryKeyword("i64");
        limitsAndRefType(p, d, is64, w);
        p.ctx.table64.add(is64);
    }

    private void limitsAndRefType(Cursor c, boolean is64, ByteWriter w) {
        limitsAndRefType(p, c, is64, w);
    }

    private static void limitsAndRefType(ModuleParser p, Cursor c, boolean is64, ByteWriter w) {
        long[] minMax = limits(c, is64);
        ValType t = p.ctx.typeParser.refType(c.next());
        TypeParser.writeValType(w, t);
        writeLimits(w, minMax, false, is64, -1);
    }

    private static byte[] refTypeBytes(ValType t) {
        ByteWriter w = new ByteWriter(8);
        TypeParser.writeValType(w, t);
        return w.toByteArray();
    }

    /**
     * {@code min max?}: read as u64 even for 32-bit memories and tables (the binary format of 3.0
     * encodes limits as u64; that a 32-bit one stays below 2^32 is checked by validation).
     */
    private static long[] limits(Cursor c, boolean is64) {
        long min = bound(c.next());
        long max = c.peekNat() ? bound(c.next()) : -1;
        return new long[] {min, max};
    }

    private static long bound(SExpr e) {
        if (!(e instanceof Token t && t.kind() == Token.Kind.NAT)) throw Cursor.unexpected(e);
        try {
            return NumberLiterals.unsigned(t.text(), 64);
        } catch (NumberLiterals.OutOfRange x) {
            throw Cursor.error(t, "i64 constant out of range");
        }
    }

    /** limits (spec 5.3.7 with threads, memory64 and custom-page-sizes flags). */
    private static void writeLimits(ByteWriter w, long[] minMax, boolean shared, boolean is64, int pageSizeLog2) {
        boolean hasMax = minMax[1] != -1;
        int flags = (hasMax ? 1 : 0) | (shared ? 2 : 0) | (is64 ? 4 : 0) | (pageSizeLog2 >= 0 ? 8 : 0);
        w.u8(flags).u64(minMax[0]);
        if (hasMax) w.u64(minMax[1]);
        if (pageSizeLog2 >= 0) w.u32(pageSizeLog2);
    }

    // ---- memories ----

    void memory(SList f) {
        Cursor c = new Cursor(f, 1);
        c.tryId();
        int index = p.nextMemory;
        p.inlineExports(c, 2, index);
        byte[][] imp = p.inlineImport(c);
        if (imp != null) {
            p.importEntry(imp[0], imp[1], "memory", c, null);
            c.expectEnd();
            return;
        }
        p.nextMemory++;
        p.memoryCount++;
        if (ModuleParser.hasInline(f, "data")) {
            // (memory i64? (pagesize n)? (data ...)): the size covers the data (spec 6.6.9)
            boolean is64 = c.tryKeyword("i64");
            int pageLog2 = c.peekList("pagesize") != null ? pageSize(c.nextList()) : -1;
            SList inlineData = c.tryList("data");
            if (inlineData == null) throw c.atEnd() ? c.missing() : Cursor.unexpected(c.peek());
            c.expectEnd();
            ctx.memory64.add(is64);
            byte[] bytes = strings(new Cursor(inlineData, 1));
            long pageBytes = 1L << (pageLog2 >= 0 ? pageLog2 : 16);
            long pages = (bytes.length + pageBytes - 1) / pageBytes;
            writeLimits(p.memories, new long[] {pages, pages}, false, is64, pageLog2);
            ByteWriter offset = new ByteWriter(4).u8(is64 ? 0x42 : 0x41).u8(0).u8(0x0B);
            p.datas.u8(index == 0 ? 0x00 : 0x02);
            if (index != 0) p.datas.u32(index);
            p.datas.bytes(offset).vec(bytes);
            p.dataCount++;
            return;
        }
        memoryType(p, c, p.memories);
        c.expectEnd();
    }

    /** memtype: {@code i64? min max? shared? (pagesize n)?}. */
    static void memoryType(ModuleParser p, Cursor c, ByteWriter w) {
        boolean is64 = c.tryKeyword("i64");
        long[] minMax = limits(c, is64);
        boolean shared = c.tryKeyword("shared");
        int pageLog2 = c.peekList("pagesize") != null ? pageSize(c.nextList()) : -1;
        writeLimits(w, minMax, shared, is64, pageLog2);
        p.ctx.memory64.add(is64);
    }

    /** {@code (pagesize n)}: n a power of two, encoded as its log2. */
    private static int pageSize(SList l) {
        Cursor c = new Cursor(l, 1);
        SExpr e = c.next();
        c.expectEnd();
        long n = bound(e);
        if (n == 0 || (n & (n - 1)) != 0) throw Cursor.error(e, "invalid custom page size");
        return Long.numberOfTrailingZeros(n);
    }

    // ---- globals and tags ----

    void global(SList f) {
        Cursor c = new Cursor(f, 1);
        c.tryId();
        int index = p.nextGlobal;
        p.inlineExports(c, 3, index);
        byte[][] imp = p.inlineImport(c);
        if (imp != null) {
            p.importEntry(imp[0], imp[1], "global", c, null);
            c.expectEnd();
            return;
        }
        p.nextGlobal++;
        p.globalCount++;
        globalType(ctx, c.next(), p.globals);
        p.constExpr(c, p.globals);
    }

    /** globaltype: {@code valtype} or {@code (mut valtype)}. */
    static void globalType(ModuleContext ctx, SExpr e, ByteWriter w) {
        boolean mutable = false;
        if (e instanceof SList l && l.isHead("mut")) {
            Cursor m = new Cursor(l, 1);
            e = m.next();
            m.expectEnd();
            mutable = true;
        }
        TypeParser.writeValType(w, ctx.typeParser.valType(e));
        w.u8(mutable ? 1 : 0);
    }

    void tag(SList f) {
        Cursor c = new Cursor(f, 1);
        c.tryId();
        int index = p.nextTag;
        p.inlineExports(c, 4, index);
        byte[][] imp = p.inlineImport(c);
        if (imp != null) {
            p.importEntry(imp[0], imp[1], "tag", c, null);
            c.expectEnd();
            return;
        }
        p.nextTag++;
        p.tagCount++;
        int type = ctx.typeUse(c, true).index();
        c.expectEnd();
        p.tags.u8(0x00).u32(type);
    }

    // ---- element segments (spec 6.6.11) ----

    /** The items of an element segment: function indices, or constant expressions of a reference type. */
    private record ElemList(ValType type, boolean functionIndices, int count, ByteWriter items) {
    }

    void elem(SList f) {
        Cursor c = new Cursor(f, 1);
        c.tryId();
        if (c.tryKeyword("declare")) {
            writeElem(elemList(c, false), -1, true, null, true);
            return;
        }
        Integer table = null;
        SList t = c.tryList("table");
        if (t != null) {
            Cursor tc = new Cursor(t, 1);
            table = ctx.tables.resolve(tc.next());
            tc.expectEnd();
        } else if (c.peekNat() || c.peek() instanceof Token tok && tok.kind() == Token.Kind.ID) {
            table = ctx.tables.resolve(c.next()); // legacy (elem tableidx offset ...)
        }
        byte[] offset = offset(c);
        if (offset == null) {
            if (table != null) throw c.atEnd() ? c.missing() : Cursor.unexpected(c.peek());
            writeElem(elemList(c, false), -1, false, null, false);
            return;
        }
        writeElem(elemList(c, true), table == null ? 0 : table, table != null && table != 0, offset, false);
    }

    /** An offset: {@code (offset instr*)} or one folded instruction; null if none is next. */
    private byte[] offset(Cursor c) {
        SList o = c.tryList("offset");
        ByteWriter w = new ByteWriter(8);
        if (o != null) {
            p.constExpr(new Cursor(o, 1), w);
            return w.toByteArray();
        }
        if (ModuleParser.isInstruction(c.peek())) {
            p.constExpr((SList) c.next(), w);
            return w.toByteArray();
        }
        return null;
    }

    /**
     * elemlist of an elem field (spec 6.6.11): {@code func x*}, {@code reftype item*}, or, after an
     * offset ({@code bareIndicesAllowed}), a bare list of function indices.
     */
    private ElemList elemList(Cursor c, boolean bareIndicesAllowed) {
        if (c.tryKeyword("func") || bareIndicesAllowed && (c.atEnd() || c.peekIndex())) {
            ByteWriter w = new ByteWriter();
            int n = 0;
            for (; c.peekIndex(); n++) w.u32(ctx.funcs.resolve(c.next()));
            c.expectEnd();
            return new ElemList(ValType.FUNCREF, true, n, w);
        }
        return expressions(c, ctx.typeParser.refType(c.next()));
    }

    /**
     * The items of a table's inline {@code (elem ...)}: function indices (as {@code ref.func}
     * expressions unless the table holds funcref) or expressions of the table's type.
     */
    private ElemList inlineElemList(Cursor c, ValType tableType) {
        if (!c.peekIndex()) return expressions(c, tableType);
        boolean funcref = tableType.equals(ValType.FUNCREF);
        ByteWriter w = new ByteWriter();
        int n = 0;
        for (; c.peekIndex(); n++) {
            int f = ctx.funcs.resolve(c.next());
            if (funcref) w.u32(f);
            else w.u8(0xD2).u32(f).u8(0x0B);
        }
        c.expectEnd();
        return new ElemList(tableType, funcref, n, w);
    }

    /** {@code (item instr*)} or a single folded instruction, each a constant expression. */
    private ElemList expressions(Cursor c, ValType type) {
        ByteWriter w = new ByteWriter();
        int n = 0;
        for (; !c.atEnd(); n++) {
            SList item = c.nextList();
            if (item.isHead("item")) p.constExpr(new Cursor(item, 1), w);
            else p.constExpr(item, w);
        }
        return new ElemList(type, false, n, w);
    }

    /** Writes one element segment with the flags of spec 5.5.12. {@code table} -1: passive or declarative. */
    private void writeElem(ElemList l, int table, boolean explicitTable, byte[] offset, boolean declarative) {
        ByteWriter w = p.elems;
        boolean active = offset != null;
        if (l.functionIndices) {
            if (active && !explicitTable) {
                w.u8(0x00).bytes(offset);
            } else if (active) {
                w.u8(0x02).u32(table).bytes(offset).u8(0x00);
            } else {
                w.u8(declarative ? 0x03 : 0x01).u8(0x00);
            }
        } else {
            if (active && !explicitTable && l.type.equals(ValType.FUNCREF)) {
                w.u8(0x04).bytes(offset);
            } else if (active) {
                w.u8(0x06).u32(table).bytes(offset);
                TypeParser.writeValType(w, l.type);
            } else {
                w.u8(declarative ? 0x07 : 0x05);
                TypeParser.writeValType(w, l.type);
            }
        }
        w.u32(l.count).bytes(l.items);
        p.elemCount++;
    }

    // ---- data segments (spec 6.6.12) ----

    void data(SList f) {
        Cursor c = new Cursor(f, 1);
        c.tryId();
        Integer memory = null;
        SList m = c.tryList("memory");
        if (m != null) {
            Cursor mc = new Cursor(m, 1);
            memory = ctx.memories.resolve(mc.next());
            mc.expectEnd();
        } else if (c.peekIndex()) {
            memory = ctx.memories.resolve(c.next()); // legacy (data memidx offset ...)
        }
        byte[] offset = offset(c);
        ByteWriter w = p.datas;
        if (offset == null) {
            if (memory != null) throw c.atEnd() ? c.missing() : Cursor.unexpected(c.peek());
            w.u8(0x01);
        } else if (memory == null || memory == 0) {
            w.u8(0x00).bytes(offset);
        } else {
            w.u8(0x02).u32(memory).bytes(offset);
        }
        w.vec(strings(c));
        p.dataCount++;
    }

    /** The concatenated bytes of the remaining string tokens. */
    private static byte[] strings(Cursor c) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (!c.atEnd()) b.writeBytes(c.nextString().bytes());
        return b.toByteArray();
    }
}
