package dev.wasm2jar.text;

import dev.wasm2jar.error.MalformedException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LexerTest {
    private static List<SExpr> items(String text) {
        return SExprReader.read(text).items();
    }

    private static Token atom(String text) {
        List<SExpr> items = items(text);
        assertEquals(1, items.size(), "one item expected in " + text);
        return (Token) items.get(0);
    }

    private static String malformed(String text) {
        return assertThrows(MalformedException.class, () -> SExprReader.read(text)).reason();
    }

    @Test
    void classifiesTokens() {
        assertEquals(Token.Kind.KEYWORD, atom("i32.const").kind());
        assertEquals(Token.Kind.KEYWORD, atom("offset=0x10").kind());
        assertEquals(Token.Kind.KEYWORD, atom("nan:canonical").kind());
        assertEquals(Token.Kind.NAT, atom("1_000").kind());
        assertEquals(Token.Kind.NAT, atom("0xFF_ff").kind());
        assertEquals(Token.Kind.INT, atom("-7").kind());
        assertEquals(Token.Kind.INT, atom("+0x7").kind());
        assertEquals(Token.Kind.FLOAT, atom("1.5e-3").kind());
        assertEquals(Token.Kind.FLOAT, atom("1.").kind());
        assertEquals(Token.Kind.FLOAT, atom("0x1.8p+3").kind());
        assertEquals(Token.Kind.FLOAT, atom("-inf").kind());
        assertEquals(Token.Kind.FLOAT, atom("+nan:0x1").kind());
        assertEquals(Token.Kind.STRING, atom("\"hi\"").kind());
    }

    @Test
    void malformedNumbersAndGluedTokensAreReserved() {
        for (String s : new String[] {"1__0", "_1", "0x", "1e", "0drop", "1.e", "$l\"a\"", "data\"a\"", "0$l", "a,b", "@a"}) {
            assertEquals(Token.Kind.RESERVED, atom(s).kind(), s);
        }
        assertTrue(atom("0drop").error().startsWith("unknown operator"));
    }

    @Test
    void identifiers() {
        Token t = atom("$a.b-c!");
        assertEquals(Token.Kind.ID, t.kind());
        assertEquals("a.b-c!", t.text());
        Token q = atom("$\"a b\\u{3bb}\"");
        assertEquals(Token.Kind.ID, q.kind());
        assertEquals("a b\u03bb", q.text());
        assertEquals("empty identifier", atom("$").error());
        assertEquals("empty identifier", atom("$\"\"").error());
        assertEquals("empty identifier", malformed("$\"a\nb\""));
    }

    @Test
    void stringEscapesAreRawBytes() {
        Token t = atom("\"\\t\\n\\r\\\"\\'\\\\\\00\\ff\\u{10FFFF}λ\"");
        byte[] expected = {9, 10, 13, '"', '\'', '\\', 0, (byte) 0xFF, (byte) 0xF4, (byte) 0x8F, (byte) 0xBF, (byte) 0xBF,
                (byte) 0xCE, (byte) 0xBB};
        assertArrayEquals(expected, t.bytes());
        assertEquals("illegal escape", malformed("\"\\q\""));
        assertEquals("illegal escape", malformed("\"\\u{D800}\""));
        assertEquals("unclosed string", malformed("\"abc"));
        assertEquals("malformed UTF-8 encoding", malformedBytes(new byte[] {'"', (byte) 0xC0, (byte) 0x80, '"'}));
    }

    private static String malformedBytes(byte[] b) {
        return assertThrows(MalformedException.class, () -> SExprReader.read(b)).reason();
    }

    @Test
    void commentsAndWhitespace() {
        List<SExpr> items = items("a ;; line\n (; block (; nested ;) ;) b(;x;)c");
        assertEquals(3, items.size());
        assertEquals("c", ((Token) items.get(2)).text());
        assertEquals(2, items("a ;; comment ended by CR\r b").size());
        assertEquals("unclosed comment", malformed("(; never closed"));
        assertEquals("illegal character", malformed("a \u00e9"));
        assertEquals("malformed UTF-8 encoding", malformedBytes(new byte[] {'a', ' ', (byte) 0x80}));
        assertEquals("illegal character", malformed("a \u0001"));
    }

    @Test
    void annotationsAreSkippedAndCustomOnesKept() {
        SList top = SExprReader.read("((@a x (y) \"s\") module (@b) $m (@custom \"n\" \"d\") (@x (@ nested)))");
        SList m = (SList) top.get(0);
        assertEquals(2, m.size());
        assertEquals("module", m.head());
        assertEquals(1, m.annotations().size());
        Annotation a = m.annotations().get(0);
        assertEquals("custom", a.id());
        assertEquals(m.start(), a.parentStart());
        assertEquals(2, a.index());
        assertEquals("empty annotation id", malformed("(@ x)"));
        assertEquals("empty annotation id", malformed("(@)"));
        assertEquals("unclosed annotation", malformed("(@x (y)"));
        assertTrue(malformed("(@x))").startsWith("unexpected token"));
    }

    @Test
    void positionsAreLineAndColumn() {
        MalformedException e = assertThrows(MalformedException.class, () -> SExprReader.read("(a\n  \"x"));
        assertEquals("2:3", e.location());
        SList top = SExprReader.read("\n (b)");
        assertEquals(2, top.get(0).line());
        assertEquals(2, top.get(0).column());
    }

    @Test
    void readsUtf8Source() {
        SList top = SExprReader.read("(\"Würstchen\")".getBytes(StandardCharsets.UTF_8));
        assertEquals("Würstchen", ((Token) ((SList) top.get(0)).get(0)).stringValue());
    }
}
