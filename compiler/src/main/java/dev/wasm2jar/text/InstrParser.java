package dev.wasm2jar.text;

import dev.wasm2jar.model.Opcode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Instruction sequences (spec 6.5) in plain and folded form, encoded as they are read (spec 5.4):
 * blocks with their labels and block types, {@code if}/{@code try} structure, and the unfolding of
 * folded instructions. Single instructions with their immediates are {@link PlainInstructions}'.
 */
final class InstrParser {
    private final ModuleContext ctx;
    private final List<String> labels = new ArrayList<>();
    private final PlainInstructions plain;
    private final int function;
    private ByteWriter out;
    /** A branch hint annotation before the instruction being read, or null. */
    private Annotation pendingHint;

    /** Keywords that end an instruction sequence in plain form. */
    private static final Set<String> TERMINATORS = Set.of("end", "else", "catch", "catch_all", "delegate");

    /** {@code function}: index of the function whose body {@code out} holds from its locals on, or -1 for constant expressions. */
    InstrParser(ModuleContext ctx, IndexSpace locals, ByteWriter out, int function) {
        this.ctx = ctx;
        this.out = out;
        this.function = function;
        this.plain = new PlainInstructions(ctx, locals, this);
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
            pendingHint = ctx.branchHints.at(c.list, c.position());
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
        Annotation hint = takeHint();
        switch (kw.text()) {
            case "block" -> plainBlock(Opcode.BLOCK, c, hint);
            case "loop" -> plainBlock(Opcode.LOOP, c, hint);
            case "if" -> plainIf(c, hint);
            case "try" -> plainTry(c, hint);
            case "try_table" -> plainBlock(Opcode.TRY_TABLE, c, hint);
            default -> {
                int at = out.size();
                hinted(hint, plain.encode(kw, c, out), at);
            }
        }
    }

    private Annotation takeHint() {
        Annotation h = pendingHint;
        pendingHint = null;
        return h;
    }

    /** Records a branch hint for the instruction {@code op} written at {@code offset} of the body. */
    private void hinted(Annotation hint, Opcode op, int offset) {
        if (hint != null) ctx.branchHints.record(hint, function, offset, op == Opcode.IF || op == Opcode.BR_IF);
    }

    private void plainBlock(Opcode op, Cursor c, Annotation hint) {
        hinted(hint, op, out.size());
        String label = c.tryId();
        blockHeader(op, c, label);
        sequence(c);
        end(c, label);
    }

    private void plainIf(Cursor c, Annotation hint) {
        hinted(hint, Opcode.IF, out.size());
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
    private void plainTry(Cursor c, Annotation hint) {
        hinted(hint, Opcode.TRY, out.size());
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
        Annotation hint = takeHint();
        switch (kw.text()) {
            case "block", "loop", "try_table" -> {
                Opcode op = kw.text().equals("block") ? Opcode.BLOCK : kw.text().equals("loop") ? Opcode.LOOP : Opcode.TRY_TABLE;
                hinted(hint, op, out.size());
                String label = c.tryId();
                blockHeader(op, c, label);
                sequence(c);
                c.expectEnd();
                labels.remove(labels.size() - 1);
                out.u8(0x0B);
            }
            case "if" -> foldedIf(c, hint);
            case "try" -> {
                hinted(hint, Opcode.TRY, out.size());
                foldedTry(c);
            }
            default -> {
                if (TERMINATORS.contains(kw.text())) throw Cursor.unexpected(kw);
                // The instruction follows its operands: encode it aside, then the operands.
                ByteWriter main = out;
                ByteWriter instr = new ByteWriter(16);
                out = instr;
                Opcode op = plain.encode(kw, c, out);
                out = main;
                while (!c.atEnd()) {
                    SExpr e = c.next();
                    if (!(e instanceof SList operand)) throw Cursor.unexpected(e);
                    folded(operand);
                }
                hinted(hint, op, out.size());
                out.bytes(instr);
            }
        }
    }

    /** {@code (if label bt condition* (then instr*) (else instr*)?)}. */
    private void foldedIf(Cursor c, Annotation hint) {
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
        hinted(hint, Opcode.IF, out.size());
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

    /** A label: {@code $id} of an enclosing block (relative depth) or a depth as is. */
    int label(SExpr e) {
        if (e instanceof Token t && t.kind() == Token.Kind.ID) {
            for (int i = labels.size() - 1; i >= 0; i--) {
                if (t.text().equals(labels.get(i))) return labels.size() - 1 - i;
            }
            throw Cursor.error(t, "unknown label $" + t.text());
        }
        return IndexSpace.u32(PlainInstructions.natToken(e));
    }

    private void writeOp(Opcode op) {
        writeOp(out, op);
    }

    static void writeOp(ByteWriter w, Opcode op) {
        if (op.prefix == 0) w.u8(op.code);
        else w.u8(op.prefix).u32(op.code);
    }
}
