package dev.wasm2jar.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wasm2jar.runtime.FunctionType;
import dev.wasm2jar.runtime.Instance;
import dev.wasm2jar.runtime.Memory;
import dev.wasm2jar.runtime.ValueType;
import dev.wasm2jar.runtime.WasmFunction;
import java.io.ByteArrayOutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Wasi#run} against a hand-made instance whose _start calls the imports like a compiled guest would. */
class RunTest {
    static Wasi wasi;
    static Memory memory;
    static int exitWith = -1;

    public static void start() throws Throwable {
        // "Hello\n" via fd_write(1, iovs=16, 1, nwritten=24), then maybe proc_exit
        memory.writeBytes(100, "Hello\n".getBytes());
        memory.writeInt(16, 100);
        memory.writeInt(20, 6);
        WasmFunction w = (WasmFunction) wasi.imports().resolve("wasi_snapshot_preview1", "fd_write");
        int errno = (int) w.handle().invokeExact(1, 16, 1, 24);
        if (errno != 0) throw new AssertionError("errno " + errno);
        if (exitWith >= 0) {
            WasmFunction exit = (WasmFunction) wasi.imports().resolve("wasi_snapshot_preview1", "proc_exit");
            exit.handle().invokeExact(exitWith);
        }
    }

    private static Instance instance() throws Exception {
        memory = new Memory(1, -1);
        WasmFunction start = WasmFunction.host("_start", FunctionType.of(new ValueType[0]),
                MethodHandles.lookup().findStatic(RunTest.class, "start", MethodType.methodType(void.class)));
        return new Instance() {
            @Override public Object export(String name) {
                return name.equals("memory") ? memory : name.equals("_start") ? start : null;
            }
            @Override public List<String> exportNames() {
                return List.of("memory", "_start");
            }
        };
    }

    @Test
    void returnsZeroWhenStartReturnsAndTheExitCodeOnProcExit() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        wasi = new Wasi(WasiConfig.builder().stdout(out).build());
        exitWith = -1;
        assertEquals(0, wasi.run(instance()));
        assertEquals("Hello\n", out.toString());

        wasi = new Wasi(WasiConfig.builder().stdout(out).build());
        exitWith = 42;
        assertEquals(42, wasi.run(instance()));
        assertEquals("Hello\nHello\n", out.toString());
    }
}
