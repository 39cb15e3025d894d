package dev.wasm2jar.codegen;

import dev.wasm2jar.error.UnsupportedFeatureException;
import dev.wasm2jar.runtime.Instance;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Functions over the JVM's 255 parameter slots are rejected at compile time (fuzz params-over-jvm-limit-*). */
class ParamSlotsTest {
    @BeforeEach
    void wabt() {
        Assumptions.assumeTrue(Wat.available(), "wat2wasm not installed");
    }

    private static String params(String t, int n) {
        return (" " + t).repeat(n);
    }

    private static UnsupportedFeatureException rejected(String wat) {
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, () -> Wat.compile(Wat.toWasm(wat)));
        assertEquals("many-params", e.feature());
        assertTrue(e.getMessage().contains("the JVM allows 255"), e.getMessage());
        return e;
    }

    @Test
    void overTheLimitIsRejected() {
        rejected("(module (func $g (param" + params("f64", 128) + ")) (func (export \"f\") (call $g"
                + " (f64.const 1)".repeat(128) + ")))");
        rejected("(module (func (export \"f\") (param" + params("i64", 128) + ")))");
        rejected("(module (func (export \"f\") (param" + params("i64", 127) + ")))"); // 254 slots
        rejected("(module (import \"env\" \"g\" (func (param" + params("i64", 128) + "))))");
        // no function of the type, only a call_indirect
        rejected("(module (type $t (func (param" + params("i32", 254) + "))) (table 1 funcref)"
                + " (func (export \"f\") (call_indirect (type $t)" + " (i32.const 0)".repeat(255) + ")))");
    }

    @Test
    void atTheLimitRuns() {
        // 126 i64 + 1 i32 = 253 slots: exported, called directly and through a handle
        Instance i = Wat.instantiate("(module (func $g (export \"g\") (param" + params("i64", 126) + " i32) (result i64)"
                + " local.get 0 local.get 125 i64.add)"
                + " (func (export \"f\") (result i64) (call $g" + " (i64.const 2)".repeat(126) + " (i32.const 0))))");
        assertEquals(4L, i.function("f").call()[0]);
        Object[] args = new Object[127];
        Arrays.fill(args, 3L);
        args[126] = 0;
        assertEquals(6L, i.function("g").call(args)[0]);
        // 253 i32 slots: the call_indirect dispatcher has 255
        Instance j = Wat.instantiate("(module (type $t (func (param" + params("i32", 253) + ") (result i32)))"
                + " (table funcref (elem $g)) (func $g (type $t) local.get 252)"
                + " (func (export \"f\") (result i32) (call_indirect (type $t)" + " (i32.const 5)".repeat(253) + " (i32.const 0))))");
        assertEquals(5, j.function("f").call()[0]);
    }
}
