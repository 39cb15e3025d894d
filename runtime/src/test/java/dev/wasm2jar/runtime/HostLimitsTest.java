package dev.wasm2jar.runtime;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tables and memories over the host's limits fail with a trap, never an OutOfMemoryError. */
class HostLimitsTest {
    @Test
    void hugeTableIsATrap() {
        Trap t = assertThrows(Trap.class, () -> new Table(ValueType.FUNCREF, 0x7fffffff, -1, null));
        assertEquals(TrapKind.OUT_OF_BOUNDS_TABLE_ACCESS, t.kind());
        assertTrue(t.getMessage().contains("host limit"), t.getMessage());
        // min 0xffffffff arrives as -1
        assertThrows(Trap.class, () -> new Table(ValueType.FUNCREF, -1, -1, null));
    }

    @Test
    void tableAtTheLimitGrowsNoFurther() {
        Table t = new Table(ValueType.FUNCREF, 10, -1, null);
        assertEquals(-1, t.grow(Table.MAX_ELEMENTS, null));
        assertEquals(10, t.grow(1, null));
    }

    @Test
    void hugeMemoryIsATrap() {
        assertThrows(Trap.class, () -> new Memory(Memory.MAX_PAGES + 1, -1));
        assertThrows(Trap.class, () -> new Memory(-1, -1));
    }

    @Test
    void memoryGrowBeyondTheHostIsMinusOne() {
        Memory m = new Memory(0, -1);
        assertEquals(-1, m.grow(40_000));
        assertEquals(0, m.grow(1));
    }

    @Test
    void configuredLimits() {
        try {
            HostLimits.setMaxMemoryPages(4);
            HostLimits.setMaxTableElements(100);
            Memory m = new Memory(2, -1);
            assertEquals(-1, m.grow(3));
            assertEquals(2, m.grow(2));
            assertThrows(Trap.class, () -> new Memory(5, -1));
            Table t = new Table(ValueType.FUNCREF, 50, -1, null);
            assertEquals(-1, t.grow(51, null));
            assertEquals(50, t.grow(50, null));
            assertThrows(Trap.class, () -> new Table(ValueType.FUNCREF, 101, -1, null));
            assertThrows(IllegalArgumentException.class, () -> HostLimits.setMaxMemoryPages(Memory.MAX_PAGES + 1));
        } finally {
            HostLimits.setMaxMemoryPages(Memory.MAX_PAGES);
            HostLimits.setMaxTableElements(Table.MAX_ELEMENTS);
        }
    }
}
