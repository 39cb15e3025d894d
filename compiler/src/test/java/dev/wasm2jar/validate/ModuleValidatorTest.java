package dev.wasm2jar.validate;

import dev.wasm2jar.error.InvalidException;
import dev.wasm2jar.error.UnsupportedFeatureException;
import dev.wasm2jar.model.ExternKind;
import dev.wasm2jar.model.FunctionBody;
import dev.wasm2jar.model.Limits;
import dev.wasm2jar.model.MemoryType;
import dev.wasm2jar.model.SegmentMode;
import dev.wasm2jar.model.Table;
import dev.wasm2jar.model.TableType;
import dev.wasm2jar.model.ValType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.wasm2jar.model.Opcode.*;
import static dev.wasm2jar.model.ValType.EXTERNREF;
import static dev.wasm2jar.model.ValType.F32;
import static dev.wasm2jar.model.ValType.FUNCREF;
import static dev.wasm2jar.model.ValType.I32;
import static dev.wasm2jar.model.ValType.I64;
import static dev.wasm2jar.validate.TestModule.EMPTY;
import static dev.wasm2jar.validate.TestModule.expr;
import static dev.wasm2jar.validate.TestModule.s;
import static dev.wasm2jar.validate.TestModule.types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModuleValidatorTest {
    private static final ValType[] NONE = new ValType[0];

    private static void valid(TestModule t) {
        ModuleValidator.validate(t.m);
    }

    private static InvalidException invalid(TestModule t, String reasonPrefix) {
        InvalidException e = assertThrows(InvalidException.class, () -> ModuleValidator.validate(t.m));
        assertTrue(e.reason().startsWith(reasonPrefix), "reason: " + e.reason());
        return e;
    }

    private static void unsupported(TestModule t, String feature) {
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, () -> ModuleValidator.validate(t.m));
        assertEquals(feature, e.feature(), e.getMessage());
    }

    /** A module with one function [params] -> [results] and this body. */
    private static TestModule fn(ValType[] params, ValType[] results, Object... body) {
        TestModule t = new TestModule();
        t.func(params, results, body);
        return t;
    }

    private static TestModule fn(Object... body) {
        return fn(NONE, NONE, body);
    }

    // ------------------------------------------------------------ numeric and stack typing

    @Test
    void simpleFunctionsValidate() {
        valid(fn(types(I32, I32), types(I32), LOCAL_GET, 0, LOCAL_GET, 1, I32_ADD, END));
        valid(fn(NONE, types(F32), I64_CONST, s(-1), F32_CONVERT_I64_U, END));
        valid(fn(F32_CONST, new TestModule.B(0, 0, 0, 0), I32_TRUNC_SAT_F32_S, I32_EXTEND8_S, DROP, END));
    }

    @Test
    void operandTypeMismatch() {
        InvalidException e = invalid(fn(I64_CONST, s(1), I32_CONST, s(2), I32_ADD, DROP, END), "type mismatch");
        assertEquals(0, e.functionIndex());
        invalid(fn(I32_ADD, DROP, END), "type mismatch");
        invalid(fn(NONE, types(I32), END), "type mismatch");
        invalid(fn(NONE, NONE, I32_CONST, s(0), END), "type mismatch");
    }

    @Test
    void unreachableMakesTheStackPolymorphic() {
        valid(fn(NONE, types(I32), UNREACHABLE, I32_ADD, END));
        valid(fn(NONE, types(I64), UNREACHABLE, SELECT, END));
        valid(fn(NONE, NONE, BLOCK, EMPTY, BR, 0, I32_ADD, DROP, END, END));
        invalid(fn(NONE, types(I32), UNREACHABLE, I64_CONST, s(0), I32_ADD, END), "type mismatch");
        // Values pushed after unreachable still count: one too many at the end.
        invalid(fn(NONE, NONE, UNREACHABLE, I32_CONST, s(0), END), "type mismatch");
        // br_if leaves the label's types (3.0), not unknown ones.
        invalid(fn(NONE, NONE, BLOCK, I32, UNREACHABLE, BR_IF, 0, I64_CONST, s(0), I64_ADD, DROP, END, DROP, END),
                "type mismatch");
    }

    @Test
    void selectRules() {
        valid(fn(NONE, types(I32), I32_CONST, s(1), I32_CONST, s(2), I32_CONST, s(0), SELECT, END));
        invalid(fn(NONE, types(I32), I32_CONST, s(1), I64_CONST, s(2), I32_CONST, s(0), SELECT, END), "type mismatch");
        // untyped select on references is invalid; the typed form is fine
        invalid(fn(types(FUNCREF), types(FUNCREF), LOCAL_GET, 0, LOCAL_GET, 0, I32_CONST, s(0), SELECT, END),
                "type mismatch");
        invalid(fn(types(FUNCREF), types(FUNCREF), UNREACHABLE, LOCAL_GET, 0, I32_CONST, s(0), SELECT, END),
                "type mismatch");
        valid(fn(types(FUNCREF), types(FUNCREF), LOCAL_GET, 0, LOCAL_GET, 0, I32_CONST, s(0), SELECT_T, 1, FUNCREF, END));
        invalid(fn(NONE, NONE, I32_CONST, s(0), I32_CONST, s(0), I32_CONST, s(0), SELECT_T, 0, DROP, END),
                "invalid result arity");
    }

    // ------------------------------------------------------------ control

    @Test
    void blocksWithParamsAndResults() {
        TestModule t = new TestModule();
        int pair = t.type(types(I32), types(I32, I32));
        t.func(NONE, types(I32), I32_CONST, s(7), BLOCK, s(pair), I32_CONST, s(3), END, I32_ADD, END);
        valid(t);
        TestModule u = new TestModule();
        int p = u.type(types(I32), types(I32));
        u.func(NONE, types(I32), I32_CONST, s(1), LOOP, s(p), END, END);
        u.func(NONE, types(I32), I32_CONST, s(1), I32_CONST, s(1), IF, s(p), I32_CONST, s(1), I32_ADD, ELSE, END, END);
        valid(u);
        invalid(fn(NONE, types(I32), BLOCK, s(5), END, END), "unknown type");
    }

    @Test
    void ifWithoutElseMustPassParamsThrough() {
        invalid(fn(NONE, types(I32), I32_CONST, s(0), IF, I32, I32_CONST, s(1), END, END), "type mismatch");
        TestModule t = new TestModule();
        int p = t.type(types(I32), types(I32));
        t.func(NONE, types(I32), I32_CONST, s(1), I32_CONST, s(0), IF, s(p), END, END);
        valid(t);
        invalid(fn(NONE, NONE, IF, EMPTY, END, END), "type mismatch");
    }

    @Test
    void branches() {
        valid(fn(NONE, types(I32), BLOCK, I32, I32_CONST, s(1), BR, 0, END, END));
        invalid(fn(NONE, NONE, BR, 1, END), "unknown label");
        invalid(fn(NONE, types(I32), BLOCK, I32, I64_CONST, s(1), BR, 0, END, END), "type mismatch");
        valid(fn(NONE, types(I32), I32_CONST, s(1), RETURN, END));
        // br_table: every target must take the same operands
        valid(fn(NONE, types(I32), BLOCK, I32, I32_CONST, s(1), I32_CONST, s(0), BR_TABLE, 1, 0, 1, END, END));
        invalid(fn(NONE, NONE, BLOCK, I32, I32_CONST, s(1), I32_CONST, s(0), BR_TABLE, 1, 0, 1, END, DROP, END),
                "type mismatch");
        invalid(fn(NONE, NONE, BLOCK, EMPTY, I32_CONST, s(0), BR_TABLE, 1, 0, 2, END, END), "unknown label");
        // unreachable: labels [i32] and [f32] both accept an unknown operand
        valid(fn(NONE, NONE, BLOCK, F32, BLOCK, I32, UNREACHABLE, BR_TABLE, 1, 0, 1, END, DROP, UNREACHABLE, END, DROP, END));
        invalid(fn(NONE, NONE, BLOCK, F32, BLOCK, I32, UNREACHABLE, I64_CONST, s(1), I32_CONST, s(0), BR_TABLE, 1, 0, 1, END,
                DROP, UNREACHABLE, END, DROP, END), "type mismatch");
    }

    @Test
    void calls() {
        TestModule t = new TestModule();
        int callee = t.importFunc(types(I32), types(I64));
        t.func(NONE, types(I64), I32_CONST, s(1), CALL, callee, END);
        valid(t);
        invalid(fn(CALL, 3, END), "unknown function");
        TestModule u = new TestModule();
        int sig = u.type(types(I32), types(I32));
        u.table(FUNCREF, 1, -1);
        u.func(NONE, types(I32), I32_CONST, s(5), I32_CONST, s(0), CALL_INDIRECT, sig, 0, END);
        valid(u);
        TestModule v = new TestModule();
        v.table(EXTERNREF, 1, -1);
        v.func(NONE, NONE, I32_CONST, s(0), CALL_INDIRECT, 0, 0, END);
        invalid(v, "type mismatch");
        invalid(fn(NONE, NONE, I32_CONST, s(0), CALL_INDIRECT, 0, 0, END), "unknown table");
    }

    // ------------------------------------------------------------ variables

    @Test
    void localsAndGlobals() {
        invalid(fn(types(I32), NONE, LOCAL_GET, 1, DROP, END), "unknown local");
        TestModule t = new TestModule();
        t.func(types(I32), types(I64), new ValType[] {I64}, LOCAL_GET, 1, END);
        valid(t);
        invalid(fn(GLOBAL_GET, 0, DROP, END), "unknown global");
        TestModule g = new TestModule();
        g.global(I32, false, I32_CONST, s(0), END);
        g.func(NONE, NONE, I32_CONST, s(1), GLOBAL_SET, 0, END);
        invalid(g, "immutable global");
        TestModule h = new TestModule();
        h.importGlobal(I32, true);
        h.func(NONE, NONE, I32_CONST, s(1), GLOBAL_SET, 0, END);
        valid(h);
    }

    @Test
    void tooManyLocals() {
        TestModule t = new TestModule();
        t.func(NONE, NONE, END);
        t.m.codes.set(0, new FunctionBody(new ValType[] {I32, I64}, new long[] {40_000, 0xFFFF_FFFFL}, new byte[] {0x0B}, 0, 1));
        invalid(t, "too many locals");
    }

    @Test
    void nestingLimit() {
        List<Object> body = new ArrayList<>();
        for (int i = 0; i < ModuleValidator.MAX_CONTROL_DEPTH; i++) {
            body.add(BLOCK);
            body.add(EMPTY);
        }
        for (int i = 0; i <= ModuleValidator.MAX_CONTROL_DEPTH; i++) body.add(END);
        invalid(fn(body.toArray()), "control frames nested too deeply");
        body.subList(0, 2).clear();
        body.remove(body.size() - 1);
        valid(fn(body.toArray()));
    }

    // ------------------------------------------------------------ memory

    @Test
    void memoryInstructions() {
        TestModule t = new TestModule().memory(1, 2);
        t.func(NONE, types(I64), I32_CONST, s(0), I64_LOAD32_U, 2, 8, END);
        t.func(NONE, NONE, I32_CONST, s(0), F32_CONST, new TestModule.B(0, 0, 0, 0), F32_STORE, 2, 0, END);
        t.func(NONE, types(I32), MEMORY_SIZE, 0, MEMORY_GROW, 0, END);
        valid(t);
        invalid(fn(NONE, types(I32), I32_CONST, s(0), I32_LOAD, 2, 0, END), "unknown memory 0");
        TestModule a = new TestModule().memory(1, -1);
        a.func(NONE, types(I32), I32_CONST, s(0), I32_LOAD16_S, 2, 0, END);
        invalid(a, "alignment must not be larger than natural");
        TestModule mm = new TestModule().memory(1, -1);
        mm.func(NONE, types(I32), MEMORY_SIZE, 1, END);
        invalid(mm, "unknown memory 1");
        TestModule two = new TestModule().memory(1, -1).memory(1, -1);
        two.func(NONE, types(I32), MEMORY_SIZE, 1, END);
        valid(two);
    }

    @Test
    void bulkMemoryAndTables() {
        TestModule t = new TestModule().memory(1, -1).passiveData().table(FUNCREF, 1, -1);
        int f = t.func(NONE, NONE, END);
        t.elem(SegmentMode.PASSIVE, FUNCREF, 0, null, f);
        t.func(NONE, NONE,
                I32_CONST, s(0), I32_CONST, s(0), I32_CONST, s(1), MEMORY_INIT, 0, 0,
                DATA_DROP, 0,
                I32_CONST, s(0), I32_CONST, s(0), I32_CONST, s(1), MEMORY_COPY, 0, 0,
                I32_CONST, s(0), I32_CONST, s(0), I32_CONST, s(1), MEMORY_FILL, 0,
                I32_CONST, s(0), I32_CONST, s(0), I32_CONST, s(1), TABLE_INIT, 0, 0,
                ELEM_DROP, 0,
                I32_CONST, s(0), I32_CONST, s(0), I32_CONST, s(1), TABLE_COPY, 0, 0,
                I32_CONST, s(0), TABLE_GET, 0, REF_IS_NULL, DROP,
                REF_NULL, new TestModule.B(0x70), I32_CONST, s(2), TABLE_GROW, 0, DROP,
                TABLE_SIZE, 0, DROP,
                I32_CONST, s(0), REF_NULL, new TestModule.B(0x70), I32_CONST, s(1), TABLE_FILL, 0,
                END);
        valid(t);
        invalid(fn(DATA_DROP, 0, END), "unknown data segment 0");
        invalid(fn(ELEM_DROP, 4, END), "unknown elem segment 4");
        TestModule noMem = new TestModule().passiveData();
        noMem.func(NONE, NONE, I32_CONST, s(0), I32_CONST, s(0), I32_CONST, s(1), MEMORY_INIT, 0, 0, END);
        invalid(noMem, "unknown memory 0");
        TestModule mix = new TestModule().table(FUNCREF, 1, -1).table(EXTERNREF, 1, -1);
        mix.func(NONE, NONE, I32_CONST, s(0), I32_CONST, s(0), I32_CONST, s(1), TABLE_COPY, 0, 1, END);
        invalid(mix, "type mismatch");
        TestModule set = new TestModule().table(EXTERNREF, 1, -1);
        set.func(NONE, NONE, I32_CONST, s(0), REF_NULL, new TestModule.B(0x70), TABLE_SET, 0, END);
        invalid(set, "type mismatch");
    }

    // ------------------------------------------------------------ references

    @Test
    void refFuncMustBeDeclared() {
        TestModule t = new TestModule();
        t.func(NONE, NONE, REF_FUNC, 0, DROP, END);
        invalid(t, "undeclared function reference");
        t.m.start = 0;
        invalid(t, "undeclared function reference");
        t.m.start = -1;
        t.export("f", ExternKind.FUNC, 0);
        valid(t);
        TestModule g = new TestModule();
        g.func(NONE, NONE, REF_FUNC, 0, DROP, END);
        g.global(FUNCREF, false, REF_FUNC, 0, END);
        valid(g);
        TestModule e = new TestModule();
        e.func(NONE, NONE, REF_FUNC, 0, DROP, END);
        e.elem(SegmentMode.DECLARATIVE, FUNCREF, 0, null, 0);
        valid(e);
    }

    @Test
    void refIsNullNeedsAReference() {
        invalid(fn(NONE, types(I32), I32_CONST, s(0), REF_IS_NULL, END), "type mismatch");
        valid(fn(NONE, types(I32), REF_NULL, new TestModule.B(0x6F), REF_IS_NULL, END));
        valid(fn(NONE, types(I32), UNREACHABLE, REF_IS_NULL, END));
    }

    // ------------------------------------------------------------ constant expressions

    @Test
    void constantExpressions() {
        TestModule t = new TestModule();
        t.importGlobal(I32, false);
        t.global(I32, false, GLOBAL_GET, 0, I32_CONST, s(2), I32_MUL, END);
        t.global(I32, false, GLOBAL_GET, 1, END); // 3.0: preceding immutable defined global
        t.global(I64, true, I64_CONST, s(5), I64_CONST, s(1), I64_SUB, END);
        valid(t);

        TestModule mut = new TestModule();
        mut.importGlobal(I32, true);
        mut.global(I32, false, GLOBAL_GET, 0, END);
        invalid(mut, "constant expression required");

        TestModule later = new TestModule();
        later.global(I32, false, GLOBAL_GET, 1, END);
        later.global(I32, false, I32_CONST, s(0), END);
        invalid(later, "unknown global");

        TestModule nonConst = new TestModule();
        nonConst.global(I32, false, I32_CONST, s(0), I32_CTZ, END);
        invalid(nonConst, "constant expression required");

        TestModule nop = new TestModule();
        nop.global(I32, false, I32_CONST, s(0), NOP, END);
        invalid(nop, "constant expression required");

        TestModule wrong = new TestModule();
        wrong.global(I32, false, F32_CONST, new TestModule.B(0, 0, 0, 0), END);
        invalid(wrong, "type mismatch");

        TestModule empty = new TestModule();
        empty.global(I32, false, END);
        invalid(empty, "type mismatch");

        TestModule two = new TestModule();
        two.global(I32, false, I32_CONST, s(0), I32_CONST, s(0), END);
        invalid(two, "type mismatch");

        TestModule unknownFunc = new TestModule();
        unknownFunc.global(FUNCREF, false, REF_FUNC, 7, END);
        invalid(unknownFunc, "unknown function 7");
    }

    @Test
    void segments() {
        TestModule t = new TestModule().table(FUNCREF, 1, -1).memory(1, -1);
        t.global(I32, false, I32_CONST, s(0), END);
        int f = t.func(NONE, NONE, END);
        t.elem(SegmentMode.ACTIVE, FUNCREF, 0, expr(GLOBAL_GET, 0, END), f);
        t.elemExprs(SegmentMode.PASSIVE, FUNCREF, 0, null, expr(REF_NULL, new TestModule.B(0x70), END),
                expr(REF_FUNC, f, END));
        t.activeData(0, expr(GLOBAL_GET, 0, END));
        valid(t);

        invalid(new TestModule().elem(SegmentMode.ACTIVE, FUNCREF, 0, expr(I32_CONST, s(0), END)), "unknown table");
        invalid(new TestModule().table(FUNCREF, 1, -1).elem(SegmentMode.ACTIVE, FUNCREF, 0, expr(I64_CONST, s(0), END)),
                "type mismatch");
        invalid(new TestModule().table(EXTERNREF, 1, -1).elem(SegmentMode.ACTIVE, FUNCREF, 0, expr(I32_CONST, s(0), END)),
                "type mismatch");
        invalid(new TestModule().table(FUNCREF, 1, -1).elemExprs(SegmentMode.PASSIVE, FUNCREF, 0, null,
                expr(REF_NULL, new TestModule.B(0x6F), END)), "type mismatch");
        invalid(new TestModule().activeData(0, expr(I32_CONST, s(0), END)), "unknown memory 0");
        invalid(new TestModule().memory(1, -1).activeData(1, expr(I32_CONST, s(0), END)), "unknown memory 1");
        invalid(new TestModule().memory(1, -1).activeData(0, expr(I32_CONST, s(0), I32_CTZ, END)),
                "constant expression required");
    }

    @Test
    void functionIndexSegmentsOfType3RefFuncActLikeFuncref() {
        ValType refFunc = ValType.ref(false, ValType.HT_FUNC);
        TestModule t = new TestModule().table(FUNCREF, 1, -1);
        int f = t.func(NONE, NONE, END);
        t.elem(SegmentMode.ACTIVE, refFunc, 0, expr(I32_CONST, s(0), END), f);
        t.elem(SegmentMode.PASSIVE, refFunc, 0, null, f);
        t.func(NONE, NONE, I32_CONST, s(0), I32_CONST, s(0), I32_CONST, s(1), TABLE_INIT, 1, 0, END);
        valid(t);
        TestModule x = new TestModule().table(EXTERNREF, 1, -1);
        int g = x.func(NONE, NONE, END);
        x.elem(SegmentMode.ACTIVE, refFunc, 0, expr(I32_CONST, s(0), END), g);
        invalid(x, "type mismatch");
    }

    // ------------------------------------------------------------ module level

    @Test
    void limits() {
        invalid(new TestModule().memory(65537, -1), "memory size must be at most 65536 pages (4GiB)");
        invalid(new TestModule().memory(0, 65537), "memory size");
        invalid(new TestModule().memory(2, 1), "size minimum must not be greater than maximum");
        valid(new TestModule().memory(0, 65536));
        invalid(new TestModule().table(FUNCREF, 0x1_0000_0000L, -1), "table size");
        invalid(new TestModule().table(FUNCREF, 0xFFFF_FFFFL, 0), "size minimum must not be greater than maximum");
        valid(new TestModule().table(FUNCREF, 0, 0xFFFF_FFFFL).table(EXTERNREF, 0, 0));
    }

    @Test
    void startAndExports() {
        TestModule t = new TestModule();
        t.func(NONE, types(I32), I32_CONST, s(0), END);
        t.m.start = 0;
        invalid(t, "start function");
        TestModule u = new TestModule();
        u.m.start = 3;
        invalid(u, "unknown function");
        TestModule e = new TestModule();
        e.func(NONE, NONE, END);
        e.export("a", ExternKind.FUNC, 0).export("a", ExternKind.FUNC, 0);
        invalid(e, "duplicate export name");
        invalid(new TestModule().export("m", ExternKind.MEMORY, 0), "unknown memory");
        invalid(new TestModule().export("t", ExternKind.TABLE, 0), "unknown table");
        invalid(new TestModule().export("g", ExternKind.GLOBAL, 0), "unknown global");
    }

    // ------------------------------------------------------------ unsupported features

    @Test
    void unsupportedFeatures() {
        unsupported(fn(NONE, NONE, RETURN_CALL, 0, END), "tail-call");
        unsupported(fn(NONE, NONE, I32_CONST, s(0), THROW_REF, END), "exceptions");
        unsupported(fn(types(ValType.ref(false, ValType.HT_FUNC)), NONE, END), "function-references");
        unsupported(fn(NONE, NONE, REF_NULL, new TestModule.B(0x6E), DROP, END), "gc");
        TestModule m64 = new TestModule();
        m64.m.memories.add(new MemoryType(new Limits(1, -1, true, false, 16)));
        unsupported(m64, "memory64");
        TestModule shared = new TestModule();
        shared.m.memories.add(new MemoryType(new Limits(1, 1, false, true, 16)));
        unsupported(shared, "threads");
        TestModule init = new TestModule();
        init.m.tables.add(new Table(new TableType(FUNCREF, Limits.of(1, -1)), expr(REF_NULL, new TestModule.B(0x70), END)));
        unsupported(init, "function-references");
    }

    @Test
    void invalidModuleWithAnUnsupportedFeatureIsReportedAsUnsupported() {
        TestModule t = new TestModule();
        t.func(NONE, NONE, I32_ADD, END); // invalid
        t.func(NONE, NONE, RETURN_CALL, 0, END); // tail-call, later
        unsupported(t, "tail-call");
    }
}
