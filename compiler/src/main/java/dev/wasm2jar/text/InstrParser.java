package dev.wasm2jar.text;

import dev.wasm2jar.error.UnsupportedFeatureException;
import dev.wasm2jar.model.Opcode;
import dev.wasm2jar.model.ValType;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Instructions (spec 6.5) in plain and folded form, encoded as they are read (spec 5.4). Labels
 * are resolved against the enclosing blocks, locals against the function's local space; the
 * module-level index spaces come from the {@link ModuleContext}.
 */
final class InstrParser {
    private final ModuleContext ctx;
    private final IndexSpace locals;
    private final List<String> labels = new ArrayList<>();
    private ByteWriter out;

    /** Keywords that end an instruction sequence in plain form. */
    private static final Set<String> TERMINATORS = Set.of("end", "else", "catch", "catch_all", "delegate");

    /** Instructions of the custom-descriptors proposal, which this compiler does not support. */
    private static final Set<String> DESCRIPTOR_OPS = Set.of("struct.new_desc", "struct.new_default_desc",
            "ref.get_desc", "ref.cast_desc_eq", "br_on_cast_desc_eq", "br_on_cast_desc_eq_fail");

    InstrParser(ModuleContext ctx, IndexSpace locals, ByteWriter out) {
        this.ctx = ctx;
        this.locals = locals;
        this.out = out;
    }

    /** A function body or constant expression: all remaining items, then {@code end}. */
    void expression(Cursor c) {
        labels.add(null); // the function body is the outermost block (spec 3.4.10)
        sequence(c);
        c.expectEnd();
        labels.remove(labels.size() - 1);
        out.u8(0x0B);
    }

    /** Instructions until the end of the list or a plain-form terminator keyword. */
    private void sequence(Cursor c) {
        while (!c.atEnd()) {
            SExpr e = c.peek();
            if (e instanceof SList l) {
                c.skip();
                folded(l);
                continue;
            }
            Token t = (Token) e;
            if (t.kind() != Token.Kind.KEYWORD) throw Cursor.unexpected(t);
            if (TERMINATORS.contains(t.text())) return;
            c.skip();
            plain(t, c);
        }
    }

    // ---- plain form ----

    private void plain(Token kw, Cursor c) {
        switch (kw.text()) {
            case "block" -> plainBlock(Opcode.BLOCK, c);
            case "loop" -> plainBlock(Opcode.LOOP, c);
            case "if" -> plainIf(c);
            case "try" -> plainTry(c);
            case "try_table" -> plainBlock(Opcode.TRY_TABLE, c);
            default -> instruction(kw, c);
        }
    }

    private void plainBlock(Opcode op, Cursor c) {
        String label = c.tryId();
        blockHeader(op, c, label);
        sequence(c);
        end(c, label);
    }

    private void plainIf(Cursor c) {
        String label = c.tryId();
        blockHeader(Opcode.IF, c, label);
        sequence(c);
        if (c.tryKeyword("else")) {
            labelEcho(c, label);
            out.u8(0x05);
            sequence(c);
        }
        end(c, label);
    }

    /** Legacy exception handling: {@code try bt instr* (catch x instr*)* (catch_all instr*)? end | delegate l}. */
    private void plainTry(Cursor c) {
        String label = c.tryId();
        blockHeader(Opcode.TRY, c, label);
        sequence(c);
        boolean handlers = false;
        while (c.peekKeyword("catch")) {
            c.skip();
            handlers = true;
            out.u8(0x07).u32(ctx.tags.resolve(c.next()));
            sequence(c);
        }
        if (c.tryKeyword("catch_all")) {
            labelEcho(c, label);
            out.u8(0x19);
            sequence(c);
            handlers = true;
        }
        if (!handlers && c.tryKeyword("delegate")) {
            labels.remove(labels.size() - 1);
            out.u8(0x18).u32(label(c.next()));
            return;
        }
        end(c, label);
    }

    /** {@code end $id?}: the id must repeat the block's label. */
    private void end(Cursor c, String label) {
        SExpr e = c.peek();
        if (!(e instanceof Token t && t.isKeyword("end"))) throw e == null ? c.missing() : Cursor.unexpected(e);
        c.skip();
        labelEcho(c, label);
        labels.remove(labels.size() - 1);
        out.u8(0x0B);
    }

    private void labelEcho(Cursor c, String label) {
        SExpr e = c.peek();
        String id = c.tryId();
        if (id != null && !id.equals(label)) throw Cursor.error(e, "mismatching label");
    }

    /** The opcode, block type and (try_table) catch clauses of a block; then enters its label. */
    private void blockHeader(Opcode op, Cursor c, String label) {
        writeOp(op);
        blockType(c);
        if (op == Opcode.TRY_TABLE) catchClauses(c);
        labels.add(label);
    }

    /** blocktype (spec 6.5.2): empty, one result type, or a type use. */
    private void blockType(Cursor c) {
        SExpr at = c.peek() != null ? c.peek() : c.list;
        Integer explicit = null;
        SList t = c.tryList("type");
        if (t != null) {
            Cursor tc = new Cursor(t, 1);
            explicit = ctx.types.resolve(tc.next());
            tc.expectEnd();
        }
        FuncSig sig = ctx.typeParser.signature(c, false);
        if (explicit == null && sig.params().isEmpty() && sig.results().size() <= 1) {
            if (sig.results().isEmpty()) out.u8(0x40);
            else TypeParser.writeValType(out, sig.results().get(0));
        } else {
            out.s64(ctx.typeUse(explicit, sig, at));
        }
    }

    /** try_table's handlers; their labels are outside the try_table block. */
    private void catchClauses(Cursor c) {
        List<SList> clauses = new ArrayList<>();
        while (c.peek() instanceof SList l && (l.isHead("catch") || l.isHead("catch_ref") || l.isHead("catch_all") || l.isHead("catch_all_ref"))) {
            clauses.add(l);
            c.skip();
        }
        out.u32(clauses.size());
        for (SList l : clauses) {
            Cursor k = new Cursor(l, 1);
            switch (l.head()) {
                case "catch" -> out.u8(0).u32(ctx.tags.resolve(k.next())).u32(label(k.next()));
                case "catch_ref" -> out.u8(1).u32(ctx.tags.resolve(k.next())).u32(label(k.next()));
                case "catch_all" -> out.u8(2).u32(label(k.next()));
                default -> out.u8(3).u32(label(k.next()));
            }
            k.expectEnd();
        }
    }

    // ---- folded form (spec 6.5.9) ----

    private void folded(SList l) {
        SExpr first = l.items().isEmpty() ? null : l.get(0);
        if (!(first instanceof Token kw) || kw.kind() != Token.Kind.KEYWORD) throw Cursor.unexpected(first != null ? first : l);
        Cursor c = new Cursor(l, 1);
        switch (kw.text()) {
            case "block", "loop", "try_table" -> {
                Opcode op = kw.text().equals("block") ? Opcode.BLOCK : kw.text().equals("loop") ? Opcode.LOOP : Opcode.TRY_TABLE;
                String label = c.tryId();
                blockHeader(op, c, label);
                sequence(c);
                c.expectEnd();
                labels.remove(labels.size() - 1);
                out.u8(0x0B);
            }
            case "if" -> foldedIf(c);
            case "try" -> foldedTry(c);
            default -> {
                if (TERMINATORS.contains(kw.text())) throw Cursor.unexpected(kw);
                // The instruction follows its operands: encode it aside, then the operands.
                ByteWriter main = out;
                ByteWriter instr = new ByteWriter(16);
                out = instr;
                instruction(kw, c);
                out = main;
                while (!c.atEnd()) {
                    SExpr e = c.next();
                    if (!(e instanceof SList operand)) throw Cursor.unexpected(e);
                    folded(operand);
                }
                out.bytes(instr);
            }
        }
    }

    /** {@code (if label bt condition* (then instr*) (else instr*)?)}. */
    private void foldedIf(Cursor c) {
        String label = c.tryId();
        ByteWriter main = out;
        ByteWriter header = new ByteWriter(8);
        out = header;
        writeOp(Opcode.IF);
        blockType(c);
        out = main;
        while (c.peek() instanceof SList l && !l.isHead("then")) {
            c.skip();
            folded(l);
        }
        SList then = c.tryList("then");
        if (then == null) throw c.atEnd() ? c.missing() : Cursor.unexpected(c.peek());
        out.bytes(header);
        labels.add(label);
        Cursor tc = new Cursor(then, 1);
        sequence(tc);
        tc.expectEnd();
        SList els = c.tryList("else");
        if (els != null) {
            Cursor ec = new Cursor(els, 1);
            if (!ec.atEnd()) {
                out.u8(0x05);
                sequence(ec);
                ec.expectEnd();
            }
        }
        c.expectEnd();
        labels.remove(labels.size() - 1);
        out.u8(0x0B);
    }

    /** {@code (try label bt (do instr*) (catch x instr*)* (catch_all instr*)?)} or with {@code (delegate l)}. */
    private void foldedTry(Cursor c) {
        String label = c.tryId();
        blockHeader(Opcode.TRY, c, label);
        SList body = c.tryList("do");
        if (body == null) throw c.atEnd() ? c.missing() : Cursor.unexpected(c.peek());
        Cursor bc = new Cursor(body, 1);
        sequence(bc);
        bc.expectEnd();
        SList h;
        boolean handlers = false;
        while ((h = c.tryList("catch")) != null) {
            handlers = true;
            Cursor hc = new Cursor(h, 1);
            out.u8(0x07).u32(ctx.tags.resolve(hc.next()));
            sequence(hc);
            hc.expectEnd();
        }
        if ((h = c.tryList("catch_all")) != null) {
            handlers = true;
            Cursor hc = new Cursor(h, 1);
            out.u8(0x19);
            sequence(hc);
            hc.expectEnd();
        }
        if (!handlers && (h = c.tryList("delegate")) != null) {
            Cursor dc = new Cursor(h, 1);
            labels.remove(labels.size() - 1);
            out.u8(0x18).u32(label(dc.next()));
            dc.expectEnd();
            c.expectEnd();
            return;
        }
        c.expectEnd();
        labels.remove(labels.size() - 1);
        out.u8(0x0B);
    }

    // ---- one instruction with its immediates ----

    private void instruction(Token kw, Cursor c) {
        String m = kw.text();
        Opcode op = Opcode.byMnemonic(m);
        if (op == null || m.equals("select_t") || m.equals("ref.test_null") || m.equals("ref.cast_null")) {
            if (DESCRIPTOR_OPS.contains(m)) {
                throw new UnsupportedFeatureException("custom-descriptors", m + " at " + kw.line() + ":" + kw.column(), -1);
            }
            throw Cursor.isKnownKeyword(m) ? Cursor.unexpected(kw) : Cursor.error(kw, "unknown operator " + m);
        }
        switch (op.imm) {
            case BLOCK, TRY_TABLE -> throw Cursor.unexpected(kw);
            default -> {
            }
        }
        if (op == Opcode.ELSE || op == Opcode.END || op == Opcode.CATCH || op == Opcode.CATCH_ALL || op == Opcode.DELEGATE) {
            throw Cursor.unexpected(kw);
        }
        if (op == Opcode.SELECT) {
            select(c);
            return;
        }
        if (op == Opcode.REF_TEST || op == Opcode.REF_CAST) {
            ValType t = ctx.typeParser.refType(c.next());
            Opcode o = t.nullable ? (op == Opcode.REF_TEST ? Opcode.REF_TEST_NULL : Opcode.REF_CAST_NULL) : op;
            writeOp(o);
            out.s64(t.heapType);
            return;
        }
        writeOp(op);
        switch (op.imm) {
            case NONE -> {
            }
            case LABEL -> out.u32(label(c.next()));
            case BR_TABLE -> {
                List<Integer> ls = new ArrayList<>();
                ls.add(label(c.next()));
                while (c.peekIndex()) ls.add(label(c.next()));
                out.u32(ls.size() - 1);
                for (int x : ls) out.u32(x);
            }
            case FUNC -> out.u32(ctx.funcs.resolve(c.next()));
            case CALL_INDIRECT -> {
                int table = c.peekIndex() ? ctx.tables.resolve(c.next()) : 0;
                int type = ctx.typeUse(c, false).index();
                out.u32(type).u32(table);
            }
            case TYPE -> out.u32(ctx.types.resolve(c.next()));
            case LOCAL -> out.u32(locals.resolve(c.next()));
            case GLOBAL -> out.u32(ctx.globals.resolve(c.next()));
            case TABLE -> out.u32(c.peekIndex() ? ctx.tables.resolve(c.next()) : 0);
            case MEMORY -> out.u32(c.peekIndex() ? ctx.memories.resolve(c.next()) : 0);
            case TAG -> out.u32(ctx.tags.resolve(c.next()));
            case MEMARG -> memarg(op, c, c.peekIndex() ? ctx.memories.resolve(c.next()) : 0);
            case MEMARG_LANE -> {
                // A memory index comes first only if a lane index still follows it.
                boolean hasMemory = c.peek() instanceof Token t && t.kind() == Token.Kind.ID
                        || c.peekNat() && (c.peek(1) instanceof Token t2 && (t2.kind() == Token.Kind.NAT
                        || t2.kind() == Token.Kind.KEYWORD && (t2.text().startsWith("offset=") || t2.text().startsWith("align="))));
                memarg(op, c, hasMemory ? ctx.memories.resolve(c.next()) : 0);
                out.u8(laneIndex(c.next()));
            }
            case I32 -> out.s64(Literals.i32(c.next()));
            case I64 -> out.s64(Literals.i64(c.next()));
            case F32 -> out.f32(Literals.f32(c.next()));
            case F64 -> out.f64(Literals.f64(c.next()));
            case V128 -> out.bytes(Literals.v128(c));
            case SHUFFLE -> {
                int n = 0;
                while (Literals.isFloatToken(c.peek(n))) n++;
                if (n != 16) throw Cursor.error(n < 16 ? kw : c.peek(16), "invalid lane length");
                for (int i = 0; i < 16; i++) {
                    SExpr e = c.next();
                    if (!(e instanceof Token t && t.kind() == Token.Kind.NAT)) throw Cursor.error(e, "i8 constant out of range");
                    out.u8(laneIndex(e));
                }
            }
            case LANE -> out.u8(laneIndex(c.next()));
            case HEAP_TYPE -> out.s64(ctx.typeParser.heapType(c.next()));
            case MEMORY_INIT -> {
                SExpr first = c.next();
                if (c.peekIndex()) {
                    int mem = ctx.memories.resolve(first);
                    out.u32(ctx.datas.resolve(c.next())).u32(mem);
                } else {
                    out.u32(ctx.datas.resolve(first)).u32(0);
                }
                ctx.usesDataCount = true;
            }
            case DATA -> {
                out.u32(ctx.datas.resolve(c.next()));
                ctx.usesDataCount = true;
            }
            case MEMORY_COPY -> {
                if (c.peekIndex()) {
                    int dst = ctx.memories.resolve(c.next());
                    out.u32(dst).u32(ctx.memories.resolve(c.next()));
                } else {
                    out.u32(0).u32(0);
                }
            }
            case TABLE_INIT -> {
                SExpr first = c.next();
                if (c.peekIndex()) {
                    int table = ctx.tables.resolve(first);
                    out.u32(ctx.elems.resolve(c.next())).u32(table);
                } else {
                    out.u32(ctx.elems.resolve(first)).u32(0);
                }
            }
            case ELEM -> out.u32(ctx.elems.resolve(c.next()));
            case TABLE_COPY -> {
                if (c.peekIndex()) {
                    int dst = ctx.tables.resolve(c.next());
                    out.u32(dst).u32(ctx.tables.resolve(c.next()));
                } else {
                    out.u32(0).u32(0);
                }
            }
            case TYPE_FIELD -> {
                int type = ctx.types.resolve(c.next());
                out.u32(type).u32(field(type, c.next()));
            }
            case TYPE_COUNT -> {
                out.u32(ctx.types.resolve(c.next()));
                out.u32(IndexSpace.u32(natToken(c.next())));
            }
            case TYPE_DATA -> {
                out.u32(ctx.types.resolve(c.next())).u32(ctx.datas.resolve(c.next()));
                ctx.usesDataCount = true;
            }
            case TYPE_ELEM -> out.u32(ctx.types.resolve(c.next())).u32(ctx.elems.resolve(c.next()));
            case TYPE_TYPE -> out.u32(ctx.types.resolve(c.next())).u32(ctx.types.resolve(c.next()));
            case BR_ON_CAST -> {
                int l = label(c.next());
                ValType t1 = ctx.typeParser.refType(c.next());
                ValType t2 = ctx.typeParser.refType(c.next());
                out.u8((t1.nullable ? 1 : 0) | (t2.nullable ? 2 : 0)).u32(l);
                out.s64(t1.heapType).s64(t2.heapType);
            }
            case ATOMIC_FENCE -> out.u8(0);
            default -> throw new IllegalStateException("no text syntax for immediates " + op.imm);
        }
    }

    /** {@code select} (one byte) or {@code select (result t*)*} (spec 6.5.4). */
    private void select(Cursor c) {
        List<ValType> types = new ArrayList<>();
        boolean typed = false;
        SList r;
        while ((r = c.tryList("result")) != null) {
            typed = true;
            Cursor rc = new Cursor(r, 1);
            while (!rc.atEnd()) types.add(ctx.typeParser.valType(rc.next()));
        }
        if (!typed) {
            writeOp(Opcode.SELECT);
            return;
        }
        writeOp(Opcode.SELECT_T);
        TypeParser.writeValTypes(out, types);
    }

    /** memarg (spec 6.5.7): {@code offset=}? {@code align=}?, alignment a power of two, encoded as log2. */
    private void memarg(Opcode op, Cursor c, int memory) {
        long offset = 0;
        int align = Immediates.naturalAlignLog2(op);
        if (c.peek() instanceof Token t && t.kind() == Token.Kind.KEYWORD && t.text().startsWith("offset=")) {
            c.skip();
            offset = memargValue(t, t.text().substring(7), 64);
        }
        if (c.peek() instanceof Token t && t.kind() == Token.Kind.KEYWORD && t.text().startsWith("align=")) {
            c.skip();
            long a = memargValue(t, t.text().substring(6), 64);
            if (a == 0 || (a & (a - 1)) != 0) throw Cursor.error(t, "alignment must be a power of two");
            align = Long.numberOfTrailingZeros(a);
        }
        out.u32(memory != 0 ? align | 0x40 : align);
        if (memory != 0) out.u32(memory);
        out.u64(offset);
    }

    private static long memargValue(Token t, String digits, int bits) {
        if (NumberLiterals.classify(digits) != Token.Kind.NAT) throw Cursor.error(t, "unknown operator " + t.text());
        try {
            return NumberLiterals.unsigned(digits, bits);
        } catch (NumberLiterals.OutOfRange x) {
            throw Cursor.error(t, (bits == 64 ? "i64" : "i32") + " constant out of range");
        }
    }

    /** A lane index: a u8. */
    private static int laneIndex(SExpr e) {
        Token t = natToken(e);
        try {
            return (int) NumberLiterals.unsigned(t.text(), 8);
        } catch (NumberLiterals.OutOfRange x) {
            throw Cursor.error(t, "i8 constant out of range");
        }
    }

    private static Token natToken(SExpr e) {
        if (e instanceof Token t && t.kind() == Token.Kind.NAT) return t;
        throw Cursor.unexpected(e);
    }

    /** A field of struct type {@code type}: an index or an identifier of that type's fields. */
    private int field(int type, SExpr e) {
        if (e instanceof Token t && t.kind() == Token.Kind.ID) {
            TypeInfo info = ctx.typeInfo(type);
            Integer i = info == null ? null : info.fieldIds().get(t.text());
            if (i == null) throw Cursor.error(t, "unknown field $" + t.text());
            return i;
        }
        return IndexSpace.u32(natToken(e));
    }

    /** A label: {@code $id} of an enclosing block (relative depth) or a depth as is. */
    private int label(SExpr e) {
        if (e instanceof Token t && t.kind() == Token.Kind.ID) {
            for (int i = labels.size() - 1; i >= 0; i--) {
                if (t.text().equals(labels.get(i))) return labels.size() - 1 - i;
            }
            throw Cursor.error(t, "unknown label $" + t.text());
        }
        return IndexSpace.u32(natToken(e));
    }

    private void writeOp(Opcode op) {
        if (op.prefix == 0) out.u8(op.code);
        else out.u8(op.prefix).u32(op.code);
    }
}
