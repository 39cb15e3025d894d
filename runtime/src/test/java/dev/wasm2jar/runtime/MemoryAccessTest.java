package dev.wasm2jar.runtime;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every implementation of {@link MemoryAccess} (sun.misc.Unsafe where it is used; VarHandles and
 * jdk.internal.misc.Unsafe, each chosen in a second JVM) reads and writes little-endian values at
 * every index that fits (the array for host accessors, the limit for guest ones), and rejects every
 * other index before touching the array.
 */
class MemoryAccessTest {
    @Test
    void unsafeIsUsedOnThisJvm() {
        // Java 17 on a little-endian machine: java.lang.invoke stays untouched.
        if (Runtime.version().feature() <= 23 && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            assertEquals("unsafe", MemoryAccess.implementation());
        }
    }

    @Test
    void readsAndWritesEveryWidth() {
        check();
    }

    @Test
    void varHandlesReadAndWriteEveryWidth() throws Exception {
        assertEquals("varhandle ok", checkInAnotherJvm("-Dwasm2jar.memory-access=varhandle"));
    }

    @Test
    void internalUnsafeReadsAndWritesEveryWidth() throws Exception {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) return; // not used there
        assertEquals("internal ok", checkInAnotherJvm("-Dwasm2jar.memory-access=internal",
                "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"));
    }

    /** Without the export (an embedder who did not add it), asking for the internal Unsafe gets the VarHandles. */
    @Test
    void internalUnsafeNeedsTheExport() throws Exception {
        assertEquals("varhandle ok", checkInAnotherJvm("-Dwasm2jar.memory-access=internal"));
    }

    /** Runs {@link #main} in a JVM started with these options, and returns what it printed last. */
    private static String checkInAnotherJvm(String... options) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> command = new java.util.ArrayList<>(List.of(java));
        command.addAll(List.of(options));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MemoryAccessTest.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertEquals(0, p.waitFor(), out);
        return out.substring(out.lastIndexOf('\n') + 1);
    }

    /** Runs {@link #check} in this JVM and says which implementation it checked. */
    public static void main(String[] args) {
        check();
        System.out.println(MemoryAccess.implementation() + " ok");
    }

    static void check() {
        checkHostAccessors();
        checkGuestAccessors();
    }

    /**
     * The guest accessors take the memory's size as their bound: in an array of 16 bytes, an access
     * is in bounds exactly when all its bytes lie below the limit, and one that is not writes
     * nothing, not even into the array's spare capacity beyond the limit.
     */
    private static void checkGuestAccessors() {
        for (int limit = 0; limit <= 16; limit++) {
            for (int size : new int[] {1, 2, 4, 8}) {
                for (int a = -2; a <= 17; a++) {
                    boolean fits = a >= 0 && a + size <= limit;
                    byte[] b = pattern(16);
                    ByteBuffer bb = ByteBuffer.wrap(pattern(16)).order(ByteOrder.LITTLE_ENDIAN);
                    final int at = a, lim = limit;
                    String where = size + " bytes at " + a + " below " + limit;
                    if (fits) {
                        switch (size) {
                            case 1 -> {
                                assertEquals(bb.get(a), MemoryAccess.getI8(b, a, limit), where);
                                MemoryAccess.setI8(b, a, limit, (byte) 0x81);
                                bb.put(a, (byte) 0x81);
                            }
                            case 2 -> {
                                assertEquals(bb.getShort(a), MemoryAccess.getI16(b, a, limit), where);
                                MemoryAccess.setI16(b, a, limit, (short) 0x8182);
                                bb.putShort(a, (short) 0x8182);
                            }
                            case 4 -> {
                                assertEquals(bb.getInt(a), MemoryAccess.getI32(b, a, limit), where);
                                assertEquals(Float.floatToRawIntBits(bb.getFloat(a)), Float.floatToRawIntBits(MemoryAccess.getF32(b, a, limit)), where);
                                MemoryAccess.setI32(b, a, limit, 0x81828384);
                                bb.putInt(a, 0x81828384);
                                MemoryAccess.setF32(b, a, limit, Float.intBitsToFloat(0x7fa00001));
                                bb.putInt(a, 0x7fa00001);
                            }
                            default -> {
                                assertEquals(bb.getLong(a), MemoryAccess.getI64(b, a, limit), where);
                                assertEquals(Double.doubleToRawLongBits(bb.getDouble(a)), Double.doubleToRawLongBits(MemoryAccess.getF64(b, a, limit)), where);
                                MemoryAccess.setI64(b, a, limit, 0x8182838485868788L);
                                bb.putLong(a, 0x8182838485868788L);
                                MemoryAccess.setF64(b, a, limit, Double.longBitsToDouble(0x7ff4000000000001L));
                                bb.putLong(a, 0x7ff4000000000001L);
                            }
                        }
                        assertTrue(Arrays.equals(bb.array(), b), "store of " + where);
                        continue;
                    }
                    List<Runnable> accesses = switch (size) {
                        case 1 -> List.of(() -> MemoryAccess.getI8(b, at, lim), () -> MemoryAccess.setI8(b, at, lim, (byte) -1));
                        case 2 -> List.of(() -> MemoryAccess.getI16(b, at, lim), () -> MemoryAccess.setI16(b, at, lim, (short) -1));
                        case 4 -> List.of(() -> MemoryAccess.getI32(b, at, lim), () -> MemoryAccess.getF32(b, at, lim),
                                () -> MemoryAccess.setI32(b, at, lim, -1), () -> MemoryAccess.setF32(b, at, lim, -1f));
                        default -> List.of(() -> MemoryAccess.getI64(b, at, lim), () -> MemoryAccess.getF64(b, at, lim),
                                () -> MemoryAccess.setI64(b, at, lim, -1L), () -> MemoryAccess.setF64(b, at, lim, -1d));
                    };
                    for (Runnable access : accesses) {
                        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, access::run, where);
                        // Whichever class raised it, generated code must report it as the guest's trap.
                        RuntimeException trap = Trap.of(e);
                        assertTrue(trap instanceof Trap t && t.kind() == TrapKind.OUT_OF_BOUNDS_MEMORY_ACCESS, where + ": " + trap);
                    }
                    assertTrue(Arrays.equals(pattern(16), b), "a failed store wrote: " + where);
                }
            }
        }
    }

    private static void checkHostAccessors() {
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
