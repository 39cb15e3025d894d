package dev.wasm2jar.codegen;

import dev.wasm2jar.runtime.Global;
import dev.wasm2jar.runtime.Instance;
import dev.wasm2jar.runtime.Trap;
import dev.wasm2jar.runtime.V128;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** v128 plumbing: boundaries (V128 objects), multi-value, globals, control flow, select, traps. */
class SimdCodegenTest {
    @BeforeEach
    void wabt() {
        Assumptions.assumeTrue(Wat.available(), "wat2wasm not installed");
    }

    private static V128 i32x4(int a, int b, int c, int d) {
        return new V128((a & 0xFFFFFFFFL) | ((long) b << 32), (c & 0xFFFFFFFFL) | ((long) d << 32));
    }

    private static V128 f32x4(float a, float b, float c, float d) {
        return i32x4(Float.floatToRawIntBits(a), Float.floatToRawIntBits(b), Float.floatToRawIntBits(c), Float.floatToRawIntBits(d));
    }

    /**
     * f32x4/i32x4 results also live as lanes in JVM locals (SimdViews). These functions would read
     * stale lanes if a view survived a merge of control flow, or a local.set over lanes that an
     * earlier local.get still refers to.
     */
    @Test
    void laneViewsHoldOnlyInStraightLineCode() {
        Instance i = Wat.instantiate("""
            (module
              (func (export "loop") (param i32) (result v128)
                (f32x4.mul (v128.const f32x4 1 2 3 4) (v128.const f32x4 1 1 1 1))
                (loop (param v128) (result v128)
                  (f32x4.add (f32x4.splat (f32.const 1)))
                  (f32x4.neg)
                  (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))
                  (br_if 0)))
              (func (export "if") (param i32 v128) (result v128)
                (local v128)
                (local.set 2 (v128.const f32x4 9 9 9 9))
                (if (local.get 0) (then (local.set 2 (f32x4.add (local.get 1) (local.get 1)))))
                (f32x4.add (local.get 2) (local.get 1)))
              (func (export "else") (param i32 v128) (result v128)
                (local v128)
                (if (local.get 0)
                  (then (local.set 2 (v128.const f32x4 9 9 9 9)))
                  (else (local.set 2 (f32x4.add (local.get 1) (local.get 1)))))
                (f32x4.add (local.get 2) (local.get 1)))
              (func (export "block") (param i32 v128) (result v128)
                (local v128)
                (local.set 2 (v128.const i32x4 9 9 9 9))
                (block (br_if 0 (local.get 0)) (local.set 2 (i32x4.mul (local.get 1) (local.get 1))))
                (i32x4.add (local.get 2) (local.get 1)))
              (func (export "reset") (param v128) (result v128)
                (local v128)
                (local.set 1 (f32x4.mul (local.get 0) (local.get 0)))
                (local.get 1)
                (local.set 1 (f32x4.add (local.get 1) (local.get 1)))
                (f32x4.sub (local.get 1)))
              (func (export "teeOver") (param v128 v128) (result v128)
                (local v128 v128)
                (local.set 2 (f32x4.mul (local.get 0) (v128.const f32x4 1 1 1 1)))
                (local.set 3 (f32x4.mul (local.get 1) (v128.const f32x4 1 1 1 1)))
                (f32x4.sub (local.get 2) (local.tee 2 (local.get 3))))
              (func (export "bits") (param i32) (result i32)
                (local v128)
                (local.set 1 (f32x4.splat (f32.reinterpret_i32 (local.get 0))))
                (i32x4.extract_lane 2 (local.get 1)))
              (memory 1)
              (func (export "loadLanes") (param i32) (result i32)
                (i32.store (i32.const 52) (local.get 0))
                (i32.reinterpret_f32 (f32x4.extract_lane 1 (v128.load (i32.const 48)))))
              (func (export "storeLanes") (param i32) (result i32)
                (v128.store (i32.const 16) (f32x4.splat (f32.reinterpret_i32 (local.get 0))))
                (i32.load (i32.const 28)))
              (func (export "storeAt") (param i32) (v128.store (local.get 0) (f32x4.splat (f32.const 1))))
              (func (export "storeIntsAt") (param i32)
                (v128.store (local.get 0) (i32x4.mul (i32x4.splat (local.get 0)) (v128.const i32x4 1 2 3 4))))
              (func (export "load64") (param i32) (result i64) (i64.load (local.get 0)))
            )""");
        V128 x = f32x4(1, 2, 3, 4);
        assertEquals(x, i.function("loop").call(2)[0]);
        assertEquals(f32x4(10, 11, 12, 13), i.function("if").call(0, x)[0]);
        assertEquals(f32x4(3, 6, 9, 12), i.function("if").call(1, x)[0]);
        assertEquals(f32x4(10, 11, 12, 13), i.function("else").call(1, x)[0]);
        assertEquals(f32x4(3, 6, 9, 12), i.function("else").call(0, x)[0]);
        assertEquals(i32x4(10, 11, 12, 13), i.function("block").call(1, i32x4(1, 2, 3, 4))[0]);
        assertEquals(i32x4(2, 6, 12, 20), i.function("block").call(0, i32x4(1, 2, 3, 4))[0]);
        assertEquals(f32x4(-1, -4, -9, -16), i.function("reset").call(x)[0]);
        assertEquals(f32x4(-1, -2, -3, -4), i.function("teeOver").call(x, f32x4(2, 4, 6, 8))[0]);
        // lanes are floats, yet a signalling NaN keeps its bits
        assertEquals(0x7fa00001, i.function("bits").call(0x7fa00001)[0]);
        // loaded and stored as floats, too
        assertEquals(0xffa00002, i.function("loadLanes").call(0xffa00002)[0]);
        assertEquals(0x7f800003, i.function("storeLanes").call(0x7f800003)[0]);
        // a trapping store of lanes writes none of them
        assertThrows(Trap.class, () -> i.function("storeAt").call(65528));
        assertThrows(Trap.class, () -> i.function("storeAt").call(-4));
        assertThrows(Trap.class, () -> i.function("storeIntsAt").call(65528));
        assertThrows(Trap.class, () -> i.function("storeIntsAt").call(-4));
        assertEquals(0L, i.function("load64").call(65528)[0]);
        assertEquals(0L, i.function("load64").call(0)[0]);
        assertEquals(0L, i.function("load64").call(8)[0]);
    }

    /**
     * A SIMD instruction compiles to tens of bytes of JVM code: a long straight run of them must
     * still be cut into methods small enough for the JIT (8000 bytes).
     */
    @Test
    void longSimdFunctionsAreSplit() {
        StringBuilder wat = new StringBuilder("(module (func (export \"f\") (result i32) (local v128)\n"
                + "(local.set 0 (v128.const i32x4 1 2 3 4))\n");
        int n = 1500;
        for (int k = 0; k < n; k++) {
            wat.append("(local.set 0 (i32x4.add (i32x4.mul (local.get 0) (v128.const i32x4 3 5 7 9)) (v128.const i32x4 1 1 1 1)))\n");
        }
        wat.append("(i32.xor (i32x4.extract_lane 0 (local.get 0)) (i32x4.extract_lane 3 (local.get 0)))))");
        byte[] wasm = Wat.toWasm(wat.toString());
        assertTrue(Wat.compile(wasm).stats().largestMethodSize() <= 8000);
        int a = 1, d = 4;
        for (int k = 0; k < n; k++) {
            a = a * 3 + 1;
            d = d * 9 + 1;
        }
        assertEquals(a ^ d, Wat.instantiate(wat.toString()).function("f").call()[0]);
    }

    @Test
    void v128AcrossBoundariesAndControl() {
        Instance i = Wat.instantiate("""
            (module
              (global $g (export "g") (mut v128) (v128.const i32x4 1 2 3 4))
              (memory 1)
              (type $t (func (param v128 v128) (result v128)))
              (table 2 funcref)
              (elem (i32.const 0) $add $sub)
              (func $add (type $t) (i32x4.add (local.get 0) (local.get 1)))
              (func $sub (type $t) (i32x4.sub (local.get 0) (local.get 1)))
              (func (export "indirect") (param i32 v128 v128) (result v128)
                (call_indirect (type $t) (local.get 1) (local.get 2) (local.get 0)))
              (func (export "multi") (param i32 v128 f64) (result v128 i32 v128 f64)
                (local.get 1) (local.get 0) (i32x4.splat (local.get 0)) (local.get 2))
              (func (export "gswap") (param v128) (result v128)
                (global.get $g) (global.set $g (local.get 0)))
              (func (export "loop") (param i32) (result v128)
                (v128.const i32x4 0 0 0 0)
                (loop (param v128) (result v128)
                  (i32x4.add (v128.const i32x4 1 2 3 4))
                  (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))
                  (br_if 0)))
              (func (export "sel") (param i32 i32) (result v128)
                (select (v128.const i32x4 1 1 1 1) (v128.const i32x4 2 2 2 2)
                  (i32.lt_s (local.get 0) (local.get 1))))
              (func (export "store") (param i32)
                (v128.store (local.get 0) (v128.const i64x2 -1 -1)))
              (func (export "load") (param i32) (result v128) (v128.load (local.get 0)))
            )""");
        V128 a = i32x4(1, 2, 3, 4), b = i32x4(10, 20, 30, 40);
        assertEquals(i32x4(11, 22, 33, 44), i.function("indirect").call(0, a, b)[0]);
        assertEquals(i32x4(-9, -18, -27, -36), i.function("indirect").call(1, a, b)[0]);
        assertArrayEquals(new Object[] {a, 7, i32x4(7, 7, 7, 7), 1.5}, i.function("multi").call(7, a, 1.5));
        assertEquals(a, i.function("gswap").call(b)[0]);
        assertEquals(b, ((Global) i.export("g")).getValue());
        assertEquals(i32x4(3, 6, 9, 12), i.function("loop").call(3)[0]);
        assertEquals(i32x4(1, 1, 1, 1), i.function("sel").call(0, 1)[0]);
        assertEquals(i32x4(2, 2, 2, 2), i.function("sel").call(1, 0)[0]);
        // A trapping store writes nothing, even the part that would be in bounds.
        assertThrows(Trap.class, () -> i.function("store").call(65528));
        assertEquals(new V128(0, 0), i.function("load").call(65520)[0]);
        i.function("store").call(65520);
        assertEquals(new V128(-1, -1), i.function("load").call(65520)[0]);
    }
}
