package dev.wasm2jar.codegen;

import dev.wasm2jar.runtime.FunctionType;
import dev.wasm2jar.runtime.Instance;
import dev.wasm2jar.runtime.Trap;
import dev.wasm2jar.runtime.TrapKind;
import dev.wasm2jar.runtime.ValueType;
import dev.wasm2jar.runtime.WasmFunction;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Runaway recursion of any shape is a clean "call stack exhausted" trap, on a small stack too. */
class StackExhaustionTest {
    private static final FunctionType I32_I32 = FunctionType.of(new ValueType[] {ValueType.I32}, new ValueType[] {ValueType.I32});

    @BeforeEach
    void wabt() {
        Assumptions.assumeTrue(Wat.available(), "wat2wasm not installed");
    }

    /** Runs {@code r} on a thread with a 1 MiB stack and returns what it threw. */
    private static Throwable onSmallStack(Runnable r) throws InterruptedException {
        return onStack(1L << 20, r);
    }

    private static Throwable onStack(long bytes, Runnable r) throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                r.run();
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "guest", bytes);
        t.start();
        t.join();
        return thrown.get();
    }

    private static void assertStackExhausted(Throwable t) {
        Trap trap = assertThrows(Trap.class, () -> {
            throw t;
        });
        assertEquals(TrapKind.CALL_STACK_EXHAUSTED, trap.kind(), String.valueOf(t));
    }

    static Instance guest;

    /** The host half of host -> guest -> host recursion: calls the guest's export again. */
    static int hostRecurse(int x) {
        return (Integer) guest.function("viaHost").call(x + 1)[0] + 1;
    }

    @Test
    void recursionThroughAHostFunction() throws Exception {
        MethodHandle h = MethodHandles.lookup().findStatic(StackExhaustionTest.class, "hostRecurse",
                MethodType.methodType(int.class, int.class));
        WasmFunction host = WasmFunction.host("env.recurse", I32_I32, h);
        guest = Wat.instantiate("(module (import \"env\" \"recurse\" (func $h (param i32) (result i32)))"
                + " (func (export \"viaHost\") (param i32) (result i32) (call $h (local.get 0))))",
                (m, n) -> "env".equals(m) && "recurse".equals(n) ? host : null);
        // the stack runs out at different points of the cycle (guest code, the host boundary, the host)
        for (long kib = 256; kib <= 2048; kib += 96) {
            assertStackExhausted(onStack(kib << 10, () -> guest.function("viaHost").call(0)));
        }
        assertStackExhausted(onSmallStack(() -> hostRecurse(0)));
    }

    @Test
    void directAndIndirectRecursion() throws Exception {
        Instance i = Wat.instantiate("(module (type $r (func (param i64) (result i64))) (table funcref (elem $ind))"
                + " (func $dir (export \"direct\") (param i64) (result i64) (i64.add (i64.const 1) (call $dir (local.get 0))))"
                + " (func $ind (export \"indirect\") (param i64) (result i64)"
                + "   (i64.add (i64.const 1) (call_indirect (type $r) (local.get 0) (i32.const 0)))))");
        assertStackExhausted(onSmallStack(() -> i.function("direct").call(0L)));
        assertStackExhausted(onSmallStack(() -> i.function("indirect").call(0L)));
        // through the function's handle, as another module or a funcref calls it
        assertStackExhausted(onSmallStack(() -> {
            try {
                long r = (long) i.function("indirect").handle().invokeExact(0L);
            } catch (Throwable t) {
                throw Trap.of(t);
            }
        }));
    }
}
