package dev.wasm2jar.codegen;

import dev.wasm2jar.runtime.Instance;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.function.IntUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Huge br_tables compile in linear time (fuzz regression br-table-huge) and still branch right. */
class BrTableSwitchTest {
    @BeforeEach
    void wabt() {
        Assumptions.assumeTrue(Wat.available(), "wat2wasm not installed");
    }

    /** {@code f(i)} returns the depth (0..3) br_table branches to for index i: targets by {@code depth}, default 3. */
    private static Instance module(int n, IntUnaryOperator depth) {
        StringBuilder sb = new StringBuilder("(module (func (export \"f\") (param i32) (result i32)\n"
                + " block block block block local.get 0 br_table");
        for (int i = 0; i < n; i++) sb.append(' ').append(depth.applyAsInt(i));
        sb.append(" 3\n end i32.const 0 return end i32.const 1 return end i32.const 2 return end i32.const 3))");
        return Wat.compile(Wat.toWasm(sb.toString())).instantiate(dev.wasm2jar.runtime.ImportResolver.NONE);
    }

    private static int call(Instance i, int x) {
        return (Integer) i.function("f").call(x)[0];
    }

    @Test
    void hugeUniformTableIsFast() {
        long t0 = System.nanoTime();
        Instance i = module(300_000, k -> 0);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 10_000, "compiling took " + ms + " ms");
        assertEquals(0, call(i, 0));
        assertEquals(0, call(i, 299_999));
        assertEquals(3, call(i, 300_000));
        assertEquals(3, call(i, -1));
        assertEquals(3, call(i, Integer.MIN_VALUE));
        assertEquals(3, call(i, Integer.MAX_VALUE));
    }

    @Test
    void hugeDenseTableCompilesFastAndBranchesRight() {
        // Since functions are split, a dense 300,000-target br_table maps indices in helper methods.
        long t0 = System.nanoTime();
        Instance i = module(300_000, k -> k % 4);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 10_000, "compiling took " + ms + " ms");
        for (int k : new int[] {0, 1, 2, 3, 4, 12_345, 299_999}) assertEquals(k % 4, call(i, k), "index " + k);
        assertEquals(3, call(i, 300_000), "default");
    }

    @Test
    void mixedDenseAndRunsBranchRight() {
        int n = 6_000;
        IntUnaryOperator depth = k -> k < 3_000 ? (k * 7919 >>> 3) % 4 : (k / 100) % 4;
        Instance i = module(n, depth);
        for (int k = -3; k < n + 3; k++) {
            int want = k < 0 || k >= n ? 3 : depth.applyAsInt(k);
            assertEquals(want, call(i, k), "index " + k);
        }
    }
}
