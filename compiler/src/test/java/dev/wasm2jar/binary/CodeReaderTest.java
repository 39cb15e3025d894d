package dev.wasm2jar.binary;

import dev.wasm2jar.error.MalformedException;
import dev.wasm2jar.model.Instruction;
import dev.wasm2jar.model.Opcode;
import dev.wasm2jar.model.ValType;
import org.junit.jupiter.api.Test;

import static dev.wasm2jar.binary.Bin.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Instruction decoding (section 5.4). */
class CodeReaderTest {
    private static Instruction one(int... bytes) {
        byte[] code = b(bytes);
        CodeReader r = new CodeReader(code, 0, code.length);
        Instruction i = r.next();
        assertFalse(r.hasNext(), "bytes left after " + i);
        return i;
    }

    private static void fails(String reason, int... bytes) {
        byte[] code = b(bytes);
        MalformedException e = assertThrows(MalformedException.class, () -> new CodeReader(code, 0, code.length).next());
        assertEquals(reason, e.reason());
    }

    @Test
    void illegalOpcodesInReferenceWording() {
        fails("illegal opcode ff", 0xFF);
        fails("illegal opcode 27", 0x27);
        fails("illegal opcode fc 12", 0xFC, 0x12);
        fails("illegal opcode fb 3f", 0xFB, 0x3F);
    }

    @Test
    void prefixedOpcodesAreLeb() {
        assertEquals(Opcode.I32_TRUNC_SAT_F32_S, one(0xFC, 0x80, 0x00).op);
        assertEquals(Opcode.I64_TRUNC_SAT_F64_U, one(0xFC, 0x87, 0x80, 0x80, 0x80, 0x00).op);
        fails("integer representation too long", 0xFC, 0x87, 0x80, 0x80, 0x80, 0x80, 0x00);
    }

    @Test
    void memarg() {
        Instruction i = one(0x28, 0x02, 0x10);
        assertEquals(Opcode.I32_LOAD, i.op);
        assertEquals(2, i.align);
        assertEquals(16, i.offset);
        assertEquals(0, i.memory);
        i = one(0x36, 0x42, 0x03, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01); // bit 6: memory index follows; u64 offset
        assertEquals(2, i.align);
        assertEquals(3, i.memory);
        assertEquals(0xFFFFFFFFFL, i.offset);
        fails("malformed memop flags", 0x28, 0x80, 0x01, 0x00);
        fails("malformed memop flags", 0x28, 0xC0, 0x80, 0x80, 0x80, 0x08, 0x00, 0x00); // 2^31 + 0x40
    }

    @Test
    void memoryIndicesOfMultiMemory() {
        assertEquals(2, one(0x3F, 0x02).index);        // memory.size 2
        assertEquals(1, one(0x40, 0x01).index);        // memory.grow 1
        Instruction copy = one(0xFC, 0x0A, 0x01, 0x02); // memory.copy 1 2
        assertEquals(1, copy.index);
        assertEquals(2, copy.index2);
        Instruction init = one(0xFC, 0x08, 0x05, 0x01); // memory.init data 5, memory 1
        assertEquals(5, init.index);
        assertEquals(1, init.index2);
    }

    @Test
    void indicesSaturate() {
        assertEquals(Integer.MAX_VALUE, one(0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F).index);
        Instruction ci = one(0x11, 0x80, 0x80, 0x80, 0x80, 0x08, 0x00);
        assertEquals(Integer.MAX_VALUE, ci.index);
        assertEquals(0, ci.index2);
    }

    @Test
    void brTable() {
        Instruction i = one(0x0E, 0x02, 0x00, 0x01, 0x02);
        assertArrayEquals(new int[] {0, 1}, i.targets);
        assertEquals(2, i.index);
        fails("length out of bounds", 0x0E, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F); // no array of 2^32 entries
    }

    @Test
    void selectTypedAndBlockTypes() {
        Instruction s = one(0x1C, 0x01, 0x7E);
        assertArrayEquals(new ValType[] {ValType.I64}, s.types);
        assertEquals(true, one(0x02, 0x40).blockType.isEmpty());
        assertEquals(ValType.F32, one(0x02, 0x7D).blockType.valueType());
        assertEquals(ValType.ref(false, 7), one(0x02, 0x64, 0x07).blockType.valueType());
        assertEquals(300, one(0x03, 0xAC, 0x02).blockType.typeIndex());
        fails("malformed block type", 0x04, 0xFF, 0x7F);
    }

    @Test
    void constants() {
        assertEquals(-1, one(0x41, 0x7F).intValue());
        assertEquals(Long.MIN_VALUE, one(0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F).longValue);
        assertEquals(Float.floatToRawIntBits(-0.0f), (int) one(0x43, 0, 0, 0, 0x80).longValue);
        byte[] v = one(0xFD, 0x0C, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16).bytes;
        assertEquals(16, v[15]);
    }

    @Test
    void gcAndExceptionImmediates() {
        Instruction cast = one(0xFB, 0x18, 0x03, 0x02, 0x6E, 0x6D); // br_on_cast 2 (ref any) (ref null eq)
        assertEquals(2, cast.index);
        assertEquals(ValType.ref(true, ValType.HT_ANY), cast.refType);
        assertEquals(ValType.ref(true, ValType.HT_EQ), cast.refType2);
        Instruction tt = one(0x1F, 0x40, 0x02, 0x00, 0x01, 0x00, 0x02, 0x01); // try_table (catch 1 0) (catch_all 1)
        assertEquals(2, tt.catches.length);
        assertEquals(new Instruction.Catch(0, 1, 0), tt.catches[0]);
        assertEquals(new Instruction.Catch(2, -1, 1), tt.catches[1]);
        fails("malformed catch clause", 0x1F, 0x40, 0x01, 0x04, 0x00);
        Instruction fixed = one(0xFB, 0x08, 0x04, 0x03); // array.new_fixed 4 3
        assertEquals(4, fixed.index);
        assertEquals(3, fixed.index2);
    }

    @Test
    void truncatedInstruction() {
        fails("unexpected end of section or function", 0x41);
        fails("unexpected end of section or function", 0xFD, 0x0C, 1, 2, 3);
    }
}
