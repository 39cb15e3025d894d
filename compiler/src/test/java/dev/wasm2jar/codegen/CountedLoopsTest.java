package dev.wasm2jar.codegen;

import dev.wasm2jar.binary.ModuleDecoder;
import dev.wasm2jar.model.Module;
import dev.wasm2jar.model.Opcode;
import dev.wasm2jar.runtime.ImportResolver;
import dev.wasm2jar.runtime.Instance;
import dev.wasm2jar.text.WatParser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Loop exit tests {@code i != limit} that CountedLoops emits as {@code i < limit} (or {@code >}),
 * only where the two provably agree, and the rewritten loops computing what the Wasm code does.
 */
class CountedLoopsTest {
    private static final String LOOPS = """
            (module
              ;; 0: i = 0, 4, ..., != 64 after the step, br_if back edge: "<"
              (func (export "up") (result i32)
                (local $i i32) (local $acc i32)
                (local.set $i (i32.const 0))
                (loop $l
                  (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 31)) (local.get $i)))
                  (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 64))))
                (local.get $acc))
              ;; 1: sha256's rounds: the test "!(i == 252)" before the step, inside the if that goes round
              (func (export "rounds") (result i32)
                (local $i i32) (local $a i32) (local $b i32)
                (local.set $i (i32.const 0))
                (local.set $a (i32.const 1))
                (loop $l
                  (local.set $a (i32.add (i32.rotl (local.get $a) (i32.const 5)) (local.get $i)))
                  (if (i32.eqz (i32.eq (local.get $i) (i32.const 252)))
                    (then
                      (local.set $i (i32.add (local.get $i) (i32.const 4)))
                      (local.set $b (local.get $a))
                      (br $l))))
                (i32.xor (local.get $a) (local.get $b)))
              ;; 2: counting down by 3 from 30 to 0: ">"
              (func (export "down") (result i32)
                (local $i i32) (local $acc i32)
                (local.set $i (i32.const 30))
                (loop $l
                  (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 7)) (local.get $i)))
                  (br_if $l (i32.ne (local.tee $i (i32.sub (local.get $i) (i32.const 3))) (i32.const 0))))
                (local.get $acc))
              ;; 3: the limit is not reached exactly (66 is not 4k): "!=" stays
              (func (param $n i32) (result i32)
                (local $i i32)
                (local.set $i (i32.const 0))
                (loop $l
                  (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 66))))
                (local.get $i))
              ;; 4: the start is a parameter, unknown: stays
              (func (param $i i32) (result i32)
                (loop $l
                  (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 64))))
                (local.get $i))
              ;; 5: i written twice in the loop: stays
              (func (result i32)
                (local $i i32)
                (local.set $i (i32.const 0))
                (loop $l
                  (local.set $i (i32.and (local.get $i) (i32.const 255)))
                  (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 64))))
                (local.get $i))
              ;; 6: the step is conditional: stays
              (func (param $n i32) (result i32)
                (local $i i32)
                (local.set $i (i32.const 0))
                (loop $l
                  (if (local.get $n) (then (local.set $i (i32.add (local.get $i) (i32.const 4)))))
                  (br_if $l (i32.ne (local.get $i) (i32.const 64))))
                (local.get $i))
              ;; 7: a second back edge: stays
              (func (param $n i32) (result i32)
                (local $i i32)
                (local.set $i (i32.const 0))
                (loop $l
                  (local.set $i (i32.add (local.get $i) (i32.const 4)))
                  (br_if $l (i32.eq (local.get $i) (local.get $n)))
                  (br_if $l (i32.ne (local.get $i) (i32.const 64))))
                (local.get $i))
              ;; 8: another path joins between the start value and the loop: stays
              (func (param $n i32) (result i32)
                (local $i i32)
                (local.set $i (i32.const 0))
                (block $b
                  (br_if $b (local.get $n))
                  (local.set $i (i32.const 2)))
                (loop $l
                  (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 64))))
                (local.get $i))
              ;; 9: the first test already sees 4 > 0, so "!=" goes round until i wraps: stays
              (func (result i32)
                (local $i i32)
                (local.set $i (i32.const 0))
                (loop $l
                  (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 0))))
                (local.get $i))
              ;; 10: the same loop inside another loop: the start value is set in the outer loop's body
              ;;     (the second loop's "i != 0" could wrap, it is left)
              (func (export "nested") (param $rows i32) (result i32)
                (local $i i32) (local $acc i32)
                (loop $outer
                  (local.set $i (i32.const 8))
                  (loop $inner
                    (local.set $acc (i32.add (i32.rotl (local.get $acc) (i32.const 3)) (local.get $i)))
                    (br_if $inner (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 8))) (i32.const 800))))
                  (br_if $outer (local.tee $rows (i32.sub (local.get $rows) (i32.const 1)))))
                (local.get $acc))
              ;; 11: a local not written since the function's start is zero: "<"
              (func (export "implicit") (param $n i32) (result i32)
                (local $i i32) (local $acc i32)
                (local.set $acc (local.get $n))
                (loop $l
                  (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 3)) (local.get $i)))
                  (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 2))) (i32.const 40))))
                (local.get $acc))
              ;; 12: but a parameter is not zero
              (func (param $i i32) (result i32)
                (loop $l
                  (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 2))) (i32.const 40))))
                (local.get $i))
              ;; 13: nor is a local known to be, once paths have joined
              (func (param $n i32) (result i32)
                (local $j i32)
                (block $b (br_if $b (local.get $n)))
                (loop $l
                  (br_if $l (i32.ne (local.tee $j (i32.add (local.get $j) (i32.const 2))) (i32.const 40))))
                (local.get $j))
              ;; 14: start and limit known only on entry, the counter read in the body: two versions
              ;;     (clang's operand order: the limit first); at most 100 rounds, as "!=" may never hold
              (func (export "walk") (param $i i32) (param $end i32) (param $step i32) (result i32)
                (local $acc i32) (local $n i32)
                (block $out
                  (loop $l
                    (local.set $acc (i32.add (i32.rotl (local.get $acc) (i32.const 7)) (local.get $i)))
                    (local.set $n (i32.add (local.get $n) (i32.const 1)))
                    (br_if $out (i32.eq (local.get $n) (i32.const 100)))
                    (br_if $l (i32.ne (local.get $end) (local.tee $i (i32.add (local.get $i) (i32.const 0x20000000)))))))
                (i32.add (i32.mul (local.get $n) (i32.const 1000003)) (local.get $acc)))
              ;; 15: the same counting down, the counter first
              (func (export "walkDown") (param $i i32) (param $end i32) (result i32)
                (local $acc i32) (local $n i32)
                (block $out
                  (loop $l
                    (local.set $acc (i32.add (i32.rotl (local.get $acc) (i32.const 7)) (local.get $i)))
                    (local.set $n (i32.add (local.get $n) (i32.const 1)))
                    (br_if $out (i32.eq (local.get $n) (i32.const 100)))
                    (local.set $i (i32.sub (local.get $i) (i32.const 0x30000000)))
                    (br_if $l (i32.ne (local.get $i) (local.get $end)))))
                (i32.add (i32.mul (local.get $n) (i32.const 1000003)) (local.get $acc)))
              ;; 16: a counter that only counts is left alone (it would gain nothing)
              (func (param $i i32) (param $end i32) (result i32)
                (loop $l
                  (br_if $l (i32.ne (local.get $end) (local.tee $i (i32.add (local.get $i) (i32.const 4))))))
                (local.get $i))
              ;; 17: nor a step of one, whose "!=" C2 counts itself
              (func (param $i i32) (param $end i32) (result i32)
                (local $acc i32)
                (loop $l
                  (local.set $acc (i32.add (local.get $acc) (local.get $i)))
                  (br_if $l (i32.ne (local.get $end) (local.tee $i (i32.add (local.get $i) (i32.const 1))))))
                (local.get $acc)))
            """;

    @Test
    void rewritesOnlyTestsThatProvablyAgree() {
        Module m = ModuleDecoder.decode(WatParser.parseModule(LOOPS));
        List<List<Opcode>> rewrites = new ArrayList<>();
        for (int f = 0; f < m.codes.size(); f++) {
            CountedLoops.Plan plan = CountedLoops.plan(m.codes.get(f), m.functionType(f).params().size());
            rewrites.add(List.copyOf(plan.rewrites().values()));
        }
        List<Opcode> none = List.of();
        assertEquals(List.of(List.of(Opcode.I32_LT_S), List.of(Opcode.I32_GE_S), List.of(Opcode.I32_GT_S),
                none, none, none, none, none, none, none, List.of(Opcode.I32_LT_S), List.of(Opcode.I32_LT_S), none, none,
                none, none, none, none), rewrites);
        List<String> versions = new ArrayList<>();
        for (int f = 0; f < m.codes.size(); f++) {
            for (CountedLoops.Version v : CountedLoops.plan(m.codes.get(f), m.functionType(f).params().size()).versions().values()) {
                versions.add(f + ":" + v.replacement() + (v.after() ? " after" : " before"));
            }
        }
        assertEquals(List.of("14:i32.gt_s after", "15:i32.gt_s after"), versions);
    }

    @Test
    void versionedLoopsComputeWhatTheLoopDoes() {
        Instance in = Wat.compile(WatParser.parseModule(LOOPS)).instantiate(ImportResolver.NONE);
        java.util.Random rnd = new java.util.Random(11);
        int[] edges = {0, 1, -1, 0x20000000, 0x40000000, 0x60000000, Integer.MIN_VALUE, Integer.MAX_VALUE,
                -0x20000000, -0x40000000, 0x50000000, 0x10000000, -0x30000000, 0x30000000};
        for (int k = 0; k < 400; k++) {
            int i = k < edges.length * edges.length ? edges[k % edges.length] : rnd.nextInt();
            int end = k < edges.length * edges.length ? edges[k / edges.length] : rnd.nextInt();
            assertEquals(walk(i, end, 0x20000000), (int) in.function("walk").call(i, end, 0)[0], "walk " + i + " " + end);
            assertEquals(walk(i, end, -0x30000000), (int) in.function("walkDown").call(i, end)[0], "walkDown " + i + " " + end);
        }
    }

    /** The Wasm functions walk and walkDown, in Java: at most 100 rounds. */
    private static int walk(int i, int end, int step) {
        int acc = 0, n = 0;
        while (true) {
            acc = Integer.rotateLeft(acc, 7) + i;
            if (++n == 100) break;
            i += step;
            if (i == end) break;
        }
        return n * 1000003 + acc;
    }

    @Test
    void rewrittenLoopsComputeWhatTheLoopDoes() {
        Instance in = Wat.compile(WatParser.parseModule(LOOPS)).instantiate(ImportResolver.NONE);
        int acc = 0;
        for (int i = 0; i != 64; ) {
            acc = acc * 31 + i;
            i += 4;
        }
        assertEquals(acc, (int) in.function("up").call()[0]);

        int a = 1, b = 0;
        for (int i = 0; ; i += 4) {
            a = Integer.rotateLeft(a, 5) + i;
            if (i == 252) break;
            b = a;
        }
        assertEquals(a ^ b, (int) in.function("rounds").call()[0]);

        acc = 0;
        for (int i = 30; i != 0; ) {
            acc = acc * 7 + i;
            i -= 3;
        }
        assertEquals(acc, (int) in.function("down").call()[0]);

        acc = 0;
        for (int rows = 5; rows != 0; rows--) {
            for (int i = 8; i != 800; i += 8) acc = Integer.rotateLeft(acc, 3) + i;
        }
        assertEquals(acc, (int) in.function("nested").call(5)[0]);

        acc = 9;
        for (int i = 0; i != 40; i += 2) acc = acc * 3 + i;
        assertEquals(acc, (int) in.function("implicit").call(9)[0]);
    }
}
