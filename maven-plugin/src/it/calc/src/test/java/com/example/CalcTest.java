package com.example;

import dev.wasm2jar.runtime.Trap;
import dev.wasm2jar.runtime.TrapKind;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CalcTest {
    @Test
    void computes() {
        assertEquals(5, new Calc().add(2, 3));
        assertEquals(832040L, new Calc().fib(30L));
        assertEquals(-2, new Calc().add(Integer.MAX_VALUE, Integer.MAX_VALUE)); // i32 wraps around
    }

    @Test
    void eachObjectHasItsOwnMemory() {
        Calc a = new Calc(), b = new Calc();
        a.store(64, 42);
        assertEquals(42, a.load(64));
        assertEquals(0, b.load(64));
        assertEquals(42, a.memory().readInt(64));
        assertNotSame(a.memory(), b.memory());
    }

    @Test
    void outOfBoundsAccessTraps() {
        Trap trap = assertThrows(Trap.class, () -> new Calc().load(65536));
        assertEquals(TrapKind.OUT_OF_BOUNDS_MEMORY_ACCESS, trap.kind());
    }

    @Test
    void demoRuns() {
        CalcDemo.main(new String[0]);
    }
}
