package dev.wasm2jar.runtime;

import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Exceptions thrown by host functions ({@link WasmFunction#host}) at the boundary. */
class HostBoundaryTest {
    static final class Abort extends RuntimeException {
    }

    static int hostCall(int what) {
        switch (what) {
            case 0: throw new IllegalArgumentException("bad");
            case 1: throw new ArrayIndexOutOfBoundsException(7);
            case 2: throw new Abort();
            case 3: throw new Trap(TrapKind.UNREACHABLE);
            case 4: throw new StackOverflowError();
            default: return what;
        }
    }

    private static WasmFunction fn() throws ReflectiveOperationException {
        MethodHandle h = MethodHandles.lookup().findStatic(HostBoundaryTest.class, "hostCall",
                MethodType.methodType(int.class, int.class));
        FunctionType type = FunctionType.of(new ValueType[] {ValueType.I32}, new ValueType[] {ValueType.I32});
        return WasmFunction.host("env.f", type, h);
    }

    @Test
    void jdkExceptionsAreHostErrors() throws Throwable {
        WasmFunction f = fn();
        Trap t = assertThrows(Trap.class, () -> f.call(0));
        assertEquals(TrapKind.HOST_ERROR, t.kind());
        assertEquals(IllegalArgumentException.class, t.getCause().getClass());
        // not a guest out-of-bounds access, also when called through the handle (as generated code does)
        Trap oob = assertThrows(Trap.class, () -> {
            int r = (int) f.handle().invokeExact(1);
        });
        assertEquals(TrapKind.HOST_ERROR, oob.kind());
    }

    @Test
    void hostsOwnExceptionsTrapsAndErrorsPass() throws Throwable {
        WasmFunction f = fn();
        assertThrows(Abort.class, () -> f.call(2));
        assertEquals(TrapKind.UNREACHABLE, assertThrows(Trap.class, () -> f.call(3)).kind());
        assertEquals(TrapKind.CALL_STACK_EXHAUSTED, assertThrows(Trap.class, () -> f.call(4)).kind());
        assertEquals(5, f.call(5)[0]);
    }

    @Test
    void wasiCalledDirectlyIsAHostToo() {
        // generated code calls the WASI shim through an interface, past WasmFunction.host's guard
        IndexOutOfBoundsException e = new IndexOutOfBoundsException("bug");
        e.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("java.util.Objects", "checkIndex", null, 1),
            new StackTraceElement("dev.wasm2jar.wasi.FdCalls", "fd_read", null, 1),
            new StackTraceElement("wasm.Module$Code0", "f0", null, 1)});
        Trap t = (Trap) Trap.of(e);
        assertEquals(TrapKind.HOST_ERROR, t.kind());
    }
}
