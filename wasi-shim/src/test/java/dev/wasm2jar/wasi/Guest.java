package dev.wasm2jar.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.wasm2jar.runtime.Memory;
import dev.wasm2jar.runtime.WasmFunction;
import dev.wasm2jar.wasi.abi.Abi;
import dev.wasm2jar.wasi.abi.Errno;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A pretend guest: a 2-page memory, a bump allocator, and calls to the host functions by name. */
final class Guest {
    final Memory memory = new Memory(2, -1);
    final Wasi wasi;
    final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    private int heap = 256;

    Guest(WasiConfig.Builder config) {
        this(config, true);
    }

    Guest(WasiConfig.Builder config, boolean captureStdio) {
        if (captureStdio) config.stdout(out).stderr(err);
        wasi = new Wasi(config.build());
        wasi.bind(memory);
    }

    /** Calls a host function; returns its errno (0 for functions without a result). */
    int call(String name, Object... args) {
        WasmFunction f = wasi.functions().get(name);
        assertNotNull(f, name);
        Object[] r = f.call(args);
        return r.length == 0 ? 0 : (Integer) r[0];
    }

    int alloc(int n) {
        int p = heap;
        heap += (n + 7) & ~7;
        if (heap > memory.bytes.length) throw new IllegalStateException("guest heap exhausted");
        return p;
    }

    /** Writes a string (not NUL-terminated) and returns its address; its length is {@link #len}. */
    int str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int p = alloc(b.length + 1);
        memory.writeBytes(p, b);
        return p;
    }

    static int len(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    int i32(int p) {
        return memory.readInt(p);
    }

    long i64(int p) {
        return memory.readLong(p);
    }

    int u8(int p) {
        return memory.readByte(p) & 0xFF;
    }

    int u16(int p) {
        return dev.wasm2jar.runtime.MemoryAccess.getI16(memory.bytes, p) & 0xFFFF;
    }

    String string(int p, int n) {
        return memory.readString(p, n);
    }

    // ---- conveniences over common calls; errno failures come back as -errno

    int open(int dir, String path, int lookup, int oflags, long rights, int fdflags) {
        return open(dir, path, lookup, oflags, rights, Abi.RIGHTS_ALL, fdflags);
    }

    int open(int dir, String path, int lookup, int oflags, long rights, long inheriting, int fdflags) {
        int res = alloc(4);
        int e = call("path_open", dir, lookup, str(path), len(path), oflags, rights, inheriting, fdflags, res);
        return e == 0 ? i32(res) : -e;
    }

    int open(int dir, String path, int oflags, long rights) {
        return open(dir, path, Abi.LOOKUP_SYMLINK_FOLLOW, oflags, rights, 0);
    }

    static final long RW = Abi.RIGHT_FD_READ | Abi.RIGHT_FD_WRITE;

    /** An iovec array with one buffer of {@code n} bytes: returns {iovs, buf}. */
    int[] iov(int n) {
        int buf = alloc(n);
        int iovs = alloc(8);
        memory.writeInt(iovs, buf);
        memory.writeInt(iovs + 4, n);
        return new int[] {iovs, buf};
    }

    /** fd_write of a whole string; returns bytes written or -errno. */
    int write(int fd, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int[] v = iov(b.length);
        memory.writeBytes(v[1], b);
        int res = alloc(4);
        int e = call("fd_write", fd, v[0], 1, res);
        return e == 0 ? i32(res) : -e;
    }

    /** fd_read of up to n bytes as a string, or null with the errno in {@link #lastErrno}. */
    String read(int fd, int n) {
        int[] v = iov(n);
        int res = alloc(4);
        lastErrno = call("fd_read", fd, v[0], 1, res);
        return lastErrno == 0 ? string(v[1], i32(res)) : null;
    }

    int lastErrno;

    /** path_filestat_get: returns the 64-byte filestat address, or fails the test with the errno. */
    int stat(int dir, String path, boolean follow) {
        int buf = alloc(64);
        assertEquals(Errno.SUCCESS, call("path_filestat_get", dir, follow ? 1 : 0, str(path), len(path), buf), "stat " + path);
        return buf;
    }

    int statErrno(int dir, String path, boolean follow) {
        int buf = alloc(64);
        return call("path_filestat_get", dir, follow ? 1 : 0, str(path), len(path), buf);
    }

    int pathCall(String fn, int dir, String path) {
        return call(fn, dir, str(path), len(path));
    }
}
