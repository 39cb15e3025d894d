package com.example;

import dev.wasm2jar.runtime.Trap;
import dev.wasm2jar.runtime.TrapKind;
import dev.wasm2jar.runtime.embed.Exports;
import dev.wasm2jar.runtime.embed.Imports;
import dev.wasm2jar.runtime.embed.Traps;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.IntUnaryOperator;

import static org.junit.jupiter.api.Assertions.*;

class GreeterTest {
    @Test
    void importsAreImplementedInJava() {
        Console console = new Console();
        Greeter greeter = new Greeter(console, radius -> radius * Math.PI);  // Greeter.Math has one method: a lambda
        console.attach(greeter.memory());
        assertEquals(1234L, greeter.greet());
        assertEquals(List.of("hello from wasm"), console.lines());
        assertEquals(4 * Math.PI, greeter.area(2.0), 1e-12);
    }

    @Test
    void hostExceptionsComeBackAsTraps() {
        Greeter greeter = new Greeter(new Console(), radius -> {
            throw new IllegalStateException("no math today");
        });
        Trap trap = assertThrows(Trap.class, () -> greeter.area(1.0));
        assertEquals(TrapKind.HOST_ERROR, trap.kind());
        assertInstanceOf(IllegalStateException.class, trap.getCause());
    }

    @Test
    void embeddingApiSharesMemoryBetweenInstances() {
        Console console = new Console();
        Greeter greeter = new Greeter(console, radius -> radius);
        Imports imports = Imports.builder()
                .memory("host", "memory", greeter.memory())          // the plugin reads the greeter's memory
                .function("host", "twice", (IntUnaryOperator) x -> 2 * x)
                .build();
        Plugin plugin = new Plugin(imports);
        int expected = 0;
        for (byte b : "hello from wasm".getBytes(StandardCharsets.UTF_8)) expected += b;
        assertEquals(expected, plugin.sumBytes(16, 15));
        assertEquals(43, plugin.twicePlusOne(21));
        assertEquals(43, Exports.of(plugin.instance()).function("twice_plus_one").call(21)[0]);

        Trap trap = assertThrows(Trap.class, () -> plugin.sumBytes(65530, 100));
        assertEquals(TrapKind.OUT_OF_BOUNDS_MEMORY_ACCESS, trap.kind());
        assertEquals("sum_bytes", Traps.backtrace(trap).get(0).name());
    }
}
