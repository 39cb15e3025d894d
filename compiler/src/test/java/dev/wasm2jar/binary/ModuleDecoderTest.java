package dev.wasm2jar.binary;

import dev.wasm2jar.error.MalformedException;
import dev.wasm2jar.model.ArrayType;
import dev.wasm2jar.model.ConstExpr;
import dev.wasm2jar.model.CustomSection;
import dev.wasm2jar.model.DataSegment;
import dev.wasm2jar.model.ElementSegment;
import dev.wasm2jar.model.ExternKind;
import dev.wasm2jar.model.FieldType;
import dev.wasm2jar.model.FuncImportType;
import dev.wasm2jar.model.FuncType;
import dev.wasm2jar.model.FunctionBody;
import dev.wasm2jar.model.GlobalType;
import dev.wasm2jar.model.Instruction;
import dev.wasm2jar.model.Limits;
import dev.wasm2jar.model.MemoryType;
import dev.wasm2jar.model.Module;
import dev.wasm2jar.model.Opcode;
import dev.wasm2jar.model.SegmentMode;
import dev.wasm2jar.model.StructType;
import dev.wasm2jar.model.TableType;
import dev.wasm2jar.model.TagType;
import dev.wasm2jar.model.TypeDef;
import dev.wasm2jar.model.ValType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.wasm2jar.binary.Bin.b;
import static dev.wasm2jar.binary.Bin.body;
import static dev.wasm2jar.binary.Bin.cat;
import static dev.wasm2jar.binary.Bin.module;
import static dev.wasm2jar.binary.Bin.name;
import static dev.wasm2jar.binary.Bin.oneFunction;
import static dev.wasm2jar.binary.Bin.section;
import static dev.wasm2jar.binary.Bin.u32;
import static dev.wasm2jar.binary.Bin.vec;
import static dev.wasm2jar.binary.Bin.voidType;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each section of chapter 5.5 decoded into the model, and each malformed case. */
class ModuleDecoderTest {
    private static final byte[] I32_CONST_0_END = b(0x41, 0x00, 0x0B);

    private static MalformedException fails(String reason, byte[] bytes) {
        MalformedException e = assertThrows(MalformedException.class, () -> ModuleDecoder.decode(bytes));
        assertEquals(reason, e.reason());
        return e;
    }

    /** The opcodes of a constant expression, for checking the slice. */
    private static String ops(ConstExpr e) {
        CodeReader r = new CodeReader(e.bytes(), e.start(), e.end());
        StringBuilder sb = new StringBuilder();
        while (r.hasNext()) {
            Instruction i = r.next();
            sb.append(sb.length() > 0 ? " " : "").append(i.op.mnemonic);
            if (i.op == Opcode.I32_CONST) sb.append(' ').append(i.intValue());
        }
        return sb.toString();
    }

    @Test
    void emptyModule() {
        Module m = ModuleDecoder.decode(module());
        assertTrue(m.types.isEmpty());
        assertEquals(-1, m.start);
        assertEquals(-1, m.dataCount);
    }

    @Test
    void header() {
        fails("unexpected end", b());
        fails("unexpected end", b(0x00, 0x61, 0x73));
        fails("magic header not detected", b(0x00, 0x61, 0x73, 0x6E, 1, 0, 0, 0));
        fails("unexpected end", b(0x00, 0x61, 0x73, 0x6D, 1, 0, 0));
        fails("unknown binary version", b(0x00, 0x61, 0x73, 0x6D, 2, 0, 0, 0));
        fails("unknown binary version", b(0x00, 0x61, 0x73, 0x6D, 1, 0, 0, 1));
    }

    @Test
    void functionTypes() {
        Module m = ModuleDecoder.decode(module(section(1, vec(2, 0x60, 2, 0x7F, 0x7E, 1, 0x7D, 0x60, 0, 2, 0x70, 0x6F))));
        assertEquals(2, m.types.size());
        TypeDef t0 = m.types.get(0);
        assertEquals(new FuncType(List.of(ValType.I32, ValType.I64), List.of(ValType.F32)), t0.type());
        assertTrue(t0.isFinal());
        assertEquals(0, t0.supertypes().length);
        assertEquals(0, t0.recGroupStart());
        assertEquals(1, t0.recGroupSize());
        assertEquals(1, m.types.get(1).recGroupStart());
        assertEquals(List.of(ValType.FUNCREF, ValType.EXTERNREF), m.funcType(1).results());
    }

    @Test
    void gcTypes() {
        byte[] types = section(1, vec(3,
                // rec (sub (struct (field i8) (field (mut i16)) (field (mut (ref null 1))))) (sub final 0 (array (mut f64)))
                0x4E, 2,
                0x50, 0, 0x5F, 3, 0x78, 0x00, 0x77, 0x01, 0x63, 0x01, 0x01,
                0x4F, 1, 0x00, 0x5E, 0x7C, 0x01,
                // (sub 0 (func)) outside a group
                0x50, 1, 0x00, 0x60, 0, 0,
                // plain array of i32
                0x5E, 0x7F, 0x00));
        Module m = ModuleDecoder.decode(module(types));
        assertEquals(4, m.types.size());
        TypeDef s = m.types.get(0);
        assertFalse(s.isFinal());
        assertEquals(0, s.recGroupStart());
        assertEquals(2, s.recGroupSize());
        StructType st = (StructType) s.type();
        assertEquals(new FieldType(null, 8, false), st.fields().get(0));
        assertEquals(new FieldType(null, 16, true), st.fields().get(1));
        assertEquals(new FieldType(ValType.ref(true, 1), 0, true), st.fields().get(2));
        TypeDef a = m.types.get(1);
        assertTrue(a.isFinal());
        assertArrayEquals(new int[] {0}, a.supertypes());
        assertEquals(0, a.recGroupStart());
        assertEquals(2, a.recGroupSize());
        assertEquals(new ArrayType(new FieldType(ValType.F64, 0, true)), a.type());
        TypeDef f = m.types.get(2);
        assertFalse(f.isFinal());
        assertArrayEquals(new int[] {0}, f.supertypes());
        assertEquals(2, f.recGroupStart());
        assertEquals(1, f.recGroupSize());
        assertEquals(new ArrayType(new FieldType(ValType.I32, 0, false)), m.types.get(3).type());
    }

    @Test
    void malformedTypes() {
        fails("malformed mutability", module(section(1, vec(1, 0x5E, 0x78, 0x02))));
        fails("integer representation too long", module(section(1, vec(1, 0xE0, 0x7F, 0, 0))));
        fails("malformed type", module(section(1, vec(1, 0x61, 0, 0))));
        fails("malformed value type", module(section(1, vec(1, 0x60, 1, 0x40, 0))));
        fails("length out of bounds", module(section(1, vec(1, 0x60, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F))));
    }

    @Test
    void importsOfEveryKind() {
        byte[] imports = section(2, vec(5,
                name("m"), name("f"), 0x00, 0x00,
                name("m"), name("t"), 0x01, 0x70, 0x01, 0x01, 0x02,
                name("m"), name("mem"), 0x02, 0x03, 0x01, 0x02,
                name("m"), name("g"), 0x03, 0x7E, 0x01,
                name("m"), name("e"), 0x04, 0x00, 0x00));
        Module m = ModuleDecoder.decode(module(voidType(), imports));
        assertEquals(5, m.imports.size());
        assertEquals(new FuncImportType(0), m.imports.get(0).type());
        assertEquals("f", m.imports.get(0).name());
        assertEquals(new TableType(ValType.FUNCREF, Limits.of(1, 2)), m.tableType(0));
        assertEquals(new MemoryType(new Limits(1, 2, false, true, 16)), m.memoryType(0));
        assertEquals(new GlobalType(ValType.I64, true), m.globalType(0));
        assertEquals(new TagType(0), m.imports.get(4).type());
        assertEquals(1, m.importedTagCount());
        assertEquals(ExternKind.TAG, m.imports.get(4).kind());
        fails("malformed import kind", module(section(2, vec(1, name("m"), name("x"), 0x05, 0x00))));
        fails("malformed tag attribute", module(section(2, vec(1, name("m"), name("x"), 0x04, 0x01, 0x00))));
        fails("malformed mutability", module(section(2, vec(1, name("m"), name("x"), 0x03, 0x7F, 0x02))));
        fails("malformed UTF-8 encoding", module(section(2, vec(1, 0x01, 0xFF, name("x"), 0x00, 0x00))));
    }

    @Test
    void limitsFlags() {
        assertEquals(Limits.of(1, -1), mem(0x00, 0x01));
        assertEquals(Limits.of(1, 5), mem(0x01, 0x01, 0x05));
        assertEquals(new Limits(0, 3, false, true, 16), mem(0x03, 0x00, 0x03));
        assertEquals(new Limits(0x100000000L, -1, true, false, 16), mem(0x04, 0x80, 0x80, 0x80, 0x80, 0x10));
        assertEquals(new Limits(2, 4, true, false, 16), mem(0x05, 0x02, 0x04));
        assertEquals(new Limits(0, 1, true, true, 16), mem(0x07, 0x00, 0x01));
        // A u64 bound ≥ 2^63 must not read as "no maximum".
        assertEquals(Long.MAX_VALUE, mem(0x05, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01).max());
        fails("malformed limits flags", module(section(5, vec(1, 0x08, 0x00, 0x00))));
        fails("malformed limits flags", module(section(5, vec(1, 0x10, 0x00))));
        fails("malformed limits flags", module(section(5, vec(1, 0x81, 0x00, 0x00))));
        fails("integer too large", module(section(5, vec(1, 0x00, 0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x70))));
        // Tables have neither shared nor page-size flags.
        fails("malformed limits flags", module(section(4, vec(1, 0x70, 0x02, 0x00, 0x00))));
        fails("malformed limits flags", module(section(4, vec(1, 0x70, 0x08, 0x00, 0x00))));
        fails("malformed reference type", module(section(4, vec(1, 0x7F, 0x00, 0x00))));
    }

    private static Limits mem(int... limits) {
        return ModuleDecoder.decode(module(section(5, vec(1, b(limits))))).memories.get(0).limits();
    }

    @Test
    void customPageSizesWhenEnabled() {
        Module m = ModuleDecoder.decode(module(section(5, vec(2, 0x08, 0x01, 0x00, 0x09, 0x01, 0x02, 0x10))), true);
        assertEquals(new Limits(1, -1, false, false, 0), m.memories.get(0).limits());
        assertEquals(new Limits(1, 2, false, false, 16), m.memories.get(1).limits());
        MalformedException e = assertThrows(MalformedException.class,
                () -> ModuleDecoder.decode(module(section(5, vec(1, 0x08, 0x00, 0x41))), true));
        assertEquals("invalid custom page size", e.reason());
    }

    @Test
    void tables() {
        byte[] tables = section(4, vec(3,
                0x70, 0x00, 0x0A,
                0x40, 0x00, 0x64, 0x70, 0x05, 0x01, 0x02, 0xD2, 0x00, 0x0B, // (table i64 1 2 (ref func) (ref.func 0))
                0x6F, 0x01, 0x00, 0x00));
        Module m = ModuleDecoder.decode(module(voidType(), section(3, vec(1, 0)), tables, section(10, vec(1, body(b(0), 0x0B)))));
        assertEquals(new TableType(ValType.FUNCREF, Limits.of(10, -1)), m.tables.get(0).type());
        assertNull(m.tables.get(0).init());
        assertEquals(new TableType(ValType.ref(false, ValType.HT_FUNC), new Limits(1, 2, true, false, 16)), m.tables.get(1).type());
        assertEquals("ref.func end", ops(m.tables.get(1).init()));
        assertEquals(Limits.of(0, 0), m.tables.get(2).type().limits());
        fails("zero byte expected", module(section(4, vec(1, 0x40, 0x01, 0x70, 0x00, 0x00, 0x0B))));
    }

    @Test
    void globalsAreSlicesOfTheModule() {
        byte[] bytes = module(section(6, vec(2, 0x7F, 0x00, 0x41, 0x2A, 0x0B, 0x7E, 0x01, 0x42, 0x01, 0x42, 0x02, 0x7C, 0x0B)));
        Module m = ModuleDecoder.decode(bytes);
        ConstExpr init = m.globals.get(0).init();
        assertSame(bytes, init.bytes());
        assertEquals(13, init.start()); // header 8, section id and size, count, value type, mutability
        assertEquals(16, init.end());
        assertEquals("i32.const 42 end", ops(init));
        assertEquals(new GlobalType(ValType.I64, true), m.globals.get(1).type());
        assertEquals("i64.const i64.const i64.add end", ops(m.globals.get(1).init())); // extended constants
        fails("malformed mutability", module(section(6, vec(1, 0x7F, 0x04, 0x41, 0x00, 0x0B))));
        fails("illegal opcode ff", module(section(6, vec(1, 0x7F, 0x00, 0xFF, 0x0B))));
    }

    @Test
    void missingEndOfConstantExpression() {
        // The expression runs to the end of the module: as in binary.wast.
        fails("unexpected end of section or function", module(voidType(), section(6, vec(1, 0x7F, 0x00, 0x41, 0x00))));
        // It reads on into the next section, whose size check then fails.
        fails("section size mismatch", module(section(6, vec(1, 0x7F, 0x00, 0x41, 0x00)), section(11, vec(0))));
    }

    @Test
    void exportsAndStart() {
        byte[] exports = section(7, vec(5, name("f"), 0x00, 0x00, name("t"), 0x01, 0x00, name("m"), 0x02, 0x00,
                name("g"), 0x03, 0x00, name("e"), 0x04, 0x00));
        Module m = ModuleDecoder.decode(module(voidType(), section(3, vec(1, 0)), exports, section(8, 0x00),
                section(10, vec(1, body(b(0), 0x0B)))));
        assertEquals(List.of(ExternKind.FUNC, ExternKind.TABLE, ExternKind.MEMORY, ExternKind.GLOBAL, ExternKind.TAG),
                m.exports.stream().map(e -> e.kind()).toList());
        assertEquals("g", m.exports.get(3).name());
        assertEquals(0, m.start);
        fails("malformed export kind", module(section(7, vec(1, name("x"), 0x05, 0x00))));
        // A start index ≥ 2^31 stays out of range instead of reading as "no start".
        assertEquals(Integer.MAX_VALUE, ModuleDecoder.decode(module(section(8, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F))).start);
    }

    @Test
    void elementSegmentsAllEightEncodings() {
        byte[] elems = section(9, vec(8,
                0x00, I32_CONST_0_END, vec(2, 0x00, 0x00),
                0x01, 0x00, vec(1, 0x00),
                0x02, 0x01, I32_CONST_0_END, 0x00, vec(1, 0x00),
                0x03, 0x00, vec(1, 0x00),
                0x04, I32_CONST_0_END, vec(1, 0xD2, 0x00, 0x0B),
                0x05, 0x70, vec(2, 0xD2, 0x00, 0x0B, 0xD0, 0x70, 0x0B),
                0x06, 0x01, I32_CONST_0_END, 0x64, 0x70, vec(1, 0xD2, 0x00, 0x0B),
                0x07, 0x6F, vec(1, 0xD0, 0x6F, 0x0B)));
        Module m = ModuleDecoder.decode(module(voidType(), section(3, vec(1, 0)), elems, section(10, vec(1, body(b(0), 0x0B)))));
        List<ElementSegment> e = m.elements;
        ValType refFunc = ValType.ref(false, ValType.HT_FUNC);
        assertSegment(e.get(0), SegmentMode.ACTIVE, refFunc, 0, 2);
        assertArrayEquals(new int[] {0, 0}, e.get(0).functionIndices());
        assertEquals("i32.const 0 end", ops(e.get(0).offset()));
        assertSegment(e.get(1), SegmentMode.PASSIVE, refFunc, -1, 1);
        assertNull(e.get(1).offset());
        assertSegment(e.get(2), SegmentMode.ACTIVE, refFunc, 1, 1);
        assertSegment(e.get(3), SegmentMode.DECLARATIVE, refFunc, -1, 1);
        assertSegment(e.get(4), SegmentMode.ACTIVE, ValType.FUNCREF, 0, 1);
        assertNull(e.get(4).functionIndices());
        assertEquals("ref.func end", ops(e.get(4).exprs().get(0)));
        assertSegment(e.get(5), SegmentMode.PASSIVE, ValType.FUNCREF, -1, 2);
        assertEquals("ref.null end", ops(e.get(5).exprs().get(1)));
        assertSegment(e.get(6), SegmentMode.ACTIVE, refFunc, 1, 1);
        assertSegment(e.get(7), SegmentMode.DECLARATIVE, ValType.EXTERNREF, -1, 1);

        fails("malformed elements segment kind", module(section(9, vec(1, 0x08, 0x00))));
        fails("malformed element kind", module(section(9, vec(1, 0x01, 0x01, vec(0)))));
        fails("malformed reference type", module(section(9, vec(1, 0x05, 0x7F, vec(1, 0xD2, 0x00, 0x0B)))));
        fails("illegal opcode f3", module(section(9, vec(1, 0x05, 0x70, vec(1, 0xF3, 0x00, 0x0B)))));
    }

    private static void assertSegment(ElementSegment s, SegmentMode mode, ValType type, int table, int size) {
        assertEquals(mode, s.mode());
        assertEquals(type, s.type());
        assertEquals(table, s.table());
        assertEquals(size, s.size());
    }

    @Test
    void codeBodies() {
        byte[] bytes = module(voidType(), section(3, vec(2, 0, 0)), section(10, vec(2,
                body(vec(2, 0x02, 0x7F, 0x01, 0x7E), 0x20, 0x00, 0x1A, 0x0B),
                body(b(0), 0x02, 0x40, 0x0B, 0x0B))));
        Module m = ModuleDecoder.decode(bytes);
        FunctionBody f = m.codes.get(0);
        assertArrayEquals(new ValType[] {ValType.I32, ValType.I64}, f.localTypes());
        assertArrayEquals(new long[] {2, 1}, f.localCounts());
        assertEquals(3, f.localCount());
        assertSame(bytes, f.bytes());
        assertEquals(0x20, bytes[f.codeStart()]);
        assertEquals(0x0B, bytes[f.codeEnd() - 1]);
        assertEquals(4, f.codeEnd() - f.codeStart());
        assertEquals(4, m.codes.get(1).codeEnd() - m.codes.get(1).codeStart());
    }

    @Test
    void localCounts() {
        // 2^32 - 1 locals in all is allowed by the binary format; one more is "too many locals".
        Module m = ModuleDecoder.decode(module(voidType(), section(3, vec(1, 0)),
                section(10, vec(1, body(vec(2, u32(0xFFFFFFFEL), 0x7F, 0x01, 0x7E), 0x0B)))));
        assertEquals(0xFFFFFFFFL, m.codes.get(0).localCount());
        MalformedException e = fails("too many locals", module(voidType(), section(3, vec(1, 0)),
                section(10, vec(1, body(vec(2, u32(0xFFFFFFFFL), 0x7F, 0x01, 0x7E), 0x0B)))));
        assertEquals(0, e.functionIndex());
        fails("integer too large", module(voidType(), section(3, vec(1, 0)),
                section(10, vec(1, body(vec(1, 0x80, 0x80, 0x80, 0x80, 0x10, 0x7F), 0x0B)))));
    }

    @Test
    void errorsInBodiesNameTheFunction() {
        byte[] imports = section(2, vec(1, name("m"), name("f"), 0x00, 0x00));
        MalformedException e = fails("illegal opcode ff", module(voidType(), imports, section(3, vec(2, 0, 0)),
                section(10, vec(2, body(b(0), 0x0B), body(b(0), 0x00, 0xFF, 0x0B)))));
        assertEquals(2, e.functionIndex()); // one imported function before the two defined ones
        assertTrue(e.getMessage().contains("in function 2"), e.getMessage());
    }

    @Test
    void bodyStructure() {
        // else outside an if, as binary.wast's "missing end marker between two functions".
        fails("END opcode expected", module(oneFunction(0x05, 0x0B)));
        fails("END opcode expected", module(oneFunction(0x04, 0x40, 0x05, 0x05, 0x0B, 0x0B)));
        fails("END opcode expected", module(oneFunction(0x02, 0x40, 0x05, 0x0B, 0x0B)));
        fails("unexpected end of section or function", module(oneFunction(0x41, 0x01, 0x1A)));
        fails("section size mismatch", module(voidType(), section(3, vec(1, 0)),
                section(10, vec(1, cat(u32(2), 0x00, 0x0B, 0x0B)))));
        // Nested blocks, if/else, legacy try/catch/catch_all and delegate, try_table.
        ModuleDecoder.decode(module(oneFunction(
                0x02, 0x40, 0x03, 0x40, 0x0B, 0x0B,
                0x41, 0x00, 0x04, 0x40, 0x05, 0x0B,
                0x06, 0x40, 0x07, 0x00, 0x07, 0x00, 0x19, 0x0B,
                0x06, 0x40, 0x18, 0x00,
                0x1F, 0x40, 0x00, 0x0B,
                0x0B)));
        fails("END opcode expected", module(oneFunction(0x06, 0x40, 0x19, 0x07, 0x00, 0x0B, 0x0B)));
        fails("END opcode expected", module(oneFunction(0x06, 0x40, 0x07, 0x00, 0x18, 0x00, 0x0B)));
        fails("END opcode expected", module(oneFunction(0x02, 0x40, 0x19, 0x0B, 0x0B)));
    }

    @Test
    void functionAndCodeCounts() {
        fails("function and code section have inconsistent lengths", module(voidType(), section(3, vec(2, 0, 0))));
        fails("function and code section have inconsistent lengths", module(section(10, vec(1, body(b(0), 0x0B)))));
        ModuleDecoder.decode(module(section(3, vec(0)), section(10, vec(0))));
    }

    @Test
    void dataSegments() {
        byte[] data = section(11, vec(3,
                0x00, I32_CONST_0_END, name("ab"),
                0x01, vec(3, 1, 2, 3),
                0x02, 0x01, 0x41, 0x08, 0x0B, vec(0)));
        Module m = ModuleDecoder.decode(module(section(5, vec(2, 0x00, 0x01, 0x00, 0x01)), data));
        DataSegment d0 = m.data.get(0);
        assertEquals(SegmentMode.ACTIVE, d0.mode());
        assertEquals(0, d0.memory());
        assertArrayEquals("ab".getBytes(), d0.data());
        assertEquals("i32.const 0 end", ops(d0.offset()));
        assertEquals(SegmentMode.PASSIVE, m.data.get(1).mode());
        assertNull(m.data.get(1).offset());
        assertArrayEquals(b(1, 2, 3), m.data.get(1).data());
        assertEquals(1, m.data.get(2).memory());
        assertEquals("i32.const 8 end", ops(m.data.get(2).offset()));
        fails("malformed data segment kind", module(section(11, vec(1, 0x03, 0x00))));
        // The length may count its own byte (reference len32), then the bytes run out.
        fails("unexpected end of section or function", module(section(11, vec(1, 0x01, 0x03, 1, 2))));
        fails("length out of bounds", module(section(11, vec(1, 0x01, 0x04, 1, 2))));
    }

    @Test
    void dataCount() {
        Module m = ModuleDecoder.decode(module(section(12, 0x01), section(11, vec(1, 0x01, vec(0)))));
        assertEquals(1, m.dataCount);
        fails("data count and data section have inconsistent lengths", module(section(12, 0x02), section(11, vec(1, 0x01, vec(0)))));
        fails("data count and data section have inconsistent lengths", module(section(12, 0x01)));
        ModuleDecoder.decode(module(section(12, 0x00)));
    }

    @Test
    void dataIndicesRequireTheDataCountSection() {
        byte[] memory = section(5, vec(1, 0x00, 0x01));
        byte[] passive = section(11, vec(1, 0x01, vec(0)));
        byte[][] uses = {
                b(0x41, 0, 0x41, 0, 0x41, 0, 0xFC, 0x08, 0x00, 0x00, 0x0B), // memory.init
                b(0xFC, 0x09, 0x00, 0x0B),                                   // data.drop
                b(0x41, 0, 0x41, 0, 0xFB, 0x09, 0x00, 0x00, 0x1A, 0x0B),    // array.new_data
                b(0xFB, 0x12, 0x00, 0x00, 0x0B),                             // array.init_data
        };
        for (byte[] code : uses) {
            byte[] fn = cat(voidType(), section(3, vec(1, 0)), memory);
            fails("data count section required", module(fn, section(10, vec(1, body(b(0), code))), passive));
            ModuleDecoder.decode(module(fn, section(12, 0x01), section(10, vec(1, body(b(0), code))), passive));
        }
    }

    @Test
    void tags() {
        Module m = ModuleDecoder.decode(module(voidType(), section(5, vec(0)), section(13, vec(2, 0x00, 0x00, 0x00, 0x00)),
                section(6, vec(0))));
        assertEquals(2, m.tags.size());
        assertEquals(0, m.tagTypeIndex(1));
        fails("malformed tag attribute", module(voidType(), section(13, vec(1, 0x01, 0x00))));
    }

    @Test
    void sectionOrder() {
        fails("unexpected content after last section", module(section(6, vec(0)), section(13, vec(0))));
        fails("unexpected content after last section", module(section(13, vec(0)), section(5, vec(0))));
        fails("unexpected content after last section", module(section(10, vec(0)), section(12, 0x00)));
        fails("unexpected content after last section", module(section(11, vec(0)), section(10, vec(0))));
        fails("unexpected content after last section", module(section(1, vec(0)), section(1, vec(0))));
        fails("unexpected content after last section", module(section(8, 0x00), section(8, 0x00)));
        fails("malformed section id", module(section(14, vec(0))));
        fails("malformed section id", module(b(0x80, 0x01, 0x00)));
        // Every section in order, with custom sections between them.
        byte[] c = section(0, name("c"));
        ModuleDecoder.decode(module(c, voidType(), c, section(2, vec(0)), c, section(3, vec(1, 0)), c, section(4, vec(0)), c,
                section(5, vec(0)), c, section(13, vec(0)), c, section(6, vec(0)), c, section(7, vec(0)), c,
                section(8, 0x00), c, section(9, vec(0)), c, section(12, 0x00), c, section(10, vec(1, body(b(0), 0x0B))), c,
                section(11, vec(0)), c));
    }

    @Test
    void sectionSizes() {
        fails("length out of bounds", module(b(0x01, 0x07, 0x02, 0x60, 0x00, 0x00)));
        fails("section size mismatch", module(b(0x01, 0x07, 0x01, 0x60, 0x00, 0x00, 0x60, 0x00, 0x00)));
        fails("unexpected end of section or function", module(b(0x04, 0x01, 0x01)));
        fails("section size mismatch", module(section(6, vec(1, 0x7F, 0x00, 0x41, 0x00, 0x0B), 0x00)));
    }

    @Test
    void customSections() {
        byte[] bytes = module(section(0, name("first"), "payload"), voidType(), section(0, name("second")),
                section(0, name("\u00e9"), b(1, 2)));
        Module m = ModuleDecoder.decode(bytes);
        assertEquals(3, m.customSections.size());
        CustomSection first = m.customSections.get(0);
        assertEquals("first", first.name());
        assertArrayEquals("payload".getBytes(), first.content());
        assertEquals(0, first.afterSection());
        assertEquals(8, first.offset());
        assertEquals(1, m.customSections.get(1).afterSection());
        assertEquals(0, m.customSections.get(1).content().length);
        assertEquals("\u00e9", m.customSections.get(2).name());
        fails("malformed UTF-8 encoding", module(section(0, 0x01, 0xFF)));
        fails("unexpected end of section or function", module(b(0x00)));
        fails("unexpected end of section or function", module(b(0x00, 0x00)));
        fails("unexpected end of section or function", module(b(0x00, 0x01, 0x02, 0x61))); // name past the section
        fails("length out of bounds", module(b(0x00, 0x05, 0x01, 0x61)));
    }

    @Test
    void nameSection() {
        byte[] names = section(0, name("name"),
                section(0, name("mod")),
                section(1, vec(2, 0x00, name("f0"), 0x01, name("f1"))),
                section(2, vec(1, 0x01, vec(2, 0x00, name("x"), 0x01, name("y")))),
                section(3, vec(1, 0x00, vec(1, 0x00, name("label")))),
                section(4, vec(1, 0x00, name("t"))),
                section(5, vec(1, 0x00, name("tab"))),
                section(6, vec(1, 0x00, name("mem"))),
                section(7, vec(1, 0x00, name("glob"))),
                section(8, vec(1, 0x00, name("el"))),
                section(9, vec(1, 0x00, name("dat"))),
                section(11, vec(1, 0x00, name("tag"))),
                section(42, "unknown subsections are skipped"));
        Module m = ModuleDecoder.decode(module(voidType(), section(3, vec(2, 0, 0)),
                section(10, vec(2, body(b(0), 0x0B), body(b(0), 0x0B))), names));
        assertEquals("mod", m.names.module);
        assertEquals("f1", m.names.functions.get(1));
        assertEquals("f1", m.functionName(1));
        assertEquals("y", m.names.locals.get(1).get(1));
        assertEquals("t", m.names.types.get(0));
        assertEquals("tab", m.names.tables.get(0));
        assertEquals("mem", m.names.memories.get(0));
        assertEquals("glob", m.names.globals.get(0));
        assertEquals("el", m.names.elements.get(0));
        assertEquals("dat", m.names.data.get(0));
        assertEquals("tag", m.names.tags.get(0));
    }

    @Test
    void malformedNameSectionsAreIgnored() {
        byte[][] bad = {
                section(0, name("name"), section(1, vec(1, 0x00, 0x01, 0xFF))),      // bad UTF-8 in a function name
                section(0, name("name"), section(1, vec(5, 0x00, name("f")))),       // truncated map
                section(0, name("name"), 0x01, 0x7F),                                // subsection larger than the section
                section(0, name("name"), section(0, name("m"), 0x00)),               // junk in a subsection
                section(0, name("name"), section(0, name("ok")), 0x01),              // truncated subsection header
        };
        for (byte[] s : bad) {
            Module m = ModuleDecoder.decode(module(s));
            assertNull(m.names.module);
            assertTrue(m.names.functions.isEmpty());
            assertEquals(1, m.customSections.size());
        }
    }

    @Test
    void hostileCountsCostNoMemory() {
        // Counts of 2^32-1 entries fail on the bytes left before anything is allocated for them.
        byte[] huge = u32(0xFFFFFFFFL);
        fails("length out of bounds", module(section(1, huge)));
        fails("length out of bounds", module(section(3, huge)));
        fails("length out of bounds", module(section(9, vec(1, 0x01, 0x00, huge))));
        fails("length out of bounds", module(voidType(), section(3, vec(1, 0)), section(10, vec(1, body(huge)))));
        fails("length out of bounds", module(section(11, vec(1, 0x01, huge))));
        fails("length out of bounds", module(section(1, vec(1, 0x4E, huge))));
    }
}
