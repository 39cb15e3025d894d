package dev.wasm2jar.runtime;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * memory.grow (spec section 4.4.7) on a memory whose array has spare capacity: the size is exactly
 * what was asked, bytes beyond it are out of bounds for every access although the array holds
 * them, new pages read as zero, and contents survive both kinds of growth (into spare capacity and
 * into a new array).
 */
class MemoryGrowthTest {
    private static final int PAGE = Memory.PAGE_SIZE;

    @Test
    void growingAPageAtATimeReplacesTheArrayRarely() {
        Memory m = new Memory(1, -1);
        int replaced = 0;
        byte[] last = m.bytes;
        for (int i = 1; i < 1000; i++) {
            assertEquals(i, m.grow(1));
            assertEquals(i + 1, m.pages());
            assertEquals((i + 1) * PAGE, m.size);
            if (m.bytes != last) replaced++;
            last = m.bytes;
        }
        // Growth by half the size each time: about log1.5(1000/16) + a few arrays, not 999.
        assertTrue(replaced < 20, replaced + " arrays for 999 grows");
        assertTrue(m.bytes.length >= m.size);
    }

    @Test
    void bytesBeyondTheSizeAreOutOfBoundsThoughTheArrayHoldsThem() {
        Memory m = new Memory(1, -1);
        m.grow(1);
        assertTrue(m.bytes.length > 2 * PAGE, "the first grow leaves spare capacity");
        m.writeInt(2 * PAGE - 4, 7);
        assertEquals(7, m.readInt(2 * PAGE - 4));
        assertThrows(Trap.class, () -> m.readByte(2 * PAGE));
        assertThrows(Trap.class, () -> m.writeByte(2 * PAGE, (byte) 1));
        assertThrows(Trap.class, () -> m.readInt(2 * PAGE - 3));
        assertThrows(Trap.class, () -> m.fill(2 * PAGE - 1, 0, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> MemoryAccess.getI8(m.bytes, 2 * PAGE, m.size));
        assertThrows(IndexOutOfBoundsException.class, () -> MemoryAccess.setI64(m.bytes, 2 * PAGE - 4, m.size, 1L));
        assertEquals(0, m.bytes[2 * PAGE], "nothing was written past the size");
    }

    @Test
    void contentsSurviveAndNewPagesAreZero() {
        Memory m = new Memory(1, -1);
        m.writeLong(8, 0x0102030405060708L);
        for (int i = 0; i < 40; i++) m.grow(1); // into spare capacity and into new arrays
        assertEquals(0x0102030405060708L, m.readLong(8));
        // A host that wrote into the spare capacity directly does not leak into a later grow.
        int size = m.size;
        if (m.bytes.length > size) {
            m.bytes[size] = 9;
            m.grow(1);
            assertEquals(0, m.readByte(size));
        }
        for (int a = PAGE; a < m.size; a += 4093) assertEquals(0, m.readByte(a));
    }

    @Test
    void capacityStaysWithinTheDeclaredMaximum() {
        Memory m = new Memory(1, 3);
        assertEquals(1, m.grow(1));
        assertTrue(m.bytes.length <= 3 * PAGE, "capacity " + m.bytes.length);
        assertEquals(2, m.grow(1));
        assertEquals(-1, m.grow(1));
        assertEquals(3, m.pages());
    }
}
