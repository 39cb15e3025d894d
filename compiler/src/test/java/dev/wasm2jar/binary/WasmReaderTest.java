package dev.wasm2jar.binary;

import dev.wasm2jar.error.MalformedException;
import dev.wasm2jar.model.ValType;
import org.junit.jupiter.api.Test;

import static dev.wasm2jar.binary.Bin.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** LEB128 and the other primitives of section 5.2, with the reference interpreter's errors. */
class WasmReaderTest {
    private static WasmReader r(int... bytes) {
        byte[] b = b(bytes);
        return new WasmReader(b, 0, b.length);
    }

    private static void fails(String reason, Runnable r) {
        MalformedException e = assertThrows(MalformedException.class, r::run);
        assertEquals(reason, e.reason());
    }

    @Test
    void u32() {
        assertEquals(0, r(0x00).u32());
        assertEquals(0, r(0x80, 0x80, 0x80, 0x80, 0x00).u32()); // padded to the maximum length
        assertEquals(624485, r(0xE5, 0x8E, 0x26).u32());
        assertEquals(-1, r(0xFF, 0xFF, 0xFF, 0xFF, 0x0F).u32()); // 2^32-1 as int bits
        assertEquals(Integer.MAX_VALUE, r(0xFF, 0xFF, 0xFF, 0xFF, 0x07).u32());
    }

    @Test
    void u32Malformed() {
        fails("integer representation too long", () -> r(0x80, 0x80, 0x80, 0x80, 0x80, 0x00).u32());
        // Payload bits beyond 32 are "too large", checked before the continuation bit.
        fails("integer too large", () -> r(0xFF, 0xFF, 0xFF, 0xFF, 0x1F).u32());
        fails("integer too large", () -> r(0x80, 0x80, 0x80, 0x80, 0x10).u32());
        fails("integer too large", () -> r(0x80, 0x80, 0x80, 0x80, 0x90, 0x00).u32());
        fails("unexpected end of section or function", () -> r(0x80, 0x80).u32());
        fails("unexpected end of section or function", () -> r().u32());
    }

    @Test
    void u64() {
        assertEquals(-1L, r(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01).u64());
        assertEquals(1L << 32, r(0x80, 0x80, 0x80, 0x80, 0x10).u64());
        fails("integer too large", () -> r(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02).u64());
        fails("integer representation too long", () -> r(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00).u64());
    }

    @Test
    void s32() {
        assertEquals(-1, r(0x7F).s32());
        assertEquals(63, r(0x3F).s32());
        assertEquals(-64, r(0x40).s32());
        assertEquals(64, r(0xC0, 0x00).s32());
        assertEquals(Integer.MIN_VALUE, r(0x80, 0x80, 0x80, 0x80, 0x78).s32());
        assertEquals(Integer.MAX_VALUE, r(0xFF, 0xFF, 0xFF, 0xFF, 0x07).s32());
        assertEquals(-1, r(0xFF, 0xFF, 0xFF, 0xFF, 0x7F).s32()); // sign-extended padding
        assertEquals(0, r(0x80, 0x80, 0x80, 0x80, 0x00).s32());
    }

    @Test
    void s32Malformed() {
        // The unused bits of the fifth byte must equal the sign bit.
        fails("integer too large", () -> r(0x80, 0x80, 0x80, 0x80, 0x70).s32());
        fails("integer too large", () -> r(0xFF, 0xFF, 0xFF, 0xFF, 0x0F).s32());
        fails("integer too large", () -> r(0x80, 0x80, 0x80, 0x80, 0x1F).s32());
        fails("integer too large", () -> r(0xFF, 0xFF, 0xFF, 0xFF, 0x4F).s32());
        fails("integer representation too long", () -> r(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F).s32());
        fails("integer representation too long", () -> r(0x80, 0x80, 0x80, 0x80, 0x80, 0x00).s32());
    }

    @Test
    void s33AndS64() {
        assertEquals((1L << 32) - 1, r(0xFF, 0xFF, 0xFF, 0xFF, 0x0F).sN(33));
        assertEquals(-(1L << 32), r(0x80, 0x80, 0x80, 0x80, 0x70).sN(33));
        fails("integer too large", () -> r(0x80, 0x80, 0x80, 0x80, 0x20).sN(33));
        assertEquals(Long.MIN_VALUE, r(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F).s64());
        assertEquals(Long.MAX_VALUE, r(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00).s64());
        fails("integer too large", () -> r(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7E).s64());
        fails("integer too large", () -> r(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01).s64());
        fails("integer representation too long", () -> r(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F).s64());
    }

    @Test
    void indexSaturates() {
        assertEquals(Integer.MAX_VALUE, r(0xFF, 0xFF, 0xFF, 0xFF, 0x0F).index());
        assertEquals(Integer.MAX_VALUE, r(0x80, 0x80, 0x80, 0x80, 0x08).index());
        assertEquals(5, r(0x05).index());
    }

    @Test
    void lengthIsBoundedByTheBytesLeft() {
        // The bound counts from the LEB's own first byte, as the reference interpreter's len32 does.
        assertEquals(3, r(0x03, 1, 2).length());
        fails("length out of bounds", () -> r(0x04, 1, 2).length());
        fails("length out of bounds", () -> r(0xFF, 0xFF, 0xFF, 0xFF, 0x0F).length());
        WasmReader narrowed = r(0x02, 1, 2, 3);
        narrowed.limit(1);
        fails("length out of bounds", narrowed::length);
    }

    @Test
    void floats() {
        assertEquals(Float.floatToRawIntBits(1.0f), r(0x00, 0x00, 0x80, 0x3F).f32Bits());
        assertEquals(Double.doubleToRawLongBits(-2.0), r(0, 0, 0, 0, 0, 0, 0, 0xC0).f64Bits());
        fails("unexpected end of section or function", () -> r(0, 0, 0).f32Bits());
        fails("unexpected end of section or function", () -> r(0, 0, 0, 0, 0, 0, 0).f64Bits());
    }

    @Test
    void names() {
        assertEquals("", r(0x00).name());
        assertEquals("h\u00e9\u2323\uD83D\uDE00", new WasmReader(Bin.name("h\u00e9\u2323\uD83D\uDE00"), 0, 12).name());
        fails("malformed UTF-8 encoding", () -> r(0x02, 0xC0, 0x80).name());             // overlong NUL
        fails("malformed UTF-8 encoding", () -> r(0x03, 0xED, 0xA0, 0x80).name());       // surrogate
        fails("malformed UTF-8 encoding", () -> r(0x04, 0xF4, 0x90, 0x80, 0x80).name()); // above U+10FFFF
        fails("malformed UTF-8 encoding", () -> r(0x01, 0x80).name());
        fails("malformed UTF-8 encoding", () -> r(0x01, 0xFF).name());
        fails("length out of bounds", () -> r(0x05, 0x61).name());
    }

    @Test
    void valueTypes() {
        assertEquals(ValType.I32, r(0x7F).valType());
        assertEquals(ValType.V128, r(0x7B).valType());
        assertEquals(ValType.FUNCREF, r(0x70).valType());
        assertEquals(ValType.EXTERNREF, r(0x6F).valType());
        assertEquals(ValType.EXNREF, r(0x69).valType());
        assertEquals(ValType.ref(true, ValType.HT_NOEXN), r(0x74).valType());
        assertEquals(ValType.ref(false, 3), r(0x64, 0x03).valType());
        assertEquals(ValType.ref(true, ValType.HT_ANY), r(0x63, 0x6E).valType());
        assertEquals(ValType.ref(false, Integer.MAX_VALUE), r(0x64, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F).valType());
        fails("malformed value type", () -> r(0x40).valType());
        fails("malformed value type", () -> r(0x75).valType());
        fails("malformed heap type", () -> r(0x63, 0x40).valType());
        fails("malformed reference type", () -> r(0x7F).refType());
    }
}
