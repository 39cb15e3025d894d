package dev.wasm2jar.codegen;

import dev.wasm2jar.runtime.FunctionType;
import dev.wasm2jar.runtime.ImportResolver;
import dev.wasm2jar.runtime.Instance;
import dev.wasm2jar.runtime.LinkException;
import dev.wasm2jar.runtime.ValueType;
import dev.wasm2jar.runtime.WasmFunction;
import dev.wasm2jar.wasi.Wasi;
import dev.wasm2jar.wasi.WasiConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandles;

import static org.junit.jupiter.api.Assertions.*;

/**
 * WASI imports are called through {@code WasiImports} when the resolver gives Wasi's own functions,
 * and through the function's handle when it gives some other function of that name and type.
 */
class WasiImportCallsTest {
    private static final String MODULE = """
        (module
          (import "wasi_snapshot_preview1" "fd_close" (func $close (param i32) (result i32)))
          (import "wasi_snapshot_preview1" "sched_yield" (func $yield (result i32)))
          (memory (export "memory") 1)
          (func (export "close") (param i32) (result i32) local.get 0 call $close)
          (func (export "yield") (result i32) call $yield)
          (export "reexported" (func $close)))""";

    @BeforeEach
    void wabt() {
        Assumptions.assumeTrue(Wat.available(), "wat2wasm not installed");
    }

    @Test
    void wasiFunctionsAreCalledDirectly() {
        Wasi wasi = new Wasi(WasiConfig.builder().build());
        Instance i = Wat.instantiate(MODULE, wasi.imports());
        assertEquals(0, i.function("yield").call()[0]);
        assertEquals(8, i.function("close").call(99)[0]); // EBADF
        assertSame(wasi.function("fd_close"), i.function("reexported"));
        assertEquals(8, i.function("reexported").call(99)[0]);
    }

    @Test
    void otherFunctionsOfTheSameNameGoThroughTheirHandle() throws Exception {
        Wasi wasi = new Wasi(WasiConfig.builder().build());
        FunctionType type = FunctionType.of(new ValueType[] {ValueType.I32}, new ValueType[] {ValueType.I32});
        WasmFunction mine = WasmFunction.host("fd_close", type,
                MethodHandles.dropArguments(MethodHandles.constant(int.class, 42), 0, int.class));
        ImportResolver r = (module, name) -> name.equals("fd_close") ? mine : wasi.imports().resolve(module, name);
        Instance i = Wat.instantiate(MODULE, r);
        assertEquals(42, i.function("close").call(99)[0]);
        assertEquals(0, i.function("yield").call()[0]);
        assertSame(mine, i.function("reexported"));
    }

    @Test
    void aWasiNameWithAnotherTypeStillLinksByType() {
        Wasi wasi = new Wasi(WasiConfig.builder().build());
        String wat = """
            (module (import "wasi_snapshot_preview1" "fd_close" (func (param i64) (result i32))))""";
        assertThrows(LinkException.class, () -> Wat.instantiate(wat, wasi.imports()));
    }
}
