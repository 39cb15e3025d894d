package dev.wasm2jar.codegen;

import dev.wasm2jar.binary.ModuleDecoder;
import dev.wasm2jar.model.Module;
import dev.wasm2jar.runtime.ImportResolver;
import dev.wasm2jar.runtime.Instance;
import dev.wasm2jar.text.WatParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Copied loops whose copies run in groups without their back-edge tests ({@link CountedLoops.Guard}):
 * which loops qualify, and that the groups compute what the Wasm loop does, near the limits and
 * across the wrap-around of the counter.
 */
class GuardedLoopsTest {
    private static final String LOOPS = """
            (module
              ;; 0: matmul's kernel: pointers walk, a counter steps by 2 to a limit in a local, "!="
              (func (export "walk") (param $i i32) (param $n i32) (param $p i32) (result i32)
                (local $acc i32)
                (loop $l
                  (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 31)) (local.get $p)))
                  (local.set $p (i32.add (local.get $p) (i32.const 8)))
                  (br_if $l (i32.ne (local.get $n) (local.tee $i (i32.add (local.get $i) (i32.const 2))))))
                (local.get $acc))
              ;; 1: the sieve's marking loop: a step in a local (added to the counter), "<=u", at most 1000 rounds
              (func (export "mark") (param $j i32) (param $p i32) (param $lim i32) (result i32)
                (local $acc i32) (local $n i32)
                (block $out
                  (loop $l
                    (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 31)) (local.get $j)))
                    (local.set $n (i32.add (local.get $n) (i32.const 1)))
                    (br_if $out (i32.eq (local.get $n) (i32.const 1000)))
                    (br_if $l (i32.le_u (local.tee $j (i32.add (local.get $p) (local.get $j))) (local.get $lim)))))
                (i32.add (i32.mul (local.get $acc) (i32.const 1009)) (local.get $n)))
              ;; 2: counting down by a local, ">=u"
              (func (export "down") (param $j i32) (param $p i32) (param $lim i32) (result i32)
                (local $acc i32) (local $n i32)
                (block $out
                  (loop $l
                    (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 31)) (local.get $j)))
                    (local.set $n (i32.add (local.get $n) (i32.const 1)))
                    (br_if $out (i32.eq (local.get $n) (i32.const 1000)))
                    (br_if $l (i32.ge_u (local.tee $j (i32.sub (local.get $j) (local.get $p))) (local.get $lim)))))
                (i32.add (i32.mul (local.get $acc) (i32.const 1009)) (local.get $n)))
              ;; 3: a constant step of 3 up to a constant, "<u" (C2 counts "<s" itself), the counter read after its write
              (func (export "unsigned") (param $j i32) (result i32)
                (local $acc i32) (local $n i32)
                (block $out
                  (loop $l
                    (local.set $j (i32.add (local.get $j) (i32.const 3)))
                    (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 31)) (local.get $j)))
                    (local.set $n (i32.add (local.get $n) (i32.const 1)))
                    (br_if $out (i32.eq (local.get $n) (i32.const 1000)))
                    (br_if $l (i32.lt_u (local.get $j) (i32.const 2000000000)))))
                (i32.add (i32.mul (local.get $acc) (i32.const 1009)) (local.get $n)))
              ;; 4: a step in a local with a signed compare: its sign is unknown, no guard
              (func (param $j i32) (param $p i32) (param $lim i32) (result i32)
                (loop $l
                  (br_if $l (i32.lt_s (local.tee $j (i32.add (local.get $j) (local.get $p))) (local.get $lim))))
                (local.get $j))
              ;; 5: a step in a local with "!=": no guard
              (func (param $j i32) (param $p i32) (param $lim i32) (result i32)
                (loop $l
                  (br_if $l (i32.ne (local.tee $j (i32.add (local.get $j) (local.get $p))) (local.get $lim))))
                (local.get $j))
              ;; 6: the limit changes in the loop: no guard
              (func (param $j i32) (param $lim i32) (result i32)
                (loop $l
                  (local.set $lim (i32.sub (local.get $lim) (i32.const 1)))
                  (br_if $l (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 2))) (local.get $lim))))
                (local.get $j))
              ;; 7: counting down while "<u": the counter moves away from the limit, no guard
              (func (param $j i32) (param $lim i32) (result i32)
                (loop $l
                  (br_if $l (i32.lt_u (local.tee $j (i32.sub (local.get $j) (i32.const 2))) (local.get $lim))))
                (local.get $j))
              ;; 8: a second way round (a br 0 in the middle): no guard
              (func (param $j i32) (param $lim i32) (result i32)
                (loop $l
                  (local.set $j (i32.add (local.get $j) (i32.const 2)))
                  (br_if $l (i32.eqz (i32.and (local.get $j) (i32.const 4))))
                  (br_if $l (i32.lt_u (local.get $j) (local.get $lim))))
                (local.get $j)))
            """;

    @Test
    void guardsOnlyLoopsWhoseTestsFollowFromTheCounter() {
        Module m = ModuleDecoder.decode(WatParser.parseModule(LOOPS));
        List<String> guarded = new ArrayList<>();
        for (int f = 0; f < m.codes.size(); f++) {
            CountedLoops.Plan counted = CountedLoops.plan(m.codes.get(f), m.functionType(f).params().size());
            LoopUnroll.Plan unroll = LoopUnroll.plan(m.codes.get(f), counted);
            for (CountedLoops.Guard g : unroll.guards().values()) {
                guarded.add(f + ":" + g.compare() + (g.stepLocal() >= 0 ? " by local " + g.step() : " by " + g.step())
                        + (g.after() ? " after" : " before"));
            }
        }
        assertEquals(List.of("0:i32.ne by 2 after", "1:i32.le_u by local 1 after", "2:i32.ge_u by local -1 after",
                "3:i32.lt_u by 3 after"), guarded);
    }

    /** A dropped test that should have left the loop runs it on for 2^31 rounds: a time limit. */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void groupsComputeWhatTheLoopDoes() {
        Instance in = Wat.compile(WatParser.parseModule(LOOPS)).instantiate(ImportResolver.NONE);
        Random rnd = new Random(5);
        int[] edges = {0, 1, 2, 3, 7, 8, 15, 16, 17, 100, -1, -2, -8, -16, -17, 0x7fffffff, 0x7ffffff0,
                Integer.MIN_VALUE, 0x80000010, 0x40000000, -0x40000000, 2000000000, 1999999990};
        for (int a : edges) {
            for (int b : edges) {
                for (int p : new int[] {1, 2, 3, 7, 8, 0x40000000, -1, -7, 0x80000001}) {
                    check(in, a, b, p);
                }
            }
        }
        for (int k = 0; k < 3000; k++) check(in, rnd.nextInt(), rnd.nextInt(), rnd.nextInt(64) - 8);
    }

    private static void check(Instance in, int a, int b, int p) {
        // walk terminates when the limit is an even distance away: at most 1000 rounds here.
        int n = a + 2 * (Math.floorMod(b, 1000) + 1);
        assertEquals(walk(a, n, p), (int) in.function("walk").call(a, n, p)[0], "walk " + a + " " + n + " " + p);
        assertEquals(mark(a, p, b, false), (int) in.function("mark").call(a, p, b)[0], "mark " + a + " " + p + " " + b);
        assertEquals(mark(a, p, b, true), (int) in.function("down").call(a, p, b)[0], "down " + a + " " + p + " " + b);
        assertEquals(unsignedUp(a), (int) in.function("unsigned").call(a)[0], "unsigned " + a);
    }

    private static int walk(int i, int n, int p) {
        int acc = 0;
        do {
            acc = acc * 31 + p;
            p += 8;
            i += 2;
        } while (n != i);
        return acc;
    }

    private static int mark(int j, int p, int lim, boolean down) {
        int acc = 0, n = 0;
        while (true) {
            acc = acc * 31 + j;
            if (++n == 1000) break;
            j = down ? j - p : j + p;
            if (down ? Integer.compareUnsigned(j, lim) < 0 : Integer.compareUnsigned(j, lim) > 0) break;
        }
        return acc * 1009 + n;
    }

    private static int unsignedUp(int j) {
        int acc = 0, n = 0;
        while (true) {
            j += 3;
            acc = acc * 31 + j;
            if (++n == 1000) break;
            if (Integer.compareUnsigned(j, 2000000000) >= 0) break;
        }
        return acc * 1009 + n;
    }
}
