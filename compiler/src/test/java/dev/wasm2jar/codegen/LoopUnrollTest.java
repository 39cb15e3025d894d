package dev.wasm2jar.codegen;

import dev.wasm2jar.binary.ModuleDecoder;
import dev.wasm2jar.model.Module;
import dev.wasm2jar.runtime.ImportResolver;
import dev.wasm2jar.runtime.Instance;
import dev.wasm2jar.runtime.WasmFunction;
import dev.wasm2jar.text.WatParser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Loops C2 does not count are emitted with their body copied (LoopUnroll); the copies keep Wasm's semantics. */
class LoopUnrollTest {
    private static final String LOOPS = """
            (module
              (memory (export "memory") 1)
              ;; 0: a pointer walk stepping by 8 and ending on "!=": copied four times
              (func $sum8 (export "sum8") (param $p i32) (param $end i32) (result i64)
                (local $acc i64)
                (loop $l
                  (local.set $acc (i64.add (local.get $acc) (i64.load (local.get $p))))
                  (br_if $l (i32.ne (local.tee $p (i32.add (local.get $p) (i32.const 8))) (local.get $end))))
                (local.get $acc))
              ;; 1: a counted loop (signed <, step 1): left to C2
              (func $count (param $n i32) (result i32)
                (local $i i32) (local $acc i32)
                (loop $l
                  (local.set $acc (i32.add (local.get $acc) (local.get $i)))
                  (br_if $l (i32.lt_s (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
                (local.get $acc))
              ;; 2: a count-down to zero by one: "!= 0", counted too
              (func $down (param $n i32) (result i32)
                (local $acc i32)
                (loop $l
                  (local.set $acc (i32.add (local.get $acc) (local.get $n)))
                  (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
                (local.get $acc))
              ;; 3: early exits from the middle of the body, a second back edge inside an if, unsigned test
              (func $search (export "search") (param $p i32) (param $end i32) (param $stop i32) (result i32)
                (local $hits i32)
                (block $found
                  (loop $l
                    (br_if $found (i32.eq (i32.load8_u (local.get $p)) (local.get $stop)))
                    (local.set $p (i32.add (local.get $p) (i32.const 1)))
                    (if (i32.and (i32.load8_u (local.get $p)) (i32.const 1))
                      (then
                        (local.set $hits (i32.add (local.get $hits) (i32.const 1)))
                        (br_if $l (i32.lt_u (local.get $p) (local.get $end)))
                        (br $found)))
                    (br_if $l (i32.lt_u (local.get $p) (local.get $end)))))
                (i32.add (i32.mul (local.get $hits) (i32.const 1000)) (local.get $p)))
              ;; 4: a call in the body: not copied
              (func $withCall (param $n i32) (result i32)
                (loop $l
                  (local.set $n (call $down (local.get $n)))
                  (br_if $l (i32.gt_u (local.get $n) (i32.const 1000000))))
                (local.get $n))
              ;; 5: an outer loop (it holds a loop) is not copied; its inner loop is
              (func $nest (export "nest") (param $rows i32) (result i32)
                (local $p i32) (local $acc i32)
                (loop $outer
                  (local.set $p (i32.const 0))
                  (loop $inner
                    (local.set $acc (i32.add (local.get $acc)
                      (i32.xor (i32.load (local.get $p)) (i32.mul (local.get $p) (i32.const 2654435761)))))
                    (local.set $acc (i32.rotl (local.get $acc) (i32.const 5)))
                    (local.set $acc (i32.add (local.get $acc)
                      (i32.xor (i32.load offset=4 (local.get $p)) (i32.mul (local.get $p) (i32.const 40503)))))
                    (local.set $acc (i32.rotl (local.get $acc) (i32.const 3)))
                    (br_if $inner (i32.ne (local.tee $p (i32.add (local.get $p) (i32.const 12))) (i32.const 1200))))
                  (br_if $outer (i32.gt_s (local.tee $rows (i32.sub (local.get $rows) (i32.const 1))) (i32.const 0))))
                (local.get $acc))
              ;; 6: a body over LoopUnroll.MAX_BODY bytes: not copied
              (func $big (param $p i32) (result i32)
                (local $acc i32)
                (loop $l
                  (local.set $acc (i32.add (local.get $acc) (i32.load offset=1000 (local.get $p))))
                  (local.set $acc (i32.xor (local.get $acc) (i32.load offset=2000 (local.get $p))))
                  (local.set $acc (i32.add (local.get $acc) (i32.load offset=3000 (local.get $p))))
                  (local.set $acc (i32.xor (local.get $acc) (i32.load offset=4000 (local.get $p))))
                  (local.set $acc (i32.add (local.get $acc) (i32.load offset=5000 (local.get $p))))
                  (local.set $acc (i32.xor (local.get $acc) (i32.load offset=6000 (local.get $p))))
                  (local.set $acc (i32.add (local.get $acc) (i32.load offset=7000 (local.get $p))))
                  (local.set $acc (i32.xor (local.get $acc) (i32.load offset=8000 (local.get $p))))
                  (local.set $acc (i32.add (local.get $acc) (i32.load offset=9000 (local.get $p))))
                  (local.set $acc (i32.xor (local.get $acc) (i32.load offset=10000 (local.get $p))))
                  (br_if $l (i32.ne (local.tee $p (i32.add (local.get $p) (i32.const 4))) (i32.const 400))))
                (local.get $acc)))
            """;

    @Test
    void copiesOnlySmallLoopsThatC2DoesNotCount() {
        Module m = ModuleDecoder.decode(WatParser.parseModule(LOOPS));
        List<Integer> factors = new ArrayList<>();
        for (int f = 0; f < m.codes.size(); f++) {
            LoopUnroll.Plan p = LoopUnroll.plan(m.codes.get(f), CountedLoops.Plan.NONE);
            factors.add(p.factors().values().stream().mapToInt(Integer::intValue).sum());
        }
        assertEquals(List.of(4, 0, 0, 4, 0, 4, 0), factors,
                "sum8 and search copied, count and down counted, withCall has a call, nest: only the inner loop, big too big");
    }

    @Test
    void copiedLoopsComputeWhatTheLoopDoes() {
        Instance in = Wat.compile(WatParser.parseModule(LOOPS)).instantiate(ImportResolver.NONE);
        byte[] mem = in.memory("memory").bytes;
        java.util.Random rnd = new java.util.Random(7);
        for (int i = 0; i < 2048; i++) mem[i] = (byte) rnd.nextInt();

        WasmFunction sum8 = in.function("sum8");
        for (int n = 1; n <= 11; n++) { // every copy is the one that leaves the loop for some n
            long expect = 0;
            for (int k = 0; k < n; k++) expect += java.nio.ByteBuffer.wrap(mem, 64 + 8 * k, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
            assertEquals(expect, (long) sum8.call(64, 64 + 8 * n)[0], "n=" + n);
        }

        WasmFunction search = in.function("search");
        for (int start = 0; start < 40; start++) {
            for (int len = 1; len < 13; len++) {
                int stop = mem[start + len / 2] & 0xFF;
                assertEquals(search(mem, start, start + len, stop), (int) search.call(start, start + len, stop)[0],
                        "start=" + start + " len=" + len);
            }
        }

        int acc = 0;
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(mem).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int rows = 3; rows > 0; rows--) {
            for (int p = 0; p != 1200; p += 12) {
                acc += bb.getInt(p) ^ (p * (int) 2654435761L);
                acc = Integer.rotateLeft(acc, 5);
                acc += bb.getInt(p + 4) ^ (p * 40503);
                acc = Integer.rotateLeft(acc, 3);
            }
        }
        assertEquals(acc, (int) in.function("nest").call(3)[0]);
    }

    /** The Wasm function search, in Java. */
    private static int search(byte[] mem, int p, int end, int stop) {
        int hits = 0;
        while (true) {
            if ((mem[p] & 0xFF) == stop) break;
            p++;
            if ((mem[p] & 1) != 0) {
                hits++;
                if (Integer.compareUnsigned(p, end) < 0) continue;
                break;
            }
            if (Integer.compareUnsigned(p, end) >= 0) break;
        }
        return hits * 1000 + p;
    }

    /** _start runs once: its inner loop becomes a method of its own, and gets ISOLATED_COPIES copies. */
    private static final String ISOLATED = """
            (module
              (memory (export "memory") 1)
              (func (export "_start") (local $row i32) (local $p i32) (local $end i32) (local $acc i64)
                (local.set $row (i32.load (i32.const 0)))
                (loop $rows
                  (local.set $p (i32.const 64))
                  (local.set $end (i32.add (i32.const 64) (i32.shl (i32.load (i32.const 4)) (i32.const 3))))
                  (loop $walk
                    (local.set $acc (i64.add (local.get $acc) (i64.load (local.get $p))))
                    (br_if $walk (i32.ne (local.tee $p (i32.add (local.get $p) (i32.const 8))) (local.get $end))))
                  (br_if $rows (local.tee $row (i32.sub (local.get $row) (i32.const 1)))))
                (i64.store (i32.const 8) (local.get $acc))))
            """;

    @Test
    void anIsolatedInnerLoopIsCopiedMoreAndStillLeavesFromEveryCopy() {
        CompiledModule cm = Wat.compile(WatParser.parseModule(ISOLATED));
        java.util.Map<String, Integer> sizes = new java.util.HashMap<>();
        cm.classFiles().forEach((name, bytes) -> MethodSizes.forEach(bytes, sizes::put));
        assertTrue(sizes.keySet().stream().anyMatch(m -> m.contains("$s")), "the inner loop is a part: " + sizes.keySet());
        Instance in = cm.instantiate(ImportResolver.NONE);
        byte[] mem = in.memory("memory").bytes;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(mem).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < 32; k++) b.putLong(64 + 8 * k, 1L << k | 3L * k << 40);
        for (int n = 1; n <= 2 * LoopUnroll.ISOLATED_COPIES + 1; n++) {
            b.putInt(0, 3);
            b.putInt(4, n);
            in.function("_start").call();
            long row = 0;
            for (int k = 0; k < n; k++) row += b.getLong(64 + 8 * k);
            assertEquals(3 * row, b.getLong(8), "n=" + n);
        }
    }
}
