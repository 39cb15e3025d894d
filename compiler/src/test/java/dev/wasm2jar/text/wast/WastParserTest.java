package dev.wasm2jar.text.wast;

import dev.wasm2jar.error.MalformedException;
import dev.wasm2jar.model.ValType;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WastParserTest {
    private static List<Command> parse(String s) {
        return WastParser.parse(s, "test.wast").commands();
    }

    @Test
    void modulesOfAllKinds() {
        List<Command> cs = parse("(module $a (func))\n(module $b binary \"\\00asm\" \"\\01\\00\\00\\00\")\n"
                + "(module quote \"(func\" \")\")\n(module definition $d (memory 1))\n(module instance $i $d)");
        WastModule a = ((Command.DefineModule) cs.get(0)).module();
        assertEquals("a", a.name());
        assertEquals(WastModule.Kind.TEXT, a.kind());
        assertEquals("(module $a (func))", a.source());
        assertEquals(1, cs.get(0).line());
        WastModule b = ((Command.DefineModule) cs.get(1)).module();
        assertEquals(WastModule.Kind.BINARY, b.kind());
        assertArrayEquals(HexFormat.of().parseHex("0061736d01000000"), b.toBinary());
        WastModule q = ((Command.DefineModule) cs.get(2)).module();
        assertEquals(WastModule.Kind.QUOTE, q.kind());
        assertEquals("(func)", q.source());
        assertArrayEquals(a.toBinary().length > 0 ? q.toBinary() : null, q.toBinary());
        WastModule d = ((Command.DefineModule) cs.get(3)).module();
        assertTrue(d.isDefinition());
        assertEquals("d", d.name());
        assertEquals(new Command.ModuleInstance(5, "i", "d"), cs.get(4));
    }

    @Test
    void malformedQuotedModuleFailsOnlyInToBinary() {
        Command.AssertMalformed m = (Command.AssertMalformed) parse(
                "(assert_malformed (module quote \"(func (i32.const 0x1_0000_0000))\") \"constant out of range\")").get(0);
        assertEquals("constant out of range", m.message());
        assertFalse(m.custom());
        MalformedException e = assertThrows(MalformedException.class, () -> m.module().toBinary());
        assertTrue(e.reason().startsWith(m.message()));
    }

    @Test
    void actionsAndArguments() {
        Command.Perform p = (Command.Perform) parse("(invoke $m \"f\" (i32.const -1) (i64.const 0xffffffffffffffff)"
                + " (f32.const -nan:0x1) (f64.const 0x1p-1074) (ref.null extern) (ref.extern 7) (ref.host 2)"
                + " (v128.const i16x8 1 2 3 4 5 6 7 -1))").get(0);
        Action.Invoke inv = (Action.Invoke) p.action();
        assertEquals("m", inv.module());
        assertEquals("f", inv.name());
        List<Value> args = inv.args();
        assertEquals(new Value.Num(ValType.I32, -1), args.get(0));
        assertEquals(new Value.Num(ValType.I64, -1), args.get(1));
        assertEquals(new Value.Num(ValType.F32, 0xFF800001L), args.get(2));
        assertEquals(new Value.Num(ValType.F64, 1), args.get(3));
        assertEquals(new Value.RefNull(ValType.HT_EXTERN), args.get(4));
        assertEquals(new Value.RefExtern(7), args.get(5));
        assertEquals(new Value.RefHost(2), args.get(6));
        assertEquals(new Value.V128(0x0004000300020001L, 0xFFFF000700060005L), args.get(7));
        Action.Get g = (Action.Get) ((Command.Perform) parse("(get \"g\")").get(0)).action();
        assertNull(g.module());
    }

    @Test
    void resultPatterns() {
        Command.AssertReturn r = (Command.AssertReturn) parse("(assert_return (invoke \"f\") (f32.const nan:canonical)"
                + " (f64.const nan:arithmetic) (f64.const -0) (v128.const f32x4 nan:canonical 1 -inf nan:arithmetic)"
                + " (ref.null) (ref.null func) (ref.extern) (ref.extern 3) (ref.func) (ref.struct) (ref.i31)"
                + " (either (i32.const 1) (i32.const 2)))").get(0);
        List<ResultPattern> rs = r.results();
        assertEquals(new ResultPattern.Nan(ValType.F32, ResultPattern.NanKind.CANONICAL), rs.get(0));
        assertEquals(new ResultPattern.Nan(ValType.F64, ResultPattern.NanKind.ARITHMETIC), rs.get(1));
        assertEquals(new ResultPattern.Num(ValType.F64, 0x8000000000000000L), rs.get(2));
        ResultPattern.V128 v = (ResultPattern.V128) rs.get(3);
        assertEquals("f32x4", v.shape());
        assertEquals(new ResultPattern.Lane(0, ResultPattern.NanKind.CANONICAL), v.lanes().get(0));
        assertEquals(new ResultPattern.Lane(0x3F800000L, null), v.lanes().get(1));
        assertEquals(new ResultPattern.Lane(0xFF800000L, null), v.lanes().get(2));
        assertEquals(new ResultPattern.RefNull(null), rs.get(4));
        assertEquals(new ResultPattern.RefNull(ValType.HT_FUNC), rs.get(5));
        assertEquals(new ResultPattern.Ref(ResultPattern.RefKind.EXTERN, null), rs.get(6));
        assertEquals(new ResultPattern.Ref(ResultPattern.RefKind.EXTERN, 3L), rs.get(7));
        assertEquals(new ResultPattern.Ref(ResultPattern.RefKind.FUNC, null), rs.get(8));
        assertEquals(new ResultPattern.Ref(ResultPattern.RefKind.STRUCT, null), rs.get(9));
        assertEquals(new ResultPattern.Ref(ResultPattern.RefKind.I31, null), rs.get(10));
        assertEquals(2, ((ResultPattern.Either) rs.get(11)).alternatives().size());
    }

    @Test
    void assertions() {
        List<Command> cs = parse("(module (func (export \"f\")))\n"
                + "(assert_trap (invoke \"f\") \"unreachable\")\n"
                + "(assert_trap (module (start 0) (func unreachable)) \"unreachable\")\n"
                + "(assert_exhaustion (invoke \"f\") \"call stack exhausted\")\n"
                + "(assert_exception (invoke \"f\"))\n"
                + "(assert_invalid (module (func (drop))) \"type mismatch\")\n"
                + "(assert_unlinkable (module (import \"x\" \"y\" (func))) \"unknown import\")\n"
                + "(assert_malformed_custom (module quote \"(@custom)\") \"@custom annotation\")\n"
                + "(register \"M\" $m)\n");
        assertInstanceOf(Command.AssertTrap.class, cs.get(1));
        assertEquals("unreachable", ((Command.AssertModuleTrap) cs.get(2)).message());
        assertEquals(4, cs.get(3).line());
        assertInstanceOf(Command.AssertException.class, cs.get(4));
        assertEquals("type mismatch", ((Command.AssertInvalid) cs.get(5)).message());
        assertTrue(((Command.AssertInvalid) cs.get(5)).module().toBinary().length > 8);
        assertInstanceOf(Command.AssertUnlinkable.class, cs.get(6));
        assertTrue(((Command.AssertMalformed) cs.get(7)).custom());
        assertEquals(new Command.Register(9, "M", "m"), cs.get(8));
    }

    @Test
    void threadsAndMetaCommands() {
        List<Command> cs = parse("(thread $T (shared (module $M)) (register \"mem\" $M) (invoke \"f\"))\n(wait $T)\n"
                + "(input $x \"a.wast\")\n(output \"b.wasm\")\n(script $s (module))");
        Command.Thread t = (Command.Thread) cs.get(0);
        assertEquals("T", t.name());
        assertEquals(List.of("M"), t.sharedModules());
        assertEquals(2, t.commands().size());
        assertEquals(new Command.Wait(2, "T"), cs.get(1));
        assertEquals(new Command.Input(3, "x", "a.wast"), cs.get(2));
        assertEquals(new Command.Output(4, null, "b.wasm"), cs.get(3));
        assertEquals(1, ((Command.SubScript) cs.get(4)).commands().size());
    }

    @Test
    void inlineModuleScript() {
        List<Command> cs = parse("(func (export \"f\"))\n(memory 1)");
        assertEquals(1, cs.size());
        WastModule m = ((Command.DefineModule) cs.get(0)).module();
        assertTrue(m.toBinary().length > 8);
    }

    @Test
    void scriptSyntaxErrorsHaveFileLineAndColumn() {
        MalformedException e = assertThrows(MalformedException.class, () -> parse("(module)\n  (assert_return (invoke \"f\") 7)"));
        assertEquals("2:31", e.location());
        assertTrue(e.getMessage().startsWith("test.wast:2:31: "), e.getMessage());
        assertThrows(MalformedException.class, () -> parse("(bogus)"));
        assertThrows(MalformedException.class, () -> parse("(module"));
    }
}
