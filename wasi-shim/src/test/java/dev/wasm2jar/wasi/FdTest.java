package dev.wasm2jar.wasi;

import static dev.wasm2jar.wasi.Guest.RW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasm2jar.wasi.abi.Abi;
import dev.wasm2jar.wasi.abi.Errno;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FdTest {
    @TempDir
    Path tmp;

    private Guest guest() {
        return new Guest(WasiConfig.builder().preopen(tmp, "."));
    }

    @Test
    void stdioFdstatIsWasmtimes() {
        Guest g = guest();
        int p = g.alloc(24);
        assertEquals(0, g.call("fd_fdstat_get", 0, p));
        assertEquals(Abi.FILETYPE_UNKNOWN, g.u8(p));
        assertEquals(0, g.u16(p + 2));
        assertEquals(Abi.RIGHT_FD_READ, g.i64(p + 8));
        assertEquals(Abi.RIGHT_FD_READ, g.i64(p + 16));
        assertEquals(0, g.call("fd_fdstat_get", 1, p));
        assertEquals(Abi.RIGHT_FD_WRITE, g.i64(p + 8));
        assertEquals(0, g.call("fd_fdstat_get", 2, p));
        assertEquals(Abi.RIGHT_FD_WRITE, g.i64(p + 16));
        assertEquals(Errno.BADF, g.call("fd_fdstat_get", 9, p));
        int st = g.alloc(64);
        assertEquals(0, g.call("fd_filestat_get", 1, st));
        for (int i = 0; i < 64; i++) assertEquals(0, g.u8(st + i));
    }

    @Test
    void preopensStartAtThreeInOrder() throws Exception {
        Path a = Files.createDirectory(tmp.resolve("a")), b = Files.createDirectory(tmp.resolve("b"));
        Guest g = new Guest(WasiConfig.builder().preopen(a, "/data").preopen(b, "."));
        int p = g.alloc(8);
        assertEquals(0, g.call("fd_prestat_get", 3, p));
        assertEquals(0, g.u8(p));
        assertEquals(5, g.i32(p + 4));
        int name = g.alloc(8);
        assertEquals(0, g.call("fd_prestat_dir_name", 3, name, 5));
        assertEquals("/data", g.string(name, 5));
        assertEquals(Errno.NAMETOOLONG, g.call("fd_prestat_dir_name", 3, name, 4));
        assertEquals(0, g.call("fd_prestat_get", 4, p));
        assertEquals(1, g.i32(p + 4));
        assertEquals(Errno.BADF, g.call("fd_prestat_get", 5, p));
        assertEquals(Errno.BADF, g.call("fd_prestat_get", 1, p));
        assertEquals(Errno.NOTDIR, g.call("fd_prestat_dir_name", 1, name, 5));
        assertEquals(Errno.BADF, g.call("fd_prestat_dir_name", 5, name, 5));

        int fs = g.alloc(24);
        assertEquals(0, g.call("fd_fdstat_get", 3, fs));
        assertEquals(Abi.FILETYPE_DIRECTORY, g.u8(fs));
        assertEquals(Abi.PREOPEN_RIGHTS_BASE, g.i64(fs + 8));
        assertEquals(Abi.PREOPEN_RIGHTS_INHERITING, g.i64(fs + 16));
    }

    @Test
    void stdoutAndStderrGetWhatIsWrittenAndStdinIsRead() {
        Guest g = new Guest(WasiConfig.builder().stdin(new ByteArrayInputStream("line one\nrest".getBytes())));
        assertEquals(5, g.write(1, "hello"));
        assertEquals(3, g.write(2, "err"));
        assertEquals("hello", g.out.toString());
        assertEquals("err", g.err.toString());
        assertEquals("line one\nrest", g.read(0, 64));
        assertEquals("", g.read(0, 64));
        assertEquals(-Errno.BADF, g.write(0, "x"));
        assertEquals(null, g.read(1, 4));
        assertEquals(Errno.BADF, g.lastErrno);
        int res = g.alloc(8);
        assertEquals(Errno.SPIPE, g.call("fd_seek", 1, 0L, 0, res));
        assertEquals(Errno.SPIPE, g.call("fd_tell", 0, res));
        int[] v = g.iov(4);
        assertEquals(Errno.SPIPE, g.call("fd_pwrite", 1, v[0], 1, 0L, res));
        assertEquals(Errno.SPIPE, g.call("fd_pread", 0, v[0], 1, 0L, res));
    }

    @Test
    void onlyTheFirstNonEmptyIovecIsTransferred() {
        Guest g = guest();
        int a = g.str("ab"), b = g.str("cd"), iovs = g.alloc(24);
        g.memory.writeInt(iovs, a);
        g.memory.writeInt(iovs + 4, 0);
        g.memory.writeInt(iovs + 8, a);
        g.memory.writeInt(iovs + 12, 2);
        g.memory.writeInt(iovs + 16, b);
        g.memory.writeInt(iovs + 20, 2);
        int res = g.alloc(4);
        assertEquals(0, g.call("fd_write", 1, iovs, 3, res));
        assertEquals(2, g.i32(res));
        assertEquals("ab", g.out.toString());
    }

    @Test
    void createWriteSeekReadStat() throws Exception {
        Guest g = guest();
        int fd = g.open(3, "f.txt", Abi.OFLAG_CREAT | Abi.OFLAG_TRUNC, RW);
        assertEquals(4, fd);
        assertEquals(11, g.write(fd, "hello world"));
        int res = g.alloc(8);
        assertEquals(0, g.call("fd_tell", fd, res));
        assertEquals(11, g.i64(res));
        assertEquals(0, g.call("fd_seek", fd, 6L, Abi.WHENCE_SET, res));
        assertEquals(6, g.i64(res));
        assertEquals("world", g.read(fd, 100));
        assertEquals(0, g.call("fd_seek", fd, -5L, Abi.WHENCE_END, res));
        assertEquals(6, g.i64(res));
        assertEquals(0, g.call("fd_seek", fd, -1L, Abi.WHENCE_CUR, res));
        assertEquals(5, g.i64(res));
        assertEquals(Errno.INVAL, g.call("fd_seek", fd, -6L, Abi.WHENCE_CUR, res));
        assertEquals(Errno.INVAL, g.call("fd_seek", fd, -1L, Abi.WHENCE_SET, res));
        assertEquals(Errno.INVAL, g.call("fd_seek", fd, 0L, 3, res));
        assertEquals(0, g.call("fd_tell", fd, res));
        assertEquals(5, g.i64(res));

        int[] v = g.iov(5);
        assertEquals(0, g.call("fd_pread", fd, v[0], 1, 0L, res));
        assertEquals(5, g.i32(res));
        assertEquals("hello", g.string(v[1], 5));
        g.memory.writeBytes(v[1], "HELLO".getBytes());
        assertEquals(0, g.call("fd_pwrite", fd, v[0], 1, 0L, res));
        assertEquals(0, g.call("fd_tell", fd, res));
        assertEquals(5, g.i64(res), "pread/pwrite leave the position alone");
        assertEquals("HELLO world", Files.readString(tmp.resolve("f.txt")));

        int st = g.alloc(64);
        assertEquals(0, g.call("fd_filestat_get", fd, st));
        assertEquals(1, g.i64(st));
        assertEquals(Abi.FILETYPE_REGULAR_FILE, g.u8(st + 16));
        assertEquals(1, g.i64(st + 24));
        assertEquals(11, g.i64(st + 32));
        long mtime = Files.getLastModifiedTime(tmp.resolve("f.txt")).to(java.util.concurrent.TimeUnit.NANOSECONDS);
        assertEquals(mtime, g.i64(st + 48));
        int st2 = g.stat(3, "f.txt", false);
        assertEquals(g.i64(st + 8), g.i64(st2 + 8), "same inode by fd and by path");

        int fs = g.alloc(24);
        assertEquals(0, g.call("fd_fdstat_get", fd, fs));
        assertEquals(Abi.FILETYPE_REGULAR_FILE, g.u8(fs));
        assertEquals(Abi.RIGHTS_ALL, g.i64(fs + 8));
        assertEquals(0, g.call("fd_close", fd));
        assertEquals(Errno.BADF, g.call("fd_close", fd));
    }

    @Test
    void readOnlyAndWriteOnlyDescriptors() throws Exception {
        Files.writeString(tmp.resolve("r"), "data");
        Guest g = guest();
        int ro = g.open(3, "r", 0, Abi.RIGHT_FD_READ);
        assertEquals(-Errno.BADF, g.write(ro, "x"));
        assertEquals("data", g.read(ro, 10));
        int res = g.alloc(4);
        int[] v = g.iov(1);
        assertEquals(Errno.BADF, g.call("fd_pwrite", ro, v[0], 1, 0L, res));
        assertEquals(Errno.INVAL, g.call("fd_filestat_set_size", ro, 0L));
        int fs = g.alloc(24);
        assertEquals(0, g.call("fd_fdstat_get", ro, fs));
        assertEquals(Abi.RIGHTS_ALL & ~Abi.RIGHT_FD_WRITE, g.i64(fs + 8));

        int wo = g.open(3, "r", 0, Abi.RIGHT_FD_WRITE);
        assertEquals(null, g.read(wo, 4));
        assertEquals(Errno.BADF, g.lastErrno);
        assertEquals(0, g.call("fd_fdstat_get", wo, fs));
        assertEquals(Abi.RIGHTS_ALL & ~Abi.RIGHT_FD_READ & ~Abi.RIGHT_FD_READDIR, g.i64(fs + 8));
        assertEquals(4, g.write(wo, "DATA"));
        assertEquals("DATA", Files.readString(tmp.resolve("r")));
        // no rights at all: wasmtime opens for reading
        int none = g.open(3, "r", 0, 0);
        assertEquals("DATA", g.read(none, 10));
    }

    @Test
    void appendModeWritesAtTheEnd() throws Exception {
        Files.writeString(tmp.resolve("log"), "one\n");
        Guest g = guest();
        int fd = g.open(3, "log", Abi.LOOKUP_SYMLINK_FOLLOW, 0, RW, Abi.FDFLAG_APPEND);
        assertEquals(4, g.write(fd, "two\n"));
        int res = g.alloc(8);
        assertEquals(0, g.call("fd_tell", fd, res));
        assertEquals(8, g.i64(res));
        int fs = g.alloc(24);
        assertEquals(0, g.call("fd_fdstat_get", fd, fs));
        assertEquals(Abi.FDFLAG_APPEND, g.u16(fs + 2));
        assertEquals(0, g.call("fd_fdstat_set_flags", fd, 0));
        assertEquals(0, g.call("fd_seek", fd, 0L, 0, res));
        assertEquals(4, g.write(fd, "ONE\n"));
        assertEquals(0, g.call("fd_fdstat_set_flags", fd, Abi.FDFLAG_APPEND | Abi.FDFLAG_NONBLOCK));
        assertEquals(0, g.call("fd_fdstat_get", fd, fs));
        assertEquals(Abi.FDFLAG_APPEND | Abi.FDFLAG_NONBLOCK, g.u16(fs + 2));
        assertEquals(Errno.INVAL, g.call("fd_fdstat_set_flags", fd, Abi.FDFLAG_SYNC));
        assertEquals(Errno.INVAL, g.call("fd_fdstat_set_flags", fd, 64));
        assertEquals(Errno.BADF, g.call("fd_fdstat_set_flags", 3, 0));
        assertEquals(Errno.BADF, g.call("fd_fdstat_set_flags", 1, 0));
        assertEquals("ONE\ntwo\n", Files.readString(tmp.resolve("log")));
        // fdflags sync flags on open are unsupported, as wasmtime
        assertEquals(-Errno.NOTSUP, g.open(3, "log", 1, 0, RW, Abi.FDFLAG_DSYNC));
    }

    @Test
    void setSizeGrowsSparselyAndShrinks() throws Exception {
        Guest g = guest();
        int fd = g.open(3, "s", Abi.OFLAG_CREAT, RW);
        assertEquals(0, g.call("fd_filestat_set_size", fd, 3L << 30));
        assertEquals(3L << 30, Files.size(tmp.resolve("s")));
        int res = g.alloc(8);
        assertEquals(0, g.call("fd_seek", fd, (3L << 30) - 2, 0, res));
        assertEquals(2, g.write(fd, "xy"));
        assertEquals(0, g.call("fd_seek", fd, -2L, Abi.WHENCE_END, res));
        assertEquals((3L << 30) - 2, g.i64(res));
        assertEquals("xy", g.read(fd, 10));
        assertEquals(0, g.call("fd_filestat_set_size", fd, 1L));
        assertEquals(1, Files.size(tmp.resolve("s")));
        assertEquals(Errno.BADF, g.call("fd_filestat_set_size", 3, 1L));
        assertEquals(0, g.call("fd_sync", fd));
        assertEquals(0, g.call("fd_datasync", fd));
        assertEquals(Errno.BADF, g.call("fd_sync", 3));
        assertEquals(0, g.call("fd_advise", fd, 0L, 0L, 1));
        assertEquals(Errno.INVAL, g.call("fd_advise", fd, 0L, 0L, 6));
        assertEquals(Errno.BADF, g.call("fd_advise", 3, 0L, 0L, 0));
        assertEquals(Errno.NOTSUP, g.call("fd_allocate", fd, 0L, 10L));
        assertEquals(Errno.BADF, g.call("fd_allocate", 3, 0L, 10L));
    }

    @Test
    void fileTimes() throws Exception {
        Guest g = guest();
        int fd = g.open(3, "t", Abi.OFLAG_CREAT, RW);
        long a = 1_000_000_000_123_456_789L, m = 1_100_000_000_987_654_321L;
        assertEquals(0, g.call("fd_filestat_set_times", fd, a, m, Abi.FST_ATIM | Abi.FST_MTIM));
        int st = g.alloc(64);
        assertEquals(0, g.call("fd_filestat_get", fd, st));
        assertEquals(a, g.i64(st + 40));
        assertEquals(m, g.i64(st + 48));
        assertEquals(0, g.call("fd_filestat_set_times", fd, 0L, 5_000_000_000L, Abi.FST_MTIM));
        assertEquals(0, g.call("fd_filestat_get", fd, st));
        assertEquals(a, g.i64(st + 40));
        assertEquals(5_000_000_000L, g.i64(st + 48));
        assertEquals(0, g.call("fd_filestat_set_times", fd, 0L, 0L, Abi.FST_MTIM_NOW));
        assertEquals(0, g.call("fd_filestat_get", fd, st));
        assertTrue(Math.abs(g.i64(st + 48) / 1_000_000 - System.currentTimeMillis()) < 10_000);
        assertEquals(Errno.INVAL, g.call("fd_filestat_set_times", fd, 0L, 0L, Abi.FST_ATIM | Abi.FST_ATIM_NOW));
        assertEquals(Errno.INVAL, g.call("fd_filestat_set_times", fd, 0L, 0L, 16));
        assertEquals(Errno.BADF, g.call("fd_filestat_set_times", 1, 0L, 0L, 0));
        assertEquals(0, g.call("fd_filestat_set_times", 3, a, a, Abi.FST_ATIM | Abi.FST_MTIM));
        assertEquals(a, Files.getLastModifiedTime(tmp).to(java.util.concurrent.TimeUnit.NANOSECONDS));
    }

    @Test
    void descriptorNumbersAreReusedHighestFirstAndRenumberReplaces() throws Exception {
        Guest g = guest();
        int a = g.open(3, "a", Abi.OFLAG_CREAT, RW), b = g.open(3, "b", Abi.OFLAG_CREAT, RW),
                c = g.open(3, "c", Abi.OFLAG_CREAT, RW);
        assertEquals(List.of(4, 5, 6), List.of(a, b, c));
        g.call("fd_close", 4);
        g.call("fd_close", 5);
        assertEquals(5, g.open(3, "a", 0, RW));
        assertEquals(4, g.open(3, "a", 0, RW));
        assertEquals(7, g.open(3, "a", 0, RW));
        g.write(6, "c-data");
        assertEquals(0, g.call("fd_renumber", 6, 4));
        assertEquals(Errno.BADF, g.call("fd_close", 6));
        int res = g.alloc(8);
        assertEquals(0, g.call("fd_seek", 4, 0L, 0, res));
        assertEquals("c-data", g.read(4, 10));
        assertEquals(Errno.BADF, g.call("fd_renumber", 6, 4));
        assertEquals(Errno.BADF, g.call("fd_renumber", 4, 20), "the target must be open, as in wasmtime");
        assertEquals(6, g.open(3, "a", 0, RW));
        assertEquals(Errno.BADF, g.call("fd_renumber", 20, 20));
        assertEquals(0, g.call("fd_renumber", 6, 6));
        assertEquals(0, g.call("fd_close", 6));
    }

    @Test
    void readdirListsDotEntriesThenTheDirectory() throws Exception {
        Files.writeString(tmp.resolve("file"), "x");
        Files.createDirectory(tmp.resolve("sub"));
        Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("file").getFileName());
        Guest g = guest();
        int buf = g.alloc(4096), res = g.alloc(4);
        assertEquals(0, g.call("fd_readdir", 3, buf, 4096, 0L, res));
        List<String> names = new ArrayList<>();
        int used = g.i32(res), p = buf;
        long expectNext = 1;
        while (p < buf + used) {
            assertEquals(expectNext++, g.i64(p));
            int nl = g.i32(p + 16), type = g.u8(p + 20);
            String name = g.string(p + 24, nl);
            names.add(name + ":" + type);
            p += 24 + nl;
        }
        assertEquals(".:3", names.get(0));
        assertEquals("..:3", names.get(1));
        assertEquals(List.of("file:4", "link:7", "sub:3"), names.subList(2, 5).stream().sorted().toList());
        // resuming at a cookie, and a buffer too small for a whole entry
        assertEquals(0, g.call("fd_readdir", 3, buf, 4096, 3L, res));
        assertEquals(2 * 24 + names.get(4).indexOf(':') + names.get(3).indexOf(':'), g.i32(res));
        assertEquals(4, g.i64(buf), "d_next of the entry at cookie 3");
        assertEquals(0, g.call("fd_readdir", 3, buf, 30, 0L, res));
        assertEquals(30, g.i32(res));
        assertEquals(0, g.call("fd_readdir", 3, buf, 4096, 99L, res));
        assertEquals(0, g.i32(res));
        int fd = g.open(3, "file", 0, RW);
        assertEquals(Errno.BADF, g.call("fd_readdir", fd, buf, 4096, 0L, res));
        int sub = g.open(3, "sub", Abi.OFLAG_DIRECTORY, Abi.RIGHT_FD_READDIR);
        assertEquals(0, g.call("fd_readdir", sub, buf, 4096, 0L, res));
        assertEquals(24 + 1 + 24 + 2, g.i32(res));
        assertEquals(Errno.BADF, g.call("fd_readdir", 1, buf, 4096, 0L, res));
    }

    @Test
    void rightsCanOnlyBeDroppedAndAreThenEnforced() throws Exception {
        Guest g = guest();
        int fd = g.open(3, "f", Abi.OFLAG_CREAT, RW);
        long all = Abi.RIGHTS_ALL;
        assertEquals(0, g.call("fd_fdstat_set_rights", fd, all & ~Abi.RIGHT_FD_SEEK & ~Abi.RIGHT_FD_WRITE, all));
        int res = g.alloc(8);
        assertEquals(Errno.NOTCAPABLE, g.call("fd_seek", fd, 1L, 0, res));
        assertEquals(-Errno.NOTCAPABLE, g.write(fd, "x"));
        assertEquals(0, g.call("fd_tell", fd, res));
        assertEquals(Errno.NOTCAPABLE, g.call("fd_fdstat_set_rights", fd, all, all));
        int fs = g.alloc(24);
        assertEquals(0, g.call("fd_fdstat_get", fd, fs));
        assertEquals(all & ~Abi.RIGHT_FD_SEEK & ~Abi.RIGHT_FD_WRITE, g.i64(fs + 8));
        assertEquals(Errno.BADF, g.call("fd_fdstat_set_rights", 1, 0L, 0L));
        assertEquals(Errno.INVAL, g.call("fd_fdstat_set_rights", fd, 1L << 40, 0L));
        // a directory that lost rights hands out at most its inheriting rights
        int sub = g.open(3, ".", Abi.OFLAG_DIRECTORY, 0);
        long dirRights = all & ~Abi.RIGHT_FD_SEEK & ~Abi.RIGHT_FD_FILESTAT_SET_SIZE;
        assertEquals(Errno.NOTCAPABLE, g.call("fd_fdstat_set_rights", sub, all, Abi.RIGHT_FD_READ));
        assertEquals(0, g.call("fd_fdstat_set_rights", sub, dirRights & ~Abi.RIGHT_PATH_CREATE_FILE, Abi.RIGHT_FD_READ));
        assertEquals(-Errno.NOTCAPABLE, g.open(sub, "new", Abi.OFLAG_CREAT, RW));
        assertEquals(-Errno.NOTCAPABLE, g.open(sub, "f", 0, RW));
        int ro = g.open(sub, "f", 0, 0, Abi.RIGHT_FD_READ, Abi.RIGHT_FD_READ, 0);
        assertTrue(ro > 0);
        assertEquals(0, g.call("fd_fdstat_get", ro, fs));
        assertEquals(Abi.RIGHT_FD_READ, g.i64(fs + 8));
    }
}
