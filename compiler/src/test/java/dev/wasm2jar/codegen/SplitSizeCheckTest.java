package dev.wasm2jar.codegen;

import dev.wasm2jar.runtime.ImportResolver;
import dev.wasm2jar.runtime.Instance;
import dev.wasm2jar.text.WatParser;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Functions are planned with a size factor C code meets (2 JVM bytes per Wasm byte); code that
 * translates to more is measured after generation and planned again, so that no method ends up
 * over HotSpot's 8000-byte limit for JIT compilation.
 */
class SplitSizeCheckTest {
    @Test
    void codeDenserThanPlannedIsPlannedAgainUntilEveryMethodFits() {
        // A load and a store with offsets: 10 or 11 bytes of Wasm, 3 bytes of JVM code per byte.
        StringBuilder w = new StringBuilder("(module (memory (export \"memory\") 1) (func (export \"f\") (param i32 i32)");
        // 4,000 bytes: one method by the likely factor (8,000 estimated, under the split threshold
        // of 9,545), about 12,000 bytes once generated.
        int n = 365;
        for (int k = 0; k < n; k++) {
            w.append(" (i32.store offset=").append(4 * (k % 64) + 256)
                    .append(" (local.get 0) (i32.load offset=").append(4 * (k % 63)).append(" (local.get 1)))");
        }
        w.append("))");
        CompiledModule cm = Wat.compile(WatParser.parseModule(w.toString()));
        Map<String, Integer> sizes = new HashMap<>();
        cm.classFiles().forEach((name, bytes) -> MethodSizes.forEach(bytes, sizes::put));
        long parts = sizes.keySet().stream().filter(m -> m.startsWith("f0$s")).count();
        assertTrue(parts >= 1, "split into parts: " + sizes);
        sizes.forEach((m, size) -> assertTrue(size <= MethodSizes.JIT_LIMIT, m + " has " + size + " bytes: " + sizes));

        Instance in = cm.instantiate(ImportResolver.NONE);
        byte[] mem = in.memory("memory").bytes;
        for (int i = 0; i < 256; i++) mem[i] = (byte) (i * 7);
        in.function("f").call(0, 0);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(mem).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int slot = 0; slot < 64; slot++) { // the last store to each slot wins
            int last = -1;
            for (int k = 0; k < n; k++) if (k % 64 == slot) last = k;
            int loaded = java.nio.ByteBuffer.wrap(new byte[] {(byte) (4 * (last % 63) * 7), (byte) ((4 * (last % 63) + 1) * 7),
                    (byte) ((4 * (last % 63) + 2) * 7), (byte) ((4 * (last % 63) + 3) * 7)}).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
            assertEquals(loaded, b.getInt(256 + 4 * slot), "slot " + slot);
        }
    }

    @Test
    void partsWithLocalsInTheFrameStayUnderTheLimitAndComputeTheSame() {
        // Chains of tees between locals no loop touches: 13 bytes of Wasm, about 50 bytes of JVM
        // code in a part that keeps those locals in the frame (5 bytes a read, 10 a tee), about 4
        // per byte where C code makes 2. Every method must still fit, and compute what Wasm does.
        StringBuilder w = new StringBuilder("(module (func (export \"f\") (param i32) (result i32)"
                + " (local i32 i32 i32 i32 i32)");
        int n = 3000;
        for (int k = 0; k < n; k++) {
            int a = 1 + k % 5;
            w.append(" (local.set ").append(1 + (a + 3) % 5).append(" (local.tee ").append(1 + (a + 2) % 5)
                    .append(" (local.tee ").append(1 + (a + 1) % 5).append(" (local.tee ").append(a)
                    .append(" (i32.add (local.get ").append(1 + (a + 3) % 5).append(") (local.get 0))))))");
        }
        w.append(" (i32.add (local.get 1) (i32.add (local.get 2) (i32.add (local.get 3) (i32.add (local.get 4) (local.get 5)))))))");
        CompiledModule cm = Wat.compile(WatParser.parseModule(w.toString()));
        Map<String, Integer> sizes = new HashMap<>();
        cm.classFiles().forEach((name, bytes) -> MethodSizes.forEach(bytes, sizes::put));
        assertTrue(sizes.keySet().stream().anyMatch(m -> m.startsWith("f0$s")), "split into parts: " + sizes.keySet());
        sizes.forEach((m, size) -> assertTrue(size <= MethodSizes.JIT_LIMIT, m + " has " + size + " bytes: " + sizes));
        int[] l = new int[6];
        l[0] = 3;
        for (int k = 0; k < n; k++) {
            int a = 1 + k % 5;
            int v = l[1 + (a + 3) % 5] + l[0];
            l[a] = v;
            l[1 + (a + 1) % 5] = v;
            l[1 + (a + 2) % 5] = v;
            l[1 + (a + 3) % 5] = v;
        }
        int expect = l[1] + l[2] + l[3] + l[4] + l[5];
        assertEquals(expect, (int) cm.instantiate(ImportResolver.NONE).function("f").call(3)[0]);
    }

    @Test
    void splitFunctionsReuseAFrameAcrossCallsAndNestTheirFramesInRecursion() {
        // f(d) counts `steps` steps in a local that starts at zero in every call, and adds f(d - 1):
        // f(d) = steps (d + 1) only if each call sees a cleared frame and nested calls their own.
        StringBuilder w = new StringBuilder("(module (memory (export \"memory\") 1)"
                + " (func $f (export \"f\") (param $d i32) (result i32) (local $acc i32)");
        int n = 1000, steps = 0;
        for (int k = 0; k < n; k++) {
            if (k % 33 == 0) steps++;
            if (k % 33 == 0) w.append(" (local.set $acc (i32.add (local.get $acc) (i32.const 1)))");
            if (k == n / 2) {
                w.append(" (if (local.get $d) (then (local.set $acc (i32.add (local.get $acc)"
                        + " (call $f (i32.sub (local.get $d) (i32.const 1)))))))");
            }
            w.append(" (i32.store offset=").append(256 + 4 * (k % 64)).append(" (i32.const 0) (i32.load offset=")
                    .append(4 * (k % 63)).append(" (i32.const 0)))");
        }
        w.append(" (local.get $acc)))");
        CompiledModule cm = Wat.compile(WatParser.parseModule(w.toString()));
        Map<String, Integer> sizes = new HashMap<>();
        cm.classFiles().forEach((name, bytes) -> MethodSizes.forEach(bytes, sizes::put));
        assertTrue(sizes.keySet().stream().anyMatch(m -> m.startsWith("f0") && m.contains("$s")), "split into parts: " + sizes.keySet());
        Instance in = cm.instantiate(ImportResolver.NONE);
        for (int round = 0; round < 3; round++) {
            for (int d = 0; d < 5; d++) assertEquals(steps * (d + 1), (int) in.function("f").call(d)[0], "f(" + d + ")");
        }
    }
}
