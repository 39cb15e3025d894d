package dev.wasm2jar.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasm2jar.wasi.abi.Abi;
import dev.wasm2jar.wasi.abi.Errno;
import java.io.ByteArrayInputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PollTest {
    @TempDir
    Path tmp;

    /** Writes subscription i at {@code subs + 48*i}. */
    private static void clockSub(Guest g, int at, long userdata, int clock, long timeout, int flags) {
        g.memory.writeLong(at, userdata);
        g.memory.writeByte(at + 8, (byte) 0);
        g.memory.writeInt(at + 16, clock);
        g.memory.writeLong(at + 24, timeout);
        g.memory.writeLong(at + 32, 0);
        g.memory.writeShort(at + 40, (short) flags);
    }

    private static void fdSub(Guest g, int at, long userdata, int type, int fd) {
        g.memory.writeLong(at, userdata);
        g.memory.writeByte(at + 8, (byte) type);
        g.memory.writeInt(at + 16, fd);
    }

    @Test
    void aLoneRelativeClockSleeps() {
        Guest g = new Guest(WasiConfig.builder());
        int subs = g.alloc(48), evs = g.alloc(32), n = g.alloc(4);
        clockSub(g, subs, 77, Abi.CLOCK_MONOTONIC, 20_000_000L, 0);
        long t0 = System.nanoTime();
        assertEquals(0, g.call("poll_oneoff", subs, evs, 1, n));
        assertTrue(System.nanoTime() - t0 >= 20_000_000L);
        assertEquals(1, g.i32(n));
        assertEquals(77, g.i64(evs));
        assertEquals(0, g.u16(evs + 8));
        assertEquals(Abi.EVENTTYPE_CLOCK, g.u8(evs + 10));
        assertEquals(1, g.i64(evs + 16), "wasmtime's sleep path reports nbytes 1");
        assertEquals(Errno.INVAL, g.call("poll_oneoff", subs, evs, 0, n));
    }

    @Test
    void absoluteClocksAndTheEarliestWins() {
        Guest g = new Guest(WasiConfig.builder());
        int subs = g.alloc(96), evs = g.alloc(64), n = g.alloc(4), now = g.alloc(8);
        g.call("clock_time_get", Abi.CLOCK_MONOTONIC, 0L, now);
        clockSub(g, subs, 1, Abi.CLOCK_MONOTONIC, g.i64(now) + 10_000_000L, Abi.SUBCLOCK_ABSTIME);
        clockSub(g, subs + 48, 2, Abi.CLOCK_REALTIME, 5_000_000_000L, 0);
        long t0 = System.nanoTime();
        assertEquals(0, g.call("poll_oneoff", subs, evs, 2, n));
        long took = System.nanoTime() - t0;
        assertTrue(took >= 5_000_000L && took < 4_000_000_000L, "took " + took);
        assertEquals(1, g.i32(n));
        assertEquals(1, g.i64(evs));
        assertEquals(0, g.i64(evs + 16));
        clockSub(g, subs, 1, 9, 0, 0);
        assertEquals(Errno.INVAL, g.call("poll_oneoff", subs, evs, 2, n));
    }

    @Test
    void filesAreAlwaysReadyAndReportHangupAtEnd() throws Exception {
        Files.writeString(tmp.resolve("f"), "abc");
        Guest g = new Guest(WasiConfig.builder().preopen(tmp, "."));
        int fd = g.open(3, "f", 0, Guest.RW);
        int subs = g.alloc(144), evs = g.alloc(96), n = g.alloc(4);
        fdSub(g, subs, 10, Abi.EVENTTYPE_FD_READ, fd);
        fdSub(g, subs + 48, 11, Abi.EVENTTYPE_FD_WRITE, fd);
        clockSub(g, subs + 96, 12, Abi.CLOCK_MONOTONIC, 10_000_000_000L, 0);
        assertEquals(0, g.call("poll_oneoff", subs, evs, 3, n));
        assertEquals(2, g.i32(n));
        assertEquals(10, g.i64(evs));
        assertEquals(Abi.EVENTTYPE_FD_READ, g.u8(evs + 10));
        assertEquals(0, g.u16(evs + 24));
        assertEquals(11, g.i64(evs + 32));
        assertEquals(Abi.EVENTTYPE_FD_WRITE, g.u8(evs + 32 + 10));
        g.read(fd, 10);
        assertEquals(0, g.call("poll_oneoff", subs, evs, 1, n));
        assertEquals(Abi.EVENTRW_HANGUP, g.u16(evs + 24));
        fdSub(g, subs, 10, Abi.EVENTTYPE_FD_READ, 3);
        assertEquals(Errno.BADF, g.call("poll_oneoff", subs, evs, 1, n), "directories cannot be polled");
        fdSub(g, subs, 10, Abi.EVENTTYPE_FD_WRITE, 0);
        assertEquals(Errno.BADF, g.call("poll_oneoff", subs, evs, 1, n));
        fdSub(g, subs, 10, 3, 0);
        assertEquals(Errno.INVAL, g.call("poll_oneoff", subs, evs, 1, n));
    }

    @Test
    void stdinIsReadyWhenInputArrivesOrEnds() throws Exception {
        PipedOutputStream feed = new PipedOutputStream();
        Guest g = new Guest(WasiConfig.builder().stdin(new PipedInputStream(feed)));
        int subs = g.alloc(96), evs = g.alloc(64), n = g.alloc(4);
        fdSub(g, subs, 5, Abi.EVENTTYPE_FD_READ, 0);
        clockSub(g, subs + 48, 6, Abi.CLOCK_MONOTONIC, 30_000_000L, 0);
        assertEquals(0, g.call("poll_oneoff", subs, evs, 2, n));
        assertEquals(1, g.i32(n));
        assertEquals(6, g.i64(evs), "timed out: no input yet");
        feed.write("hi\n".getBytes());
        feed.flush();
        assertEquals(0, g.call("poll_oneoff", subs, evs, 2, n));
        assertEquals(5, g.i64(evs));
        assertEquals(Abi.EVENTTYPE_FD_READ, g.u8(evs + 10));
        assertEquals("hi\n", g.read(0, 10));
        feed.close();
        assertEquals(0, g.call("poll_oneoff", subs, evs, 1, n));
        assertEquals(5, g.i64(evs), "end of input is ready too");
        assertEquals("", g.read(0, 10));
    }

    @Test
    void stdinWithoutPollReadsDirectly() {
        Guest g = new Guest(WasiConfig.builder().stdin(new ByteArrayInputStream("abc".getBytes())));
        assertEquals("ab", g.read(0, 2));
        assertEquals("c", g.read(0, 2));
        assertEquals("", g.read(0, 2));
    }
}
