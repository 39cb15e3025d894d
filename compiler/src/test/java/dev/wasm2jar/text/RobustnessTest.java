package dev.wasm2jar.text;

import dev.wasm2jar.error.ModuleException;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.fail;

/** Mutated modules are rejected with a {@link ModuleException}, never with an internal exception. */
class RobustnessTest {
    private static final String[] MODULES = {
        "(module (type $t (func (param i32) (result i32))) (import \"m\" \"f\" (func $imp (type $t)))"
                + " (table $tab 2 funcref) (memory $mem 1 2) (global $g (mut i32) (i32.const 0))"
                + " (func $f (export \"f\") (type $t) (local $l i64)"
                + "  (block $b (result i32) (br_if $b (i32.const 1) (local.get 0)) (call_indirect $tab (type $t) (i32.const 0) (i32.const 0))))"
                + " (elem (i32.const 0) $f $imp) (data (memory $mem) (i32.const 8) \"abc\") (start $imp2) (func $imp2))",
        "(module (rec (type $s (sub (struct (field $x (mut i32)) (field i8)))) (type $a (array (mut f64))))"
                + " (tag $e (param i32)) (func (param (ref null $s)) (result f64)"
                + "  (try_table (catch $e 0) (throw $e (struct.get $s $x (local.get 0))))"
                + "  (array.get $a (array.new_fixed $a 2 (f64.const 1.5) (f64.const -nan:0x1)) (i32.const 1))"
                + "  (drop (ref.test (ref null $s) (local.get 0))) (br_on_cast 0 anyref (ref $s) (ref.null any)) drop))",
        "(module (memory i64 1) (func (param v128) (result v128)"
                + " (v128.store offset=16 align=8 (i64.const 0) (local.get 0))"
                + " (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 (local.get 0) (v128.const f32x4 1 2 3 nan))"
                + " (if (result v128) (i32.const 1) (then (local.get 0)) (else (v128.load8_lane 1 (i64.const 0) (local.get 0))))"
                + " drop (select (result v128) (local.get 0) (local.get 0) (i32.const 0))))",
    };

    private static final String[] INSERTS = {"(", ")", "$x", "0", "-1", "1.5", "\"s\"", "i32", "(param i32)", "(result i32)",
        "end", "else", "(type 0)", "func", "(then)", "offset=1", "align=3", "nan:0x1", "(ref null 0)", "(@custom \"a\")",
        "block", "i8x16", "(local i32)", "(mut i32)", "(export \"e\")", "(import \"a\" \"b\")", "ref.null", "(elem)", "(data)",
        "\"\\ff\"", "$\"\"", "(;", ";)", "0x1p-2000", "(item)", "delegate", "catch"};

    @Test
    void mutatedModulesFailCleanly() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder(MODULES[random.nextInt(MODULES.length)]);
            for (int e = 1 + random.nextInt(3); e > 0; e--) {
                int pos = random.nextInt(b.length() + 1);
                switch (random.nextInt(3)) {
                    case 0 -> b.delete(pos, Math.min(b.length(), pos + 1 + random.nextInt(8)));
                    case 1 -> b.insert(pos, " " + INSERTS[random.nextInt(INSERTS.length)] + " ");
                    default -> b.setLength(pos);
                }
            }
            try {
                WatParser.parseModule(b.toString());
            } catch (ModuleException expected) {
                // rejected with a reason and a position: fine
            } catch (RuntimeException e) {
                fail("internal exception on: " + b, e);
            }
        }
    }
}
