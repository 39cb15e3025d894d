package dev.wasm2jar.wasi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasm2jar.wasi.abi.Errno;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProcTest {
    @Test
    void argsAreLaidOutAsArgvPointersIntoOneBuffer() {
        Guest g = new Guest(WasiConfig.builder().args(List.of("prog", "héllo", "")));
        int sizes = g.alloc(8);
        assertEquals(0, g.call("args_sizes_get", sizes, sizes + 4));
        assertEquals(3, g.i32(sizes));
        assertEquals(5 + 7 + 1, g.i32(sizes + 4));
        int argv = g.alloc(12), buf = g.alloc(13);
        assertEquals(0, g.call("args_get", argv, buf));
        assertEquals(buf, g.i32(argv));
        assertEquals(buf + 5, g.i32(argv + 4));
        assertEquals(buf + 12, g.i32(argv + 8));
        assertEquals("prog\0héllo\0\0", g.string(buf, 13));
    }

    @Test
    void environmentIsOnlyWhatWasGiven() {
        Guest g = new Guest(WasiConfig.builder().env("A", "1").env("B", "x=y"));
        int sizes = g.alloc(8);
        assertEquals(0, g.call("environ_sizes_get", sizes, sizes + 4));
        assertEquals(2, g.i32(sizes));
        assertEquals(4 + 6, g.i32(sizes + 4));
        int env = g.alloc(8), buf = g.alloc(10);
        assertEquals(0, g.call("environ_get", env, buf));
        assertEquals("A=1\0B=x=y\0", g.string(buf, 10));
        assertEquals(buf + 4, g.i32(env + 4));

        Guest none = new Guest(WasiConfig.builder());
        assertEquals(0, none.call("environ_sizes_get", sizes, sizes + 4));
        assertEquals(0, none.i32(sizes));
    }

    @Test
    void inheritEnvPassesTheHostEnvironmentAndExplicitOnesWin() {
        Guest g = new Guest(WasiConfig.builder().inheritEnv().env("PATH", "/guest"));
        int sizes = g.alloc(8);
        assertEquals(0, g.call("environ_sizes_get", sizes, sizes + 4));
        int n = System.getenv().containsKey("PATH") ? System.getenv().size() : System.getenv().size() + 1;
        assertEquals(n, g.i32(sizes));
    }

    @Test
    void outOfBoundsPointersAreEfaultNotExceptions() {
        Guest g = new Guest(WasiConfig.builder().args(List.of("prog")));
        int end = g.memory.bytes.length;
        assertEquals(Errno.FAULT, g.call("args_sizes_get", end - 2, 0));
        assertEquals(Errno.FAULT, g.call("args_get", -4, 0));
        assertEquals(Errno.FAULT, g.call("args_get", 0, end - 3));
        assertEquals(Errno.FAULT, g.call("clock_time_get", 0, 0L, end - 7));
        assertEquals(Errno.FAULT, g.call("random_get", end - 10, 11));
        assertEquals(Errno.FAULT, g.call("fd_write", 1, end, 1, 0));
        assertEquals(Errno.FAULT, g.call("path_open", 3, 0, end - 1, 5, 0, 0L, 0L, 0, 0));
    }

    @Test
    void clocks() {
        WasiClock fixed = new WasiClock() {
            @Override public long realtime() { return 1_700_000_000_123_456_789L; }
            @Override public long monotonic() { return 42; }
        };
        Guest g = new Guest(WasiConfig.builder().clock(fixed));
        int p = g.alloc(8);
        assertEquals(0, g.call("clock_time_get", 0, 1L, p));
        assertEquals(1_700_000_000_123_456_789L, g.i64(p));
        assertEquals(0, g.call("clock_time_get", 1, 1L, p));
        assertEquals(42, g.i64(p));
        assertEquals(0, g.call("clock_time_get", 2, 1L, p));
        assertTrue(g.i64(p) > 0);
        assertEquals(0, g.call("clock_time_get", 3, 1L, p));
        assertTrue(g.i64(p) >= 0);
        assertEquals(Errno.INVAL, g.call("clock_time_get", 4, 1L, p));
        for (int id = 0; id < 4; id++) {
            assertEquals(0, g.call("clock_res_get", id, p));
            assertEquals(1, g.i64(p));
        }
        assertEquals(Errno.INVAL, g.call("clock_res_get", 7, p));
    }

    @Test
    void systemClocksMove() throws Exception {
        Guest g = new Guest(WasiConfig.builder());
        int p = g.alloc(8);
        g.call("clock_time_get", 1, 0L, p);
        long a = g.i64(p);
        Thread.sleep(2);
        g.call("clock_time_get", 1, 0L, p);
        assertTrue(g.i64(p) - a >= 2_000_000);
        g.call("clock_time_get", 0, 0L, p);
        assertTrue(Math.abs(g.i64(p) / 1_000_000 - System.currentTimeMillis()) < 5_000);
    }

    @Test
    void randomComesFromTheConfiguredSource() {
        Guest g = new Guest(WasiConfig.builder().random(new Random(7)));
        int p = g.alloc(16);
        assertEquals(0, g.call("random_get", p, 16));
        byte[] want = new byte[16];
        new Random(7).nextBytes(want);
        assertArrayEquals(want, g.memory.readBytes(p, 16));
        assertEquals(0, g.call("random_get", p, 0));
    }

    @Test
    void procExitUnwindsWithTheCode() {
        Guest g = new Guest(WasiConfig.builder());
        WasiExitException e = assertThrows(WasiExitException.class, () -> g.call("proc_exit", 3));
        assertEquals(3, e.code());
        assertEquals(Errno.NOTSUP, g.call("proc_raise", 6));
        assertEquals(Errno.INVAL, g.call("proc_raise", 99));
        assertEquals(0, g.call("sched_yield"));
    }
}
