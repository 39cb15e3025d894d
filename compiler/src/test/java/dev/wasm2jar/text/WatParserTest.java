package dev.wasm2jar.text;

import dev.wasm2jar.error.MalformedException;
import dev.wasm2jar.error.UnsupportedFeatureException;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WatParserTest {
    private static final String HEADER = "0061736d01000000";

    private static String hex(String wat) {
        return HexFormat.of().formatHex(WatParser.parseModule(wat));
    }

    /** The module's bytes without the 8-byte header and without a trailing name section. */
    private static String body(String wat) {
        String h = hex(wat);
        assertTrue(h.startsWith(HEADER));
        int name = h.indexOf("046e616d65", 16); // custom section 0, one size byte, then the name "name"
        return name > 0 ? h.substring(16, name - 4) : h.substring(16);
    }

    private static String malformed(String wat) {
        return assertThrows(MalformedException.class, () -> WatParser.parseModule(wat)).reason();
    }

    @Test
    void emptyModule() {
        assertEquals(HEADER, hex("(module)"));
        assertEquals(HEADER, hex(""));
    }

    @Test
    void functionWithImplicitTypeLocalsAndBody() {
        // type (i32)->i32; func; code: 1 local run (2 x i64), local.get 0, i32.const -1, i32.add, end
        assertEquals("01060160017f017f" + "03020100" + "0a0b010901027e2000417f6a0b",
                body("(module (func (param $x i32) (result i32) (local i64 i64) (i32.add (local.get $x) (i32.const 0xffffffff))))"));
    }

    @Test
    void foldedAndFlatFormsEncodeAlike() {
        String folded = "(module (func (param i32) (result i32)"
                + " (if (result i32) (local.get 0) (then (i32.const 1)) (else (block $b (result i32) (br $b (i32.const 2)))))))";
        String flat = "(module (func (param i32) (result i32)"
                + " local.get 0 if (result i32) i32.const 1 else block $b (result i32) i32.const 2 br $b end $b end))";
        assertEquals(hex(flat), hex(folded));
    }

    @Test
    void inlineTypeUsesReuseOrAppendTypes() {
        String explicit = "(module (type $t (func (param i32))) (func (type $t)) (func (param i32)) (func (param i64)))";
        // types: (i32)->(), then the appended (i64)->(); functions use 0, 0, 1
        assertTrue(body(explicit).startsWith("010902" + "60017f00" + "60017e00" + "0304030000" + "01"));
        assertEquals("inline function type does not match explicit type",
                malformed("(module (type $t (func (param i32))) (func (type $t) (param i64)))"));
        // a subtype or a recursion group member is not reused by an inline type use
        assertTrue(body("(module (type (sub (func))) (func))").startsWith("0109025000600000600000"));
    }

    @Test
    void inlineImportsAndExports() {
        String s = body("(module (func $f (import \"m\" \"f\") (param i32)) (memory (export \"mem\") 1) (global (export \"g\") i32 (i32.const 7)))");
        assertTrue(s.contains("0207" + "01" + "016d" + "0166" + "0000"), s);            // import "m" "f" func type 0
        assertTrue(s.contains("070b02" + "036d656d0200" + "01670300"), s);              // exports "mem" memory 0, "g" global 0
        assertEquals("import after function", malformed("(module (func) (import \"m\" \"f\" (func)))"));
        assertEquals("import after memory", malformed("(module (memory 1) (memory (import \"m\" \"m\") 1))"));
    }

    @Test
    void tableAndMemoryAbbreviations() {
        // table funcref (elem $f $f): table 2..2 and an active segment at 0
        String t = body("(module (table funcref (elem $f $f)) (func $f))");
        assertTrue(t.contains("0405017001" + "0202"), t);
        assertTrue(t.contains("0908010041000b020000"), t);
        // memory (data "ab"): 1 page min and max, active data at 0
        String m = body("(module (memory (data \"ab\")))");
        assertTrue(m.contains("0504010101" + "01"), m);
        assertTrue(m.contains("0b0801" + "0041000b026162"), m);
    }

    @Test
    void elementSegmentForms() {
        String s = body("(module (table 1 funcref) (func $f)"
                + " (elem (i32.const 0) $f) (elem func $f) (elem declare func $f)"
                + " (elem (table 0) (offset (i32.const 0)) funcref (ref.func $f) (item ref.null func)))");
        // flags 0, 1, 3 (function indices) and 4 (expressions, table 0, funcref)
        assertTrue(s.contains("091a04" + "0041000b0100" + "01000100" + "03000100" + "0441000b02d2000bd0700b"), s);
    }

    @Test
    void dataCountSectionWhenCodeNeedsIt() {
        String s = body("(module (memory 1) (data \"x\") (func (data.drop 0)))");
        assertTrue(s.contains("0c0101"), s);
        assertTrue(!body("(module (memory 1) (data \"x\"))").contains("0c01"));
    }

    @Test
    void memargAndLanes() {
        assertTrue(body("(module (memory 1) (func (drop (i64.load offset=8 align=4 (i32.const 0)))))").contains("2902"+"08"));
        assertTrue(body("(module (memory 1) (memory $m 1) (func (drop (i32.load $m (i32.const 0)))))").contains("28" + "42" + "01" + "00"));
        assertEquals("alignment must be a power of two", malformed("(module (memory 1) (func (drop (i32.load align=3 (i32.const 0)))))"));
        assertTrue(body("(module (func (drop (i8x16.extract_lane_u 15 (v128.const i16x8 -1 0 0 0 0 0 0 0x8000)))))")
                .contains("fd0c" + "ffff000000000000" + "0000000000000080" + "fd16" + "0f"));
    }

    @Test
    void gcTypesAndInstructions() {
        String s = body("(module (rec (type $a (sub (struct (field $x (mut i32)) (field i8)))) (type $b (sub final $a (struct))))"
                + " (func (param (ref $a)) (drop (struct.get $a $x (local.get 0)))"
                + " (drop (ref.test (ref null $b) (local.get 0)))))");
        assertTrue(s.startsWith("01" + "15" + "02" + "4e02" + "5000" + "5f02" + "7f01" + "7800" + "4f0100" + "5f00"), s);
        assertTrue(s.contains("2000fb0200001a" + "2000fb15011a"), s);
    }

    @Test
    void exceptionHandling() {
        String s = body("(module (tag $e (param i32)) (func (block $h (result i32) (try_table (catch $e $h) (catch_all 1))"
                + " (i32.const 0)) drop))");
        assertTrue(s.contains("0d03010000"), s);                                        // tag section
        assertTrue(s.contains("027f" + "1f40" + "02" + "000000" + "0201" + "0b"), s);
        String legacy = body("(module (tag $e) (func (try $t (do (throw $e)) (catch $e (rethrow $t)) (catch_all))))");
        assertTrue(legacy.contains("0640" + "0800" + "0700" + "0900" + "19" + "0b"), legacy);
    }

    @Test
    void labels() {
        assertEquals("mismatching label", malformed("(module (func block $a end $b))"));
        assertEquals("mismatching label", malformed("(module (func block end $b))"));
        assertTrue(malformed("(module (func (br $nope)))").startsWith("unknown label"));
        // shadowing: the innermost $l is depth 0
        assertTrue(body("(module (func (block $l (block $l (br $l)))))").contains("02400240" + "0c00"));
    }

    @Test
    void identifierErrors() {
        assertTrue(malformed("(module (func $f) (func $f))").startsWith("duplicate func"));
        assertTrue(malformed("(module (func (param $x i32) (local $x i32)))").startsWith("duplicate local"));
        assertTrue(malformed("(module (type (struct (field $a i32) (field $a i32))))").startsWith("duplicate field"));
        assertTrue(malformed("(module (func (call $g)))").startsWith("unknown func"));
        assertTrue(malformed("(module (func (type $t)))").startsWith("unknown type"));
    }

    @Test
    void syntaxErrors() {
        assertTrue(malformed("(module (func (i32.add1)))").startsWith("unknown operator"));
        assertTrue(malformed("(module (func (nop) (local i32)))").startsWith("unexpected token"));
        assertEquals("constant out of range", malformed("(module (func (drop (i32.const 0x1_0000_0000))))"));
        assertEquals("constant out of range", malformed("(module (func (drop (f32.const 1e39))))"));
        assertEquals("wrong number of lane literals", malformed("(module (func (drop (v128.const i32x4 1 2 3))))"));
        assertEquals("multiple start sections", malformed("(module (func $f) (start $f) (start $f))"));
        assertEquals("malformed UTF-8 encoding", malformed("(module (export \"\\ff\" (func 0)) (func))"));
        assertTrue(malformed("(module (func (drop (i32.const 1)) (unknown)))").startsWith("unknown operator"));
    }

    @Test
    void outOfRangeIndicesAreLeftToTheValidator() {
        assertTrue(body("(module (func (call 5)))").contains("1005"));
        // limits beyond 32 bits are invalid, not malformed: encoded as u64
        assertTrue(body("(module (memory 0x1_0000_0000))").contains("0507" + "0100" + "8080808010"));
    }

    @Test
    void customAnnotations() {
        String s = hex("(module (@custom \"a\" \"x\") (@custom \"b\" (before func) \"y\") (func))");
        // custom "b" sits before the function section, "a" at the end
        assertTrue(s.indexOf("0003016279") < s.indexOf("03020100"), s);
        assertTrue(s.endsWith("0003016178") || s.contains("0003016178"), s);
        assertEquals("misplaced @custom annotation", malformed("(module (func (@custom \"a\")))"));
        assertEquals("@custom annotation: malformed section kind", malformed("(module (@custom \"a\" (after types)))"));
    }

    @Test
    void branchHints() {
        String s = hex("(module (func (param i32) (@metadata.code.branch_hint \"\\01\") (if (local.get 0) (then))))");
        // section "metadata.code.branch_hint": 1 function (0) with 1 hint at offset 3 (after the locals and local.get 0), value 01
        assertTrue(s.contains("6d657461646174612e636f64652e6272616e63685f68696e74" + "01" + "00" + "01" + "03" + "0101"), s);
        assertEquals("@metadata.code.branch_hint annotation: not in a function",
                malformed("(module (@metadata.code.branch_hint \"\\01\") (func))"));
        assertTrue(assertThrows(dev.wasm2jar.error.InvalidException.class,
                () -> WatParser.parseModule("(module (func (@metadata.code.branch_hint \"\\01\") nop))"))
                .reason().startsWith("@metadata.code.branch_hint annotation: invalid target"));
    }

    @Test
    void moduleQuotedFieldsOrModuleForm() {
        assertEquals(hex("(module (func))"), hex("(func)"));
        assertArrayEquals(WatParser.parseModule("(module $m (memory 1))"), WatParser.parseModule("(module $m (memory 1))"));
    }

    @Test
    void customDescriptorsAreUnsupported() {
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                () -> WatParser.parseModule("(module (type $s (struct)) (func (drop (struct.new_desc $s))))"));
        assertEquals("custom-descriptors", e.feature());
    }
}
