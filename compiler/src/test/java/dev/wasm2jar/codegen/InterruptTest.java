package dev.wasm2jar.codegen;

import dev.wasm2jar.runtime.ImportResolver;
import dev.wasm2jar.runtime.Instance;
import dev.wasm2jar.runtime.Trap;
import dev.wasm2jar.runtime.TrapKind;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Code compiled interruptible stops on Thread.interrupt() with an "interrupted" trap; other code has no checks. */
class InterruptTest {
    private static final String SPIN = "(module (func (export \"spin\") (loop $l (br $l)))"
            + " (func (export \"one\") (result i32) (i32.const 1)))";

    @BeforeEach
    void wabt() {
        Assumptions.assumeTrue(Wat.available(), "wat2wasm not installed");
    }

    private static Instance instance(boolean interruptible) {
        var m = dev.wasm2jar.binary.ModuleDecoder.decode(Wat.toWasm(SPIN));
        Wat.validate(m);
        return ModuleGenerator.generate(m, CodegenOptions.defaults().withInterruptible(interruptible)).instantiate(ImportResolver.NONE);
    }

    @Test
    void interruptStopsALoop() throws Exception {
        Instance i = instance(true);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                i.function("spin").call();
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.start();
        Thread.sleep(200);
        t.interrupt();
        t.join(10_000);
        assertFalse(t.isAlive());
        assertTrue(thrown.get() instanceof Trap trap && trap.kind() == TrapKind.INTERRUPTED, String.valueOf(thrown.get()));
        // the trap consumed the interrupt: the next call runs
        assertEquals(1, i.function("one").call()[0]);
    }

    @Test
    void checksOnlyWhenAskedFor() {
        assertFalse(classesMention(false));
        assertTrue(classesMention(true));
    }

    private static boolean classesMention(boolean interruptible) {
        var m = dev.wasm2jar.binary.ModuleDecoder.decode(Wat.toWasm(SPIN));
        Wat.validate(m);
        CompiledModule c = ModuleGenerator.generate(m, CodegenOptions.defaults().withInterruptible(interruptible));
        return c.classFiles().values().stream().anyMatch(b -> new String(b, java.nio.charset.StandardCharsets.ISO_8859_1).contains("Interrupts"));
    }
}
