package com.example;

import dev.wasm2jar.wasi.Wasi;
import dev.wasm2jar.wasi.WasiConfig;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HelloTest {
    @Test
    void runsWithAConfigurationBuiltInJava() {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        Wasi wasi = new Wasi(WasiConfig.builder()
                .args(List.of("hello", "a", "b"))
                .stdout(stdout)
                .build());
        Hello hello = new Hello(wasi);           // the WASI imports, bound to the module's memory
        int exitCode = wasi.run(hello.instance()); // calls _start; proc_exit(n) returns n
        assertEquals("hello from wasi\n", stdout.toString(StandardCharsets.UTF_8));
        assertEquals(3, exitCode);
    }
}
