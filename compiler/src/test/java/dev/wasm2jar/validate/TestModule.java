package dev.wasm2jar.validate;

import dev.wasm2jar.model.ConstExpr;
import dev.wasm2jar.model.DataSegment;
import dev.wasm2jar.model.ElementSegment;
import dev.wasm2jar.model.Export;
import dev.wasm2jar.model.ExternKind;
import dev.wasm2jar.model.FuncImportType;
import dev.wasm2jar.model.FuncType;
import dev.wasm2jar.model.FunctionBody;
import dev.wasm2jar.model.Global;
import dev.wasm2jar.model.GlobalType;
import dev.wasm2jar.model.Import;
import dev.wasm2jar.model.Limits;
import dev.wasm2jar.model.MemoryType;
import dev.wasm2jar.model.Module;
import dev.wasm2jar.model.Opcode;
import dev.wasm2jar.model.SegmentMode;
import dev.wasm2jar.model.Table;
import dev.wasm2jar.model.TableType;
import dev.wasm2jar.model.TypeDef;
import dev.wasm2jar.model.ValType;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * A test-only builder of decoded modules, with a tiny assembler for instruction bytes:
 * {@link #code} takes opcodes, {@code Integer}s (written as u32 LEB128 immediates), {@link S}
 * (signed LEB128), {@link B} (raw bytes) and value types (their one-byte encoding).
 */
final class TestModule {
    final Module m = new Module();

    /** A signed LEB128 immediate (i32.const, i64.const, block type index as s33). */
    record S(long value) {
    }

    /** Raw bytes, e.g. the empty block type 0x40. */
    record B(int... bytes) {
    }

    static final B EMPTY = new B(0x40);

    static S s(long v) {
        return new S(v);
    }

    static byte[] code(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof Opcode op) {
                if (op.prefix != 0) {
                    out.write(op.prefix);
                    u32(out, op.code);
                } else {
                    out.write(op.code);
                }
            } else if (p instanceof Integer i) {
                u32(out, i);
            } else if (p instanceof S s) {
                sleb(out, s.value());
            } else if (p instanceof B b) {
                for (int x : b.bytes()) out.write(x);
            } else if (p instanceof ValType t) {
                out.write(encode(t));
            } else {
                throw new IllegalArgumentException(String.valueOf(p));
            }
        }
        return out.toByteArray();
    }

    static int encode(ValType t) {
        if (t.equals(ValType.I32)) return 0x7F;
        if (t.equals(ValType.I64)) return 0x7E;
        if (t.equals(ValType.F32)) return 0x7D;
        if (t.equals(ValType.F64)) return 0x7C;
        if (t.equals(ValType.V128)) return 0x7B;
        if (t.equals(ValType.FUNCREF)) return 0x70;
        if (t.equals(ValType.EXTERNREF)) return 0x6F;
        throw new IllegalArgumentException(t.toString());
    }

    private static void u32(ByteArrayOutputStream out, long v) {
        v &= 0xFFFF_FFFFL;
        do {
            int b = (int) (v & 0x7F);
            v >>>= 7;
            out.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
    }

    private static void sleb(ByteArrayOutputStream out, long v) {
        while (true) {
            int b = (int) (v & 0x7F);
            v >>= 7;
            boolean done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
            out.write(done ? b : b | 0x80);
            if (done) return;
        }
    }

    static ConstExpr expr(Object... parts) {
        return new ConstExpr(code(parts), 0, code(parts).length);
    }

    static ValType[] types(ValType... ts) {
        return ts;
    }

    int type(ValType[] params, ValType[] results) {
        m.types.add(TypeDef.plain(FuncType.of(params, results), m.types.size()));
        return m.types.size() - 1;
    }

    /** Adds a function of a new type with the given declared locals and body; returns its index. */
    int func(ValType[] params, ValType[] results, ValType[] locals, Object... body) {
        int t = type(params, results);
        return funcOfType(t, locals, body);
    }

    int func(ValType[] params, ValType[] results, Object... body) {
        return func(params, results, new ValType[0], body);
    }

    int funcOfType(int typeIndex, ValType[] locals, Object... body) {
        long[] counts = new long[locals.length];
        java.util.Arrays.fill(counts, 1);
        byte[] bytes = code(body);
        m.functions.add(typeIndex);
        m.codes.add(new FunctionBody(locals, counts, bytes, 0, bytes.length));
        return m.functionCount() - 1;
    }

    int importFunc(ValType[] params, ValType[] results) {
        int t = type(params, results);
        m.addImport(new Import("env", "f" + m.imports.size(), new FuncImportType(t), 0));
        return m.importedFunctionCount() - 1;
    }

    int importGlobal(ValType t, boolean mutable) {
        m.addImport(new Import("env", "g" + m.imports.size(), new GlobalType(t, mutable), 0));
        return m.importedGlobalCount() - 1;
    }

    int global(ValType t, boolean mutable, Object... init) {
        m.globals.add(new Global(new GlobalType(t, mutable), expr(init)));
        return m.globalCount() - 1;
    }

    TestModule memory(long min, long max) {
        m.memories.add(new MemoryType(Limits.of(min, max)));
        return this;
    }

    TestModule table(ValType elem, long min, long max) {
        m.tables.add(new Table(new TableType(elem, Limits.of(min, max)), null));
        return this;
    }

    TestModule export(String name, ExternKind kind, int index) {
        m.exports.add(new Export(name, kind, index, 0));
        return this;
    }

    TestModule passiveData() {
        m.data.add(new DataSegment(SegmentMode.PASSIVE, 0, null, new byte[1], 0));
        return this;
    }

    TestModule activeData(int memory, ConstExpr offset) {
        m.data.add(new DataSegment(SegmentMode.ACTIVE, memory, offset, new byte[1], 0));
        return this;
    }

    TestModule elem(SegmentMode mode, ValType type, int table, ConstExpr offset, int... funcs) {
        m.elements.add(new ElementSegment(mode, type, table, offset, funcs, null, 0));
        return this;
    }

    TestModule elemExprs(SegmentMode mode, ValType type, int table, ConstExpr offset, ConstExpr... exprs) {
        m.elements.add(new ElementSegment(mode, type, table, offset, null, List.of(exprs), 0));
        return this;
    }
}
