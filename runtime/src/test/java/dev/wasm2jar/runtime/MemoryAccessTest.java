package dev.wasm2jar.runtime;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both implementations of {@link MemoryAccess} (Unsafe where it is used, VarHandles under
 * {@code -Dwasm2jar.memory-access=varhandle}, checked in a second JVM) read and write little-endian
 * values at every index that fits, and reject every other index before touching the array.
 */
class MemoryAccessTest {
    @Test
    void unsafeIsUsedOnThisJvm() {
        // Java 17 on a little-endian machine: java.lang.invoke stays untouched.
        if (Runtime.version().feature() <= 23 && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            assertFalse(MemoryAccess.usesVarHandles());
        }
    }

    @Test
    void readsAndWritesEveryWidth() {
        check();
    }

    @Test
    void varHandlesReadAndWriteEveryWidth() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(List.of(java, "-Dwasm2jar.memory-access=varhandle", "-cp",
                System.getProperty("java.class.path"), MemoryAccessTest.class.getName()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("varhandles ok"), out);
    }

    /** Runs {@link #check} in this JVM and says which implementation it checked. */
    public static void main(String[] args) {
        check();
        System.out.println(MemoryAccess.usesVarHandles() ? "varhandles ok" : "unsafe ok");
    }

    static void check() {
        for (int len = 0; len <= 12; len++) {
            for (int size : new int[] {2, 4, 8}) {
                for (int a = -2; a <= len + 1; a++) {
                    boolean fits = a >= 0 && a + size <= len;
                    byte[] b = pattern(len);
                    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
                    final int at = a;
                    if (fits) {
                        switch (size) {
                            case 2 -> assertEquals(bb.getShort(a), MemoryAccess.getI16(b, a));
                            case 4 -> {
                                assertEquals(bb.getInt(a), MemoryAccess.getI32(b, a));
                                assertEquals(Float.floatToRawIntBits(bb.getFloat(a)), Float.floatToRawIntBits(MemoryAccess.getF32(b, a)));
                            }
                            default -> {
                                assertEquals(bb.getLong(a), MemoryAccess.getI64(b, a));
                                assertEquals(Double.doubleToRawLongBits(bb.getDouble(a)), Double.doubleToRawLongBits(MemoryAccess.getF64(b, a)));
                            }
                        }
                        byte[] want = pattern(len);
                        ByteBuffer wb = ByteBuffer.wrap(want).order(ByteOrder.LITTLE_ENDIAN);
                        switch (size) {
                            case 2 -> { MemoryAccess.setI16(b, a, (short) 0x8182); wb.putShort(a, (short) 0x8182); }
                            case 4 -> { MemoryAccess.setI32(b, a, 0x81828384); wb.putInt(a, 0x81828384); }
                            default -> { MemoryAccess.setI64(b, a, 0x8182838485868788L); wb.putLong(a, 0x8182838485868788L); }
                        }
                        assertTrue(Arrays.equals(want, b), "store of " + size + " at " + a + " in " + len);
                        // A signalling NaN keeps its bits through memory.
                        if (size == 4) {
                            MemoryAccess.setF32(b, a, Float.intBitsToFloat(0x7fa00001));
                            assertEquals(0x7fa00001, MemoryAccess.getI32(b, a));
                        } else if (size == 8) {
                            MemoryAccess.setF64(b, a, Double.longBitsToDouble(0x7ff4000000000001L));
                            assertEquals(0x7ff4000000000001L, MemoryAccess.getI64(b, a));
                        }
                    } else {
                        switch (size) {
                            case 2 -> {
                                assertThrows(IndexOutOfBoundsException.class, () -> MemoryAccess.getI16(b, at));
                                assertThrows(IndexOutOfBoundsException.class, () -> MemoryAccess.setI16(b, at, (short) -1));
                            }
                            case 4 -> {
                                assertThrows(IndexOutOfBoundsException.class, () -> MemoryAccess.getI32(b, at));
                                assertThrows(IndexOutOfBoundsException.class, () -> MemoryAccess.getF32(b, at));
                                assertThrows(IndexOutOfBoundsException.class, () -> MemoryAccess.setI32(b, at, -1));
                                assertThrows(IndexOutOfBoundsException.class, () -> MemoryAccess.setF32(b, at, -1f));
                            }
                            default -> {
                                assertThrows(IndexOutOfBoundsException.class, () -> MemoryAccess.getI64(b, at));
                                assertThrows(IndexOutOfBoundsException.class, () -> MemoryAccess.getF64(b, at));
                                assertThrows(IndexOutOfBoundsException.class, () -> MemoryAccess.setI64(b, at, -1L));
                                assertThrows(IndexOutOfBoundsException.class, () -> MemoryAccess.setF64(b, at, -1d));
                            }
                        }
                        assertTrue(Arrays.equals(pattern(len), b), "a failed store wrote: " + size + " at " + a + " in " + len);
                    }
                }
            }
        }
    }

    private static byte[] pattern(int len) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) b[i] = (byte) (0x11 * (i + 1));
        return b;
    }
}
