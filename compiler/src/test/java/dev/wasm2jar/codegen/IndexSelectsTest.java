package dev.wasm2jar.codegen;

import dev.wasm2jar.binary.ModuleDecoder;
import dev.wasm2jar.model.Module;
import dev.wasm2jar.runtime.ImportResolver;
import dev.wasm2jar.runtime.Instance;
import dev.wasm2jar.text.WatParser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Selects that choose a memory index in an inner loop are branches; the others stay arithmetic. */
class IndexSelectsTest {
    private static final String LOOPS = """
            (module
              (memory 1)
              ;; 0: a heap's sift-down: the larger child is chosen by select and loaded from next
              (func (export "sift") (param $c i32) (param $end i32) (result i32)
                (local $acc i32)
                (loop $l
                  (local.set $c
                    (select (i32.add (local.get $c) (i32.const 1)) (local.get $c)
                      (i32.lt_s (i32.load (i32.shl (local.get $c) (i32.const 2)))
                                (i32.load (i32.shl (i32.add (local.get $c) (i32.const 1)) (i32.const 2))))))
                  (local.set $acc (i32.add (local.get $acc) (local.get $c)))
                  (local.set $c (i32.add (i32.shl (local.get $c) (i32.const 1)) (i32.const 1)))
                  (br_if $l (i32.lt_u (local.get $c) (local.get $end))))
                (local.get $acc))
              ;; 1: a select that feeds a sum: arithmetic
              (func (param $i i32) (param $n i32) (result i32)
                (local $sum i32) (local $v i32)
                (loop $l
                  (local.set $v (select (i32.const 0) (local.get $i) (i32.load8_u (local.get $i))))
                  (local.set $sum (i32.add (local.get $sum) (local.get $v)))
                  (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
                (local.get $sum))
              ;; 2: the index is chosen outside any loop: arithmetic
              (func (param $a i32) (param $b i32) (result i32)
                (i32.load (select (local.get $a) (local.get $b) (i32.lt_u (local.get $a) (local.get $b)))))
              ;; 3: an index select whose value can be anything, the load only for small ones
              (func (export "pick") (param $a i32) (param $b i32) (param $n i32) (result i32)
                (local $x i32) (local $acc i32)
                (loop $l
                  (local.set $x (select (local.get $a) (local.get $b) (i32.and (local.get $n) (i32.const 1))))
                  (if (i32.lt_u (local.get $x) (i32.const 16))
                    (then (local.set $acc (i32.add (local.get $acc) (i32.load (i32.shl (local.get $x) (i32.const 2)))))))
                  (local.set $acc (i32.xor (i32.mul (local.get $acc) (i32.const 31)) (local.get $x)))
                  (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
                (local.get $acc))
              (data (i32.const 0) "\\05\\00\\00\\00\\09\\00\\00\\00\\02\\00\\00\\00\\07\\00\\00\\00\\01\\00\\00\\00\\08\\00\\00\\00"))
            """;

    @Test
    void onlySelectsOfAnAddressInALoopAreBranches() {
        Module m = ModuleDecoder.decode(WatParser.parseModule(LOOPS));
        List<Integer> marked = new ArrayList<>();
        for (int f = 0; f < m.codes.size(); f++) marked.add(IndexSelects.plan(m.codes.get(f)).size());
        assertEquals(List.of(1, 0, 0, 1), marked);
    }

    @Test
    void branchSelectsComputeWhatSelectDoes() {
        Instance in = Wat.compile(WatParser.parseModule(LOOPS)).instantiate(ImportResolver.NONE);
        int[] heap = {5, 9, 2, 7, 1, 8};
        for (int end = 1; end <= 5; end++) {
            int c = 0, acc = 0;
            do {
                if (heap[c] < heap[c + 1]) c = c + 1;
                acc += c;
                c = 2 * c + 1;
            } while (Integer.compareUnsigned(c, end) < 0);
            assertEquals(acc, (int) in.function("sift").call(0, end)[0], "sift to " + end);
        }
        // Chosen values an index never has (the path behind the compare that keeps the branch) included.
        int[] values = {0, 3, 15, 16, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE + 1};
        for (int a : values) {
            for (int b : values) {
                for (int n : new int[] {1, 2, 7}) {
                    assertEquals(pick(a, b, n, heap), (int) in.function("pick").call(a, b, n)[0], a + " " + b + " " + n);
                }
            }
        }
    }

    private static int pick(int a, int b, int n, int[] heap) {
        int acc = 0;
        do {
            int x = (n & 1) != 0 ? a : b;
            if (Integer.compareUnsigned(x, 16) < 0) acc += x < heap.length ? heap[x] : 0;
            acc = acc * 31 ^ x;
            n--;
        } while (n != 0);
        return acc;
    }
}
