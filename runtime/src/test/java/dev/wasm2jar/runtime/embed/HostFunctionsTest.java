package dev.wasm2jar.runtime.embed;

import dev.wasm2jar.runtime.FunctionType;
import dev.wasm2jar.runtime.Trap;
import dev.wasm2jar.runtime.TrapKind;
import dev.wasm2jar.runtime.V128;
import dev.wasm2jar.runtime.ValueType;
import dev.wasm2jar.runtime.WasmFunction;
import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntBinaryOperator;
import java.util.function.IntConsumer;
import java.util.function.LongUnaryOperator;

import static org.junit.jupiter.api.Assertions.*;

class HostFunctionsTest {
    private static final ValueType I32 = ValueType.I32, I64 = ValueType.I64, F64 = ValueType.F64;

    /** A functional interface of the embedder's own, not public. */
    interface Mixed {
        double apply(int a, long b, float c, Object ref);
    }

    @Test
    void typesComeFromTheJavaSignature() throws Throwable {
        WasmFunction add = HostFunctions.of("add", (IntBinaryOperator) (a, b) -> a + b);
        assertEquals(FunctionType.of(new ValueType[] {I32, I32}, I32), add.type());
        assertEquals(5, (int) add.handle().invokeExact(2, 3));

        List<Integer> seen = new ArrayList<>();
        WasmFunction log = HostFunctions.of("log", (IntConsumer) seen::add);
        assertEquals(FunctionType.of(new ValueType[] {I32}), log.type());
        log.call(7);
        assertEquals(List.of(7), seen);

        WasmFunction twice = HostFunctions.of("twice", LongUnaryOperator.class, x -> x * 2);
        assertEquals(FunctionType.of(new ValueType[] {I64}, I64), twice.type());
        assertEquals(42L, twice.call(21L)[0]);

        WasmFunction mixed = HostFunctions.of("mixed", (Mixed) (a, b, c, ref) -> a + b + c + (ref == null ? 0 : 100));
        assertEquals(FunctionType.of(new ValueType[] {I32, I64, ValueType.F32, ValueType.EXTERNREF}, F64), mixed.type());
        assertEquals(106.5, mixed.call(1, 2L, 3.5f, "x")[0]);
    }

    static int square(int x) {
        return x * x;
    }

    @Test
    void methodHandlesAndBoxedFunctions() throws Throwable {
        WasmFunction sq = HostFunctions.of("square", MethodHandles.lookup().findStatic(HostFunctionsTest.class, "square",
                MethodType.methodType(int.class, int.class)));
        assertEquals(49, (int) sq.handle().invokeExact(7));

        FunctionType swapType = FunctionType.of(new ValueType[] {I32, I64}, I64, I32);
        WasmFunction swap = HostFunctions.boxed("swap", swapType, args -> new Object[] {args[1], args[0]});
        assertEquals(swapType, swap.type());
        assertArrayEquals(new Object[] {9L, 7}, swap.call(7, 9L));

        WasmFunction none = HostFunctions.boxed("none", FunctionType.of(new ValueType[0]), args -> null);
        assertEquals(0, none.call().length);

        WasmFunction wrongCount = HostFunctions.boxed("bad", FunctionType.of(new ValueType[0], I32), args -> new Object[0]);
        Trap t = assertThrows(Trap.class, wrongCount::call);
        assertEquals(TrapKind.HOST_ERROR, t.kind());
    }

    interface VectorOp {
        V128 apply(V128 v, int shift);
    }

    @Test
    void v128ValuesAreRecordsInJavaAndTwoLongsInHandles() throws Throwable {
        WasmFunction f = HostFunctions.of("rot", (VectorOp) (v, k) -> new V128(v.hi() + k, v.lo()));
        assertEquals(FunctionType.of(new ValueType[] {ValueType.V128, I32}, ValueType.V128), f.type());
        assertArrayEquals(new Object[] {new V128(12, 1)}, f.call(new V128(1, 2), 10));
        Object[] flat = (Object[]) f.handle().invokeExact(1L, 2L, 10);
        assertArrayEquals(new Object[] {12L, 1L}, flat);

        FunctionType t = FunctionType.of(new ValueType[] {ValueType.V128}, ValueType.V128, I32);
        WasmFunction boxed = HostFunctions.boxed("b", t, args -> new Object[] {args[0], 5});
        assertArrayEquals(new Object[] {new V128(3, 4), 5}, boxed.call(new V128(3, 4)));
    }

    static final class Abort extends RuntimeException {
    }

    @Test
    void hostExceptions() {
        WasmFunction jdk = HostFunctions.of("f", (IntConsumer) x -> {
            throw new IllegalArgumentException("bad " + x);
        });
        Trap t = assertThrows(Trap.class, () -> jdk.call(3));
        assertEquals(TrapKind.HOST_ERROR, t.kind());
        assertTrue(t.getMessage().contains("bad 3"), t.getMessage());
        assertInstanceOf(IllegalArgumentException.class, t.getCause());

        WasmFunction own = HostFunctions.of("g", (IntConsumer) x -> {
            throw new Abort();
        });
        assertThrows(Abort.class, () -> own.call(1));

        WasmFunction trap = HostFunctions.of("h", (IntConsumer) x -> {
            throw new Trap(TrapKind.UNREACHABLE);
        });
        assertEquals(TrapKind.UNREACHABLE, assertThrows(Trap.class, () -> trap.call(1)).kind());
    }

    interface MultiResult {
        Object[] results();
    }

    @Test
    void clearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostFunctions.of("x", new Object()));
        assertTrue(e.getMessage().contains("functional interface"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HostFunctions.of("x", (MultiResult) () -> null));
        assertTrue(e.getMessage().contains("FunctionType"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HostFunctions.of("x", (java.util.function.BooleanSupplier) () -> true));
        assertTrue(e.getMessage().contains("no Wasm type"), e.getMessage());
    }
}
