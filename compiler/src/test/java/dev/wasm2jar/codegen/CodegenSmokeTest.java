package dev.wasm2jar.codegen;

import dev.wasm2jar.runtime.Instance;
import dev.wasm2jar.runtime.Trap;
import dev.wasm2jar.runtime.TrapKind;
import dev.wasm2jar.runtime.WasmBacktrace;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class CodegenSmokeTest {
    @BeforeEach
    void wabt() {
        Assumptions.assumeTrue(Wat.available(), "wat2wasm not installed");
    }

    private static Object call(Instance i, String name, Object... args) {
        Object[] r = i.function(name).call(args);
        return r.length == 0 ? null : r.length == 1 ? r[0] : r;
    }

    @Test
    void arithmeticAndControl() {
        Instance i = Wat.instantiate("""
            (module
              (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
              (func $fac (export "fac") (param i64) (result i64)
                local.get 0 i64.eqz
                if (result i64) i64.const 1
                else local.get 0 local.get 0 i64.const 1 i64.sub call $fac i64.mul end)
              (func (export "sum") (param i32) (result i32) (local i32)
                block loop
                  local.get 0 i32.eqz br_if 1
                  local.get 1 local.get 0 i32.add local.set 1
                  local.get 0 i32.const 1 i32.sub local.set 0
                  br 0 end end
                local.get 1)
              (func (export "sel") (param i32) (result i32) i32.const 10 i32.const 20 local.get 0 select)
              (func (export "blk") (param i32) (result i32)
                i32.const 1
                block (result i32) i32.const 5 local.get 0 br_if 0 drop i32.const 7 end
                i32.add)
              (func (export "div") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)
              (func (export "lt") (param f32 f32) (result i32) local.get 0 local.get 1 f32.lt)
              (func (export "tbl") (param i32) (result i32)
                block block block local.get 0 br_table 0 1 2 end i32.const 10 return end i32.const 20 return end i32.const 30)
            )""");
        assertEquals(5, call(i, "add", 2, 3));
        assertEquals(3628800L, call(i, "fac", 10L));
        assertEquals(5050, call(i, "sum", 100));
        assertEquals(10, call(i, "sel", 1));
        assertEquals(20, call(i, "sel", 0));
        assertEquals(6, call(i, "blk", 1));
        assertEquals(8, call(i, "blk", 0));
        assertEquals(-2, call(i, "div", -7, 3));
        assertEquals(1, call(i, "lt", 1f, 2f));
        assertEquals(0, call(i, "lt", Float.NaN, 2f));
        assertEquals(10, call(i, "tbl", 0));
        assertEquals(20, call(i, "tbl", 1));
        assertEquals(30, call(i, "tbl", 2));
        assertEquals(30, call(i, "tbl", 99));
        Trap t = assertThrows(Trap.class, () -> call(i, "div", 1, 0));
        assertEquals(TrapKind.INTEGER_DIVIDE_BY_ZERO, t.kind());
        t = assertThrows(Trap.class, () -> call(i, "div", Integer.MIN_VALUE, -1));
        assertEquals(TrapKind.INTEGER_OVERFLOW, t.kind());
    }

    /** select on a zero-extended narrow load takes a shorter mask; every byte and a spread of halfwords. */
    @Test
    void selectOnNarrowLoads() {
        Instance i = Wat.instantiate("""
            (module
              (memory 1)
              (func (export "sel8") (param i32) (result i32)
                (i32.store8 (i32.const 0) (local.get 0))
                (select (i32.const 111) (i32.const 222) (i32.load8_u (i32.const 0))))
              (func (export "sel16") (param i32) (result i64)
                (i32.store16 (i32.const 2) (local.get 0))
                (select (i64.const -1) (i64.const 5) (i32.load16_u (i32.const 2))))
              (func (export "sel8s") (param i32) (result i32)
                (i32.store8 (i32.const 0) (local.get 0))
                (select (i32.const 111) (i32.const 222) (i32.load8_s (i32.const 0)))))""");
        for (int b = 0; b < 256; b++) {
            assertEquals(b == 0 ? 222 : 111, call(i, "sel8", b), "byte " + b);
            assertEquals(b == 0 ? 222 : 111, call(i, "sel8s", b), "signed byte " + b);
        }
        for (int h : new int[] {0, 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xfffe, 0xffff, 0x10000}) {
            assertEquals((h & 0xffff) == 0 ? 5L : -1L, call(i, "sel16", h), "halfword " + h);
        }
    }

    @Test
    void memoryTablesAndMultiValue() {
        Instance i = Wat.instantiate("""
            (module
              (memory (export "mem") 1 2)
              (data (i32.const 8) "\\01\\02\\03\\04")
              (table 2 funcref)
              (elem (i32.const 0) $one $two)
              (type $t (func (result i32)))
              (func $one (result i32) i32.const 1)
              (func $two (result i32) i32.const 2)
              (func (export "ci") (param i32) (result i32) local.get 0 call_indirect (type $t))
              (func (export "load") (param i32) (result i32) local.get 0 i32.load offset=4)
              (func (export "store") (param i32 i64) local.get 0 local.get 1 i64.store)
              (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
              (func $swap (export "swap") (param i32 i64) (result i64 i32) local.get 1 local.get 0)
              (func (export "useswap") (result i64) (local i64)
                i32.const 3 i64.const 4 call $swap drop)
              (global $g (export "g") (mut i32) (i32.const 42))
              (func (export "incg") (result i32) global.get $g i32.const 1 i32.add global.set $g global.get $g)
            )""");
        assertEquals(0x04030201, call(i, "load", 4));
        Trap t = assertThrows(Trap.class, () -> call(i, "load", -1));
        assertEquals(TrapKind.OUT_OF_BOUNDS_MEMORY_ACCESS, t.kind());
        assertEquals(1, call(i, "ci", 0));
        assertEquals(2, call(i, "ci", 1));
        t = assertThrows(Trap.class, () -> call(i, "ci", 2));
        assertEquals(TrapKind.UNDEFINED_ELEMENT, t.kind());
        call(i, "store", 100, 0x1122334455667788L);
        assertEquals(0x11223344, call(i, "load", 100));
        assertEquals(1, call(i, "grow", 1));
        assertEquals(-1, call(i, "grow", 1));
        Object[] r = (Object[]) call(i, "swap", 7, 9L);
        assertEquals(9L, r[0]);
        assertEquals(7, r[1]);
        assertEquals(4L, call(i, "useswap"));
        assertEquals(43, call(i, "incg"));
        assertEquals(43, ((dev.wasm2jar.runtime.Global) i.export("g")).getI32());
    }

    @Test
    void backtraceNames() {
        Instance i = Wat.instantiate("""
            (module
              (func $inner.fn (unreachable))
              (func $outer (export "outer") call $inner.fn))""");
        Trap t = assertThrows(Trap.class, () -> call(i, "outer"));
        assertEquals(TrapKind.UNREACHABLE, t.kind());
        assertEquals(java.util.List.of("inner.fn", "outer"), WasmBacktrace.functionNames(t).subList(0, 2));
    }
}
