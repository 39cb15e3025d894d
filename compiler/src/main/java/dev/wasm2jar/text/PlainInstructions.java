package dev.wasm2jar.text;

import dev.wasm2jar.error.UnsupportedFeatureException;
import dev.wasm2jar.model.Opcode;
import dev.wasm2jar.model.ValType;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One plain instruction (spec 6.5.2-6.5.8): its mnemonic looked up in {@link Opcode} and its
 * immediates read in the shape {@link Opcode#imm} gives, resolving indices, then encoded
 * (spec 5.4). Block instructions are {@link InstrParser}'s.
 */
final class PlainInstructions {
    private final ModuleContext ctx;
    private final IndexSpace locals;
    private final InstrParser blocks;
    private ByteWriter out;

    /** Instructions of the custom-descriptors proposal, which this compiler does not support. */
    private static final Set<String> DESCRIPTOR_OPS = Set.of("struct.new_desc", "struct.new_default_desc",
            "ref.get_desc", "ref.cast_desc_eq", "br_on_cast_desc_eq", "br_on_cast_desc_eq_fail");

    PlainInstructions(ModuleContext ctx, IndexSpace locals, InstrParser blocks) {
        this.ctx = ctx;
        this.locals = locals;
        this.blocks = blocks;
    }

    /** Encodes the instruction named by {@code kw} with its immediates from the cursor into {@code out}; returns its opcode. */
    Opcode encode(Token kw, Cursor c, ByteWriter out) {
        this.out = out;
        String m = kw.text();
        Opcode op = Opcode.byMnemonic(m);
        if (op == null || m.equals("select_t") || m.equals("ref.test_null") || m.equals("ref.cast_null")) {
            if (DESCRIPTOR_OPS.contains(m)) {
                throw new UnsupportedFeatureException("custom-descriptors", m + " at " + kw.line() + ":" + kw.column(), -1);
            }
            throw Cursor.isKnownKeyword(m) ? Cursor.unexpected(kw) : Cursor.error(kw, "unknown operator " + m);
        }
        // structured instructions and their parts are InstrParser's; here they are out of place
        if (op.imm == Opcode.Imm.BLOCK || op.imm == Opcode.Imm.TRY_TABLE || op == Opcode.ELSE || op == Opcode.END
                || op == Opcode.CATCH || op == Opcode.CATCH_ALL || op == Opcode.DELEGATE) {
            throw Cursor.unexpected(kw);
        }
        if (op == Opcode.SELECT) {
            select(c);
            return op;
        }
        if (op == Opcode.REF_TEST || op == Opcode.REF_CAST) {
            ValType t = ctx.typeParser.refType(c.next());
            Opcode o = t.nullable ? (op == Opcode.REF_TEST ? Opcode.REF_TEST_NULL : Opcode.REF_CAST_NULL) : op;
            writeOp(o);
            out.s64(t.heapType);
            return o;
        }
        writeOp(op);
        switch (op.imm) {
            case NONE -> {
            }
            case LABEL -> out.u32(blocks.label(c.next()));
            case BR_TABLE -> {
                List<Integer> ls = new ArrayList<>();
                ls.add(blocks.label(c.next()));
                while (c.peekIndex()) ls.add(blocks.label(c.next()));
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
                int l = blocks.label(c.next());
                ValType t1 = ctx.typeParser.refType(c.next());
                ValType t2 = ctx.typeParser.refType(c.next());
                out.u8((t1.nullable ? 1 : 0) | (t2.nullable ? 2 : 0)).u32(l);
                out.s64(t1.heapType).s64(t2.heapType);
            }
            case ATOMIC_FENCE -> out.u8(0);
            default -> throw new IllegalStateException("no text syntax for immediates " + op.imm);
        }
        return op;
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

    static Token natToken(SExpr e) {
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

    private void writeOp(Opcode op) {
        InstrParser.writeOp(out, op);
    }
}
