package dev.wasm2jar.codegen;

import dev.wasm2jar.runtime.ImportResolver;
import dev.wasm2jar.runtime.Instance;
import dev.wasm2jar.text.WatParser;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Functions that run once get their inner loops outlined into methods C2 compiles on their own. */
class RunOnceLoopsTest {
    /** main (called once from _start) sums i*j over a loop nest; helper, called from two places, keeps its nest inline. */
    private static final String NEST = """
            (module
              (memory (export "memory") 1)
              (func $helper (param i32) (result i32)
                (local i32)
                (loop $l
                  (loop $l2 (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                    (br_if $l2 (i32.gt_s (local.get 0) (i32.const 100))))
                  (local.set 1 (i32.add (local.get 1) (i32.const 15)))
                  (br_if $l (i32.lt_u (local.get 1) (i32.const 100))))
                (local.get 1))
              (func $main (param $n i32) (result i64)
                (local $i i32) (local $j i32) (local $acc i64)
                (block $done
                  (loop $outer
                    (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                    (local.set $j (i32.const 0))
                    (block $inner_done
                      (loop $inner
                        (br_if $inner_done (i32.ge_u (local.get $j) (local.get $n)))
                        ;; leaves the whole nest from inside the inner loop
                        (br_if $done (i64.gt_u (local.get $acc) (i64.const 1000000000000)))
                        (local.set $acc (i64.add (local.get $acc)
                          (i64.extend_i32_u (i32.mul (local.get $i) (local.get $j)))))
                        (local.set $j (i32.add (local.get $j) (i32.const 1)))
                        (br $inner)))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br $outer)))
                (local.get $acc))
              (func $converge (param $n i32) (result i32)
                (local $lo i32) (local $hi i32) (local $steps i32)
                (loop $outer
                  (local.set $lo (i32.const 0))
                  (local.set $hi (local.get $n))
                  ;; both sides move: a short data-dependent loop, left inline
                  (loop $inner
                    (local.set $lo (i32.add (local.get $lo) (i32.const 1)))
                    (local.set $hi (i32.sub (local.get $hi) (i32.const 1)))
                    (local.set $steps (i32.add (local.get $steps) (i32.const 1)))
                    (br_if $inner (i32.lt_s (local.get $lo) (local.get $hi))))
                  (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                  (br_if $outer (i32.gt_s (local.get $n) (i32.const 0))))
                (local.get $steps))
              (func (export "_start")
                (i32.store (i32.const 16) (call $converge (i32.const 10)))
                (i32.store (i32.const 0) (call $helper (i32.const 7)))
                (i64.store (i32.const 8) (call $main (i32.const 300))))
              (func (export "twice") (result i32)
                (loop $l (drop (call $helper (i32.const 3))) (br_if $l (i32.const 0)))
                (call $helper (i32.const 5))))
            """;

    @Test
    void innerLoopsOfFunctionsThatRunOnceBecomeMethodsOfTheirOwn() {
        CompiledModule cm = Wat.compile(WatParser.parseModule(NEST));
        Map<String, Integer> sizes = new HashMap<>();
        cm.classFiles().forEach((name, bytes) -> MethodSizes.forEach(bytes, (m, size) -> sizes.put(m, size)));
        String part = sizes.keySet().stream().filter(m -> m.startsWith("f1") && m.contains("$s")).findFirst()
                .orElseThrow(() -> new AssertionError("main's inner loop was not outlined: " + sizes.keySet()));
        // Padded past HotSpot's FreqInlineSize (325 bytes) so that C2 does not inline it back.
        assertTrue(sizes.get(part) > 325, part + " is " + sizes.get(part) + " bytes");
        assertTrue(sizes.keySet().stream().noneMatch(m -> m.startsWith("f0") && m.contains("$s")),
                "helper runs more than once: its nested loops stay inline " + sizes.keySet());
        assertTrue(sizes.keySet().stream().noneMatch(m -> m.startsWith("f2") && m.contains("$s")),
                "converge's inner loop has no invariant bound: inline " + sizes.keySet());

        Instance i = cm.instantiate(ImportResolver.NONE);
        i.function("_start").call();
        dev.wasm2jar.runtime.Memory mem = i.memory("memory");
        long expect = 0;
        for (long a = 0; a < 300; a++) for (long b = 0; b < 300; b++) expect += a * b;
        assertEquals(expect, mem.bytes[8] & 0xFFL | (mem.bytes[9] & 0xFFL) << 8 | (mem.bytes[10] & 0xFFL) << 16
                | (mem.bytes[11] & 0xFFL) << 24 | (mem.bytes[12] & 0xFFL) << 32);
        assertEquals(105, (mem.bytes[0] & 0xFF) | (mem.bytes[1] & 0xFF) << 8);
        int steps = 0;
        for (int n = 10; n > 0; n--) for (int lo = 0, hi = n; ; ) { lo++; hi--; steps++; if (lo >= hi) break; }
        assertEquals(steps, mem.bytes[16] & 0xFF);
        assertEquals(105, i.function("twice").call()[0]);
    }

    /**
     * A run-once function's loops one level inside its outermost loop are its phases: each that
     * counts to a bound set outside it becomes a method too, so that an on-stack compile covers one
     * phase (not the whole function) and a de-optimization in one phase leaves the others compiled.
     * A loop that only finds its end in the data (fannkuch's flips: a counted test that leaves an
     * inner block, not the loop) runs a few iterations per entry and stays inline.
     */
    @Test
    void phaseLoopsOfFunctionsThatRunOnceBecomeMethods() {
        String wat = """
                (module
                  (memory (export "memory") 1)
                  (func $phases (param $rounds i32) (param $n i32) (result i64)
                    (local $r i32) (local $i i32) (local $j i32) (local $acc i64)
                    (loop $round
                      (local.set $i (i32.const 0))
                      (loop $phase
                        (local.set $j (i32.const 0))
                        (loop $inner
                          (local.set $acc (i64.add (local.get $acc)
                            (i64.extend_i32_u (i32.mul (i32.add (local.get $i) (local.get $r)) (local.get $j)))))
                          (local.set $j (i32.add (local.get $j) (i32.const 1)))
                          (br_if $inner (i32.lt_u (local.get $j) (local.get $n))))
                        (local.set $i (i32.add (local.get $i) (i32.const 1)))
                        (br_if $phase (i32.lt_u (local.get $i) (local.get $n))))
                      (local.set $r (i32.add (local.get $r) (i32.const 1)))
                      (br_if $round (i32.lt_u (local.get $r) (local.get $rounds))))
                    (local.get $acc))
                  (func $flips (param $n i32) (result i32)
                    (local $head i32) (local $lo i32) (local $hi i32) (local $count i32)
                    (loop $perm
                      (i32.store (i32.const 64) (local.get $n))
                      (local.set $head (local.get $n))
                      (loop $flip
                        (block $skip
                          (br_if $skip (i32.le_s (local.get $head) (i32.const 0)))
                          (local.set $lo (i32.const 0))
                          (local.set $hi (local.get $head))
                          (loop $reverse
                            (local.set $lo (i32.add (local.get $lo) (i32.const 1)))
                            (local.set $hi (i32.sub (local.get $hi) (i32.const 1)))
                            (br_if $reverse (i32.lt_s (local.get $lo) (local.get $hi))))
                          (i32.store (i32.const 64) (i32.sub (i32.load (i32.const 64)) (i32.const 1))))
                        (local.set $count (i32.add (local.get $count) (i32.const 1)))
                        (local.set $head (i32.load (i32.const 64)))
                        (br_if $flip (local.get $head)))
                      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                      (br_if $perm (i32.gt_s (local.get $n) (i32.const 0))))
                    (local.get $count))
                  (func (export "_start")
                    (i64.store (i32.const 0) (call $phases (i32.const 3) (i32.const 40)))
                    (i32.store (i32.const 8) (call $flips (i32.const 9)))))
                """;
        CompiledModule cm = Wat.compile(WatParser.parseModule(wat));
        Map<String, Integer> sizes = new HashMap<>();
        cm.classFiles().forEach((name, bytes) -> MethodSizes.forEach(bytes, (m, size) -> sizes.put(m, size)));
        long phaseParts = sizes.keySet().stream().filter(m -> m.startsWith("f0_phases$s")).count();
        assertEquals(2, phaseParts, "the inner loop and the phase around it are methods: " + sizes.keySet());
        assertTrue(sizes.keySet().stream().noneMatch(m -> m.startsWith("f1_flips$s")),
                "flips finds its end in memory: inline " + sizes.keySet());

        Instance i = cm.instantiate(ImportResolver.NONE);
        i.function("_start").call();
        dev.wasm2jar.runtime.Memory mem = i.memory("memory");
        long expect = 0;
        for (long r = 0; r < 3; r++) for (long a = 0; a < 40; a++) for (long b = 0; b < 40; b++) expect += (a + r) * b;
        long got = 0;
        for (int k = 7; k >= 0; k--) got = got << 8 | (mem.bytes[k] & 0xFFL);
        assertEquals(expect, got);
        int count = 0;
        for (int n = 9; n > 0; n--) for (int head = n; ; ) { if (head > 0) head--; count++; if (head == 0) break; }
        assertEquals(count, mem.bytes[8] & 0xFF);
    }

    @Test
    void runOnceNeedsASingleCallOutsideLoops() {
        dev.wasm2jar.model.Module m = dev.wasm2jar.binary.ModuleDecoder.decode(WatParser.parseModule(NEST));
        FunctionScan[] scans = new FunctionScan[m.functions.size()];
        for (int d = 0; d < scans.length; d++) scans[d] = FunctionScan.scan(m, d, m.codes.get(d), new int[m.types.size()]);
        java.util.BitSet once = RunOnce.functions(m, scans);
        assertEquals("{1, 2, 3}", once.toString(), "main, converge and _start run once; helper (called twice) and twice (exported) do not");
    }
}
