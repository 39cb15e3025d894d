package dev.wasm2jar.wasi;

import static dev.wasm2jar.wasi.Guest.RW;
import static dev.wasm2jar.wasi.Guest.len;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasm2jar.wasi.abi.Abi;
import dev.wasm2jar.wasi.abi.Errno;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathTest {
    @TempDir
    Path tmp;
    Guest g;

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(tmp.resolve("file"), "content");
        Files.createDirectories(tmp.resolve("dir/sub"));
        Files.writeString(tmp.resolve("dir/inner"), "in");
        Files.createSymbolicLink(tmp.resolve("lfile"), Path.of("file"));
        Files.createSymbolicLink(tmp.resolve("ldir"), Path.of("dir"));
        Files.createSymbolicLink(tmp.resolve("dangling"), Path.of("nothing-here"));
        g = new Guest(WasiConfig.builder().preopen(tmp, "."));
    }

    @Test
    void createAndRemoveDirectories() {
        assertEquals(0, g.pathCall("path_create_directory", 3, "new"));
        assertTrue(Files.isDirectory(tmp.resolve("new")));
        assertEquals(0, g.pathCall("path_create_directory", 3, "new/nested/"));
        assertEquals(Errno.EXIST, g.pathCall("path_create_directory", 3, "new"));
        assertEquals(Errno.EXIST, g.pathCall("path_create_directory", 3, "dangling"));
        assertEquals(Errno.EXIST, g.pathCall("path_create_directory", 3, "."));
        assertEquals(Errno.NOENT, g.pathCall("path_create_directory", 3, "missing/x"));
        assertEquals(Errno.NOTDIR, g.pathCall("path_create_directory", 3, "file/x"));
        assertEquals(Errno.NOTEMPTY, g.pathCall("path_remove_directory", 3, "new"));
        assertEquals(0, g.pathCall("path_remove_directory", 3, "new/nested/"));
        assertEquals(0, g.pathCall("path_remove_directory", 3, "new"));
        assertEquals(Errno.NOENT, g.pathCall("path_remove_directory", 3, "new"));
        assertEquals(Errno.NOTDIR, g.pathCall("path_remove_directory", 3, "file"));
        assertEquals(Errno.NOTDIR, g.pathCall("path_remove_directory", 3, "ldir"));
        assertEquals(Errno.INVAL, g.pathCall("path_remove_directory", 3, "."));
        assertTrue(Files.isDirectory(tmp.resolve("dir")));
    }

    @Test
    void unlinkFiles() {
        assertEquals(Errno.ISDIR, g.pathCall("path_unlink_file", 3, "dir"));
        assertEquals(Errno.ISDIR, g.pathCall("path_unlink_file", 3, "dir/"));
        assertEquals(Errno.NOTDIR, g.pathCall("path_unlink_file", 3, "file/"));
        assertEquals(Errno.NOENT, g.pathCall("path_unlink_file", 3, "missing"));
        assertEquals(0, g.pathCall("path_unlink_file", 3, "ldir"), "removes the link, not its target");
        assertTrue(Files.isDirectory(tmp.resolve("dir")));
        assertEquals(0, g.pathCall("path_unlink_file", 3, "dangling"));
        assertEquals(0, g.pathCall("path_unlink_file", 3, "file"));
        assertFalse(Files.exists(tmp.resolve("file")));
        assertEquals(Errno.BADF, g.pathCall("path_unlink_file", 1, "file"));
    }

    private int rename(String from, String to) {
        return g.call("path_rename", 3, g.str(from), len(from), 3, g.str(to), len(to));
    }

    @Test
    void renames() throws Exception {
        assertEquals(0, rename("file", "moved"));
        assertEquals("content", Files.readString(tmp.resolve("moved")));
        assertEquals(0, rename("dir/inner", "moved"), "replaces an existing file");
        assertEquals("in", Files.readString(tmp.resolve("moved")));
        assertEquals(Errno.ISDIR, rename("moved", "dir"));
        assertEquals(Errno.NOTDIR, rename("dir", "moved"));
        assertEquals(Errno.NOTDIR, rename("moved", "x/"));
        assertEquals(Errno.NOENT, rename("missing", "x"));
        assertEquals(0, rename("dir", "dir2/"));
        assertTrue(Files.isDirectory(tmp.resolve("dir2/sub")));
        assertEquals(Errno.BUSY, rename("dir2/sub/..", "ldir"), "a path naming a directory itself");
        Files.createDirectories(tmp.resolve("full/x"));
        Files.createDirectories(tmp.resolve("empty"));
        assertEquals(Errno.NOTEMPTY, rename("empty", "full"));
        assertEquals(0, rename("full", "empty"), "a directory replaces an empty one");
    }

    @Test
    void symlinksAndReadlink() throws Exception {
        String target = "dir/inner";
        assertEquals(0, g.call("path_symlink", g.str(target), len(target), 3, g.str("mylink"), 6));
        assertEquals("dir/inner", Files.readSymbolicLink(tmp.resolve("mylink")).toString());
        int buf = g.alloc(64), res = g.alloc(4);
        assertEquals(0, g.call("path_readlink", 3, g.str("mylink"), 6, buf, 64, res));
        assertEquals(9, g.i32(res));
        assertEquals("dir/inner", g.string(buf, 9));
        assertEquals(0, g.call("path_readlink", 3, g.str("mylink"), 6, buf, 3, res));
        assertEquals(3, g.i32(res), "truncated to the buffer");
        assertEquals(Errno.INVAL, g.call("path_readlink", 3, g.str("file"), 4, buf, 64, res));
        assertEquals(Errno.NOENT, g.call("path_readlink", 3, g.str("nope"), 4, buf, 64, res));
        assertEquals(Errno.EXIST, g.call("path_symlink", g.str("x"), 1, 3, g.str("file"), 4));
        assertEquals(Errno.EXIST, g.call("path_symlink", g.str("x"), 1, 3, g.str("lfile/"), 6));
        assertEquals(Errno.NOENT, g.call("path_symlink", g.str("x"), 1, 3, g.str("nonex/"), 6));
        assertEquals(Errno.PERM, g.call("path_symlink", g.str("/etc"), 4, 3, g.str("abs"), 3));
        int fd = g.open(3, "mylink", 0, Abi.RIGHT_FD_READ);
        assertEquals("in", g.read(fd, 10));
        // the final component of a link chain
        assertEquals(0, g.call("path_symlink", g.str("mylink"), 6, 3, g.str("chain"), 5));
        assertEquals("in", g.read(g.open(3, "chain", 0, Abi.RIGHT_FD_READ), 10));
    }

    @Test
    void hardLinks() throws Exception {
        String from = "file", to = "hard";
        assertEquals(0, g.call("path_link", 3, 0, g.str(from), 4, 3, g.str(to), 4));
        int a = g.stat(3, "file", false), b = g.stat(3, "hard", false);
        assertEquals(2, g.i64(a + 24));
        assertEquals(g.i64(a + 8), g.i64(b + 8));
        assertEquals(Errno.EXIST, g.call("path_link", 3, 0, g.str(from), 4, 3, g.str(to), 4));
        assertEquals(Errno.PERM, g.call("path_link", 3, 0, g.str("dir"), 3, 3, g.str("d2"), 2));
        assertEquals(Errno.INVAL, g.call("path_link", 3, 1, g.str(from), 4, 3, g.str("h2"), 2));
        assertEquals(Errno.NOENT, g.call("path_link", 3, 0, g.str("zz"), 2, 3, g.str("h2"), 2));
        // linking a symlink links the link itself
        assertEquals(0, g.call("path_link", 3, 0, g.str("lfile"), 5, 3, g.str("l2"), 2));
        assertTrue(Files.isSymbolicLink(tmp.resolve("l2")));
    }

    @Test
    void statFollowsOnlyWhenAsked() {
        assertEquals(Abi.FILETYPE_SYMBOLIC_LINK, g.u8(g.stat(3, "lfile", false) + 16));
        assertEquals(Abi.FILETYPE_REGULAR_FILE, g.u8(g.stat(3, "lfile", true) + 16));
        assertEquals(7, g.i64(g.stat(3, "lfile", true) + 32));
        assertEquals(Abi.FILETYPE_DIRECTORY, g.u8(g.stat(3, "ldir/", false) + 16), "a trailing slash follows");
        assertEquals(Abi.FILETYPE_DIRECTORY, g.u8(g.stat(3, ".", false) + 16));
        assertEquals(Abi.FILETYPE_DIRECTORY, g.u8(g.stat(3, "dir/sub/..", false) + 16));
        assertEquals(Errno.NOENT, g.statErrno(3, "dangling", true));
        assertEquals(Errno.NOTDIR, g.statErrno(3, "file/", false));
        assertEquals(Errno.NOTDIR, g.statErrno(3, "file/x", false));
        assertEquals(Errno.NOENT, g.statErrno(3, "", false));
        assertEquals(Errno.BADF, g.statErrno(1, "file", false));
        assertEquals(Errno.INVAL, g.call("path_filestat_get", 3, 2, g.str("file"), 4, g.alloc(64)));
        int bad = g.alloc(4);
        g.memory.writeBytes(bad, new byte[] {(byte) 0xff, (byte) 0xfe});
        assertEquals(Errno.ILSEQ, g.call("path_filestat_get", 3, 0, bad, 2, g.alloc(64)));
    }

    @Test
    void pathTimes() throws Exception {
        long t = 1_234_567_890_123_456_789L;
        assertEquals(0, g.call("path_filestat_set_times", 3, 0, g.str("lfile"), 5, t, t, Abi.FST_MTIM));
        // java.nio sets a symlink's own times with lutimes: microseconds
        assertEquals(t / 1000 * 1000, g.i64(g.stat(3, "lfile", false) + 48), "the link's own time");
        assertTrue(t != g.i64(g.stat(3, "file", false) + 48));
        assertEquals(0, g.call("path_filestat_set_times", 3, 1, g.str("lfile"), 5, t, t, Abi.FST_ATIM | Abi.FST_MTIM));
        assertEquals(t, g.i64(g.stat(3, "file", false) + 48));
        assertEquals(t, g.i64(g.stat(3, "file", false) + 40));
        assertEquals(Errno.NOENT, g.call("path_filestat_set_times", 3, 0, g.str("none"), 4, t, t, Abi.FST_MTIM));
        assertEquals(Errno.INVAL, g.call("path_filestat_set_times", 3, 0, g.str("file"), 4, t, t, Abi.FST_MTIM | Abi.FST_MTIM_NOW));
    }

    @Test
    void pathOpenErrnos() throws Exception {
        assertEquals(-Errno.NOENT, g.open(3, "missing", 0, RW));
        assertEquals(-Errno.NOENT, g.open(3, "", 0, RW));
        assertEquals(-Errno.NOTDIR, g.open(3, "file", Abi.OFLAG_DIRECTORY, 0));
        assertEquals(-Errno.NOTDIR, g.open(3, "file/", 0, Abi.RIGHT_FD_READ));
        assertEquals(-Errno.ISDIR, g.open(3, "newdir/", Abi.OFLAG_CREAT, RW));
        assertEquals(-Errno.EXIST, g.open(3, "file", Abi.OFLAG_CREAT | Abi.OFLAG_EXCL, RW));
        assertEquals(-Errno.EXIST, g.open(3, "dir", Abi.OFLAG_CREAT | Abi.OFLAG_EXCL, RW));
        assertEquals(-Errno.ISDIR, g.open(3, "dir", 0, RW));
        assertEquals(-Errno.ISDIR, g.open(3, "dir", Abi.OFLAG_CREAT, Abi.RIGHT_FD_READ));
        assertEquals(-Errno.INVAL, g.open(3, "dir", Abi.OFLAG_DIRECTORY | Abi.OFLAG_CREAT, 0));
        assertEquals(-Errno.INVAL, g.open(3, "dir", Abi.OFLAG_DIRECTORY | Abi.OFLAG_TRUNC, 0));
        assertEquals(-Errno.INVAL, g.open(3, "dir", 16, 0));
        // without symlink_follow: O_NOFOLLOW
        assertEquals(-Errno.LOOP, g.open(3, "lfile", 0, 0, Abi.RIGHT_FD_READ, 0));
        assertEquals(-Errno.NOTDIR, g.open(3, "ldir", 0, Abi.OFLAG_DIRECTORY, 0, 0));
        assertEquals(-Errno.LOOP, g.open(3, "dangling", 0, Abi.OFLAG_CREAT, RW, 0));
        assertEquals(-Errno.EXIST, g.open(3, "dangling", 0, Abi.OFLAG_CREAT | Abi.OFLAG_EXCL, RW, 0));
        assertTrue(g.open(3, "ldir/", 0, Abi.OFLAG_DIRECTORY, 0, 0) > 0, "a trailing slash follows");
        // with it, O_CREAT through a dangling link creates its target
        assertTrue(g.open(3, "dangling", Abi.OFLAG_CREAT, RW) > 0);
        assertTrue(Files.isRegularFile(tmp.resolve("nothing-here"), LinkOption.NOFOLLOW_LINKS));
        // the directory operand
        int fd = g.open(3, "file", 0, RW);
        assertEquals(-Errno.NOTDIR, g.open(fd, "x", 0, RW));
        assertEquals(-Errno.BADF, g.open(1, "x", 0, RW));
        assertEquals(-Errno.BADF, g.open(99, "x", 0, RW));
        // truncation
        int t = g.open(3, "file", Abi.OFLAG_TRUNC, Abi.RIGHT_FD_READ);
        assertTrue(t > 0);
        assertEquals(0, Files.size(tmp.resolve("file")));
        // a directory opened by path
        int d = g.open(3, "dir", Abi.OFLAG_DIRECTORY, 0);
        int fs = g.alloc(24);
        assertEquals(0, g.call("fd_fdstat_get", d, fs));
        assertEquals(Abi.FILETYPE_DIRECTORY, g.u8(fs));
        assertEquals(Abi.RIGHTS_ALL & ~Abi.RIGHT_FD_SEEK & ~Abi.RIGHT_FD_FILESTAT_SET_SIZE, g.i64(fs + 8));
        assertEquals("in", g.read(g.open(d, "inner", 0, Abi.RIGHT_FD_READ), 10));
        int res = g.alloc(8);
        assertEquals(Errno.BADF, g.call("fd_seek", d, 0L, 0, res));
        assertEquals(null, g.read(d, 4));
        assertEquals(Errno.BADF, g.lastErrno);
    }
}
