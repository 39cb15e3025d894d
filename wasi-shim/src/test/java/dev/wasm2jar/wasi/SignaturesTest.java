package dev.wasm2jar.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.wasm2jar.runtime.WasmFunction;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every wasi_snapshot_preview1 import (as clang + wasi-libc emit them) resolves with its exact wasm type. */
class SignaturesTest {
    @Test
    void everyImportResolvesWithTheRightType() throws Exception {
        Wasi wasi = new Wasi(WasiConfig.builder().build());
        List<String> lines;
        try (var in = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("/preview1-signatures.txt"), StandardCharsets.UTF_8))) {
            lines = in.lines().filter(l -> !l.isBlank()).toList();
        }
        assertEquals(46, lines.size());
        for (String line : lines) {
            String name = line.substring(0, line.indexOf(' '));
            Object f = wasi.imports().resolve("wasi_snapshot_preview1", name);
            assertNotNull(f, name);
            WasmFunction wf = (WasmFunction) f;
            String sig = line.substring(line.indexOf(' ') + 1).replace("(", "[").replace(")", "]").replace(" ", ", ")
                    .replace("], ->, [", "] -> [");
            assertEquals(sig, wf.type().toString(), name);
            assertEquals(wf.type().methodType(), wf.handle().type());
        }
        assertEquals(46, wasi.functions().size());
    }

    /** The table Wasi resolves names with, WasiImports (what compiled code calls) and the Calls classes agree. */
    @Test
    void descriptorTableMatchesTheInterfaceAndTheImplementations() throws Exception {
        java.lang.reflect.Method[] ms = WasiImports.class.getMethods();
        assertEquals(46, ms.length);
        for (java.lang.reflect.Method m : ms) {
            String desc = java.lang.invoke.MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString();
            assertEquals(desc, Wasi.descriptor(m.getName()), m.getName());
            int found = 0;
            for (Class<?> c : List.of(ProcCalls.class, FdCalls.class, PathCalls.class, PollCalls.class, SockCalls.class)) {
                for (java.lang.reflect.Method impl : c.getDeclaredMethods()) {
                    if (impl.getName().equals(m.getName()) && java.lang.reflect.Modifier.isPublic(impl.getModifiers())) {
                        assertEquals(m.getReturnType(), impl.getReturnType(), m.getName());
                        assertEquals(List.of(m.getParameterTypes()), List.of(impl.getParameterTypes()), m.getName());
                        found++;
                    }
                }
            }
            assertEquals(1, found, m.getName());
        }
    }

    @Test
    void unknownNamesAndModulesResolveToNull() {
        Wasi wasi = new Wasi(WasiConfig.builder().build());
        assertNull(wasi.imports().resolve("wasi_snapshot_preview1", "no_such_function"));
        assertNull(wasi.imports().resolve("env", "fd_write"));
        assertNull(wasi.imports().resolve("wasi_snapshot_preview1", "memory"));
    }
}
