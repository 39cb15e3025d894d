package dev.wasm2jar.wasi;

import static dev.wasm2jar.wasi.Guest.RW;
import static dev.wasm2jar.wasi.Guest.len;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasm2jar.wasi.abi.Abi;
import dev.wasm2jar.wasi.abi.Errno;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The escape battery: a guest given {@code jail/} tries every way out to {@code outside/} (and
 * the rest of the host) — {@code ..}, absolute paths, symlinks to parents and to absolute paths,
 * dangling links, links inside links, links it creates itself, renames and hard links — and
 * after each test everything outside the jail (names, types, sizes, contents and modification
 * times) is exactly as before. (Access times cannot show reads reliably under relatime mounts;
 * reads are ruled out by the EPERM answers instead.)
 */
class SandboxTest {
    @TempDir
    Path tmp;
    Path jail, outside;
    Guest g;
    Map<String, String> before;

    @BeforeEach
    void setUp() throws Exception {
        outside = Files.createDirectory(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.createDirectory(outside.resolve("dir"));
        jail = Files.createDirectory(tmp.resolve("jail"));
        Files.writeString(jail.resolve("f.txt"), "inside");
        Files.createDirectories(jail.resolve("inner/deeper"));
        Files.createSymbolicLink(jail.resolve("up"), Path.of(".."));
        Files.createSymbolicLink(jail.resolve("abs"), outside);
        Files.createSymbolicLink(jail.resolve("abs_file"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(jail.resolve("dangling_out"), Path.of("../outside/created.txt"));
        Files.createSymbolicLink(jail.resolve("loop1"), Path.of("loop2"));
        Files.createSymbolicLink(jail.resolve("loop2"), Path.of("loop1"));
        Files.createSymbolicLink(jail.resolve("inner/deeper/out"), Path.of("../../../outside"));
        Files.createSymbolicLink(jail.resolve("chain"), Path.of("inner/deeper/out"));
        Files.createSymbolicLink(jail.resolve("inner/ok"), Path.of("../f.txt"));
        Files.createSymbolicLink(jail.resolve("etc"), Path.of("/etc"));
        g = new Guest(WasiConfig.builder().preopen(jail, "."));
        before = snapshot();
    }

    @AfterEach
    void nothingOutsideChanged() throws Exception {
        assertEquals(before, snapshot(), "the host outside the preopen changed");
    }

    /** Everything under tmp except the jail's contents: path -> type, size, content, times. */
    private Map<String, String> snapshot() throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(tmp)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (p.startsWith(jail)) continue; // the jail itself may change
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String content = a.isRegularFile() ? Files.readString(p) : "";
                m.put(tmp.relativize(p).toString(), (a.isDirectory() ? "d" : a.isSymbolicLink() ? "l" : "f") + " " + a.size()
                        + " " + content + " " + a.lastModifiedTime());
            }
        }
        return m;
    }

    private static final String SECRET_ABS = "/" + "etc/passwd";

    @Test
    void openCannotLeave() {
        assertEquals(-Errno.PERM, g.open(3, "../outside/secret.txt", 0, Abi.RIGHT_FD_READ));
        assertEquals(-Errno.PERM, g.open(3, "..", Abi.OFLAG_DIRECTORY, 0));
        assertEquals(-Errno.PERM, g.open(3, SECRET_ABS, 0, Abi.RIGHT_FD_READ));
        assertEquals(-Errno.PERM, g.open(3, outside.resolve("secret.txt").toString(), 0, Abi.RIGHT_FD_READ));
        assertEquals(-Errno.PERM, g.open(3, "inner/../../outside/secret.txt", 0, Abi.RIGHT_FD_READ));
        assertEquals(-Errno.PERM, g.open(3, "../jail/f.txt", 0, Abi.RIGHT_FD_READ), "even transiently above the root");
        assertEquals(-Errno.PERM, g.open(3, "up/outside/secret.txt", 0, Abi.RIGHT_FD_READ));
        assertEquals(-Errno.PERM, g.open(3, "up", Abi.OFLAG_DIRECTORY, 0));
        assertEquals(-Errno.PERM, g.open(3, "abs/secret.txt", 0, Abi.RIGHT_FD_READ));
        assertEquals(-Errno.PERM, g.open(3, "abs_file", 0, Abi.RIGHT_FD_READ));
        assertEquals(-Errno.LOOP, g.open(3, "abs_file", 0, 0, Abi.RIGHT_FD_READ, 0), "not followed: O_NOFOLLOW");
        assertEquals(-Errno.PERM, g.open(3, "chain/secret.txt", 0, Abi.RIGHT_FD_READ));
        assertEquals(-Errno.PERM, g.open(3, "chain", Abi.OFLAG_DIRECTORY, 0));
        assertEquals(-Errno.PERM, g.open(3, "etc/passwd", 0, Abi.RIGHT_FD_READ));
        assertEquals(-Errno.LOOP, g.open(3, "loop1", 0, Abi.RIGHT_FD_READ));
        assertEquals(-Errno.LOOP, g.open(3, "loop1/x", 0, Abi.RIGHT_FD_READ));
        // what stays inside works
        assertEquals("inside", g.read(g.open(3, "inner/ok", 0, Abi.RIGHT_FD_READ), 100));
        assertEquals("inside", g.read(g.open(3, "inner/deeper/../../f.txt", 0, Abi.RIGHT_FD_READ), 100));
    }

    @Test
    void createCannotLeave() {
        assertEquals(-Errno.PERM, g.open(3, "dangling_out", Abi.OFLAG_CREAT, RW));
        assertEquals(-Errno.PERM, g.open(3, "../outside/new.txt", Abi.OFLAG_CREAT, RW));
        assertEquals(-Errno.PERM, g.open(3, "up/outside/new.txt", Abi.OFLAG_CREAT | Abi.OFLAG_TRUNC, RW));
        assertEquals(-Errno.PERM, g.open(3, "abs/secret.txt", Abi.OFLAG_CREAT | Abi.OFLAG_TRUNC, RW));
        assertEquals(-Errno.PERM, g.open(3, "chain/secret.txt", Abi.OFLAG_TRUNC, RW));
        assertEquals(Errno.PERM, g.pathCall("path_create_directory", 3, "../evil"));
        assertEquals(Errno.PERM, g.pathCall("path_create_directory", 3, "up/evil"));
        assertEquals(Errno.PERM, g.pathCall("path_create_directory", 3, "abs/evil"));
        assertEquals(Errno.PERM, g.call("path_symlink", g.str("x"), 1, 3, g.str("up/evil"), 7));
        assertEquals(Errno.PERM, g.call("path_symlink", g.str("x"), 1, 3, g.str("../evil"), 7));
    }

    @Test
    void statAndTimesCannotLeave() {
        assertEquals(Errno.PERM, g.statErrno(3, "..", false));
        assertEquals(Errno.PERM, g.statErrno(3, "../outside/secret.txt", false));
        assertEquals(Errno.PERM, g.statErrno(3, "up", true));
        assertEquals(Errno.PERM, g.statErrno(3, "abs", true));
        assertEquals(Errno.PERM, g.statErrno(3, "dangling_out", true));
        assertEquals(Abi.FILETYPE_SYMBOLIC_LINK, g.u8(g.stat(3, "up", false) + 16), "the link itself is inside");
        long t = 1_000_000_000_000_000_000L;
        assertEquals(Errno.PERM, g.call("path_filestat_set_times", 3, 1, g.str("abs_file"), 8, t, t, Abi.FST_MTIM | Abi.FST_ATIM));
        assertEquals(Errno.PERM, g.call("path_filestat_set_times", 3, 0, g.str("up/outside"), 10, t, t, Abi.FST_MTIM_NOW));
        int buf = g.alloc(64), res = g.alloc(4);
        assertEquals(0, g.call("path_readlink", 3, g.str("up"), 2, buf, 64, res));
        assertEquals("..", g.string(buf, g.i32(res)));
        assertEquals(Errno.PERM, g.call("path_readlink", 3, g.str("up/outside/x"), 12, buf, 64, res));
    }

    @Test
    void removeCannotLeave() {
        assertEquals(Errno.PERM, g.pathCall("path_unlink_file", 3, "../outside/secret.txt"));
        assertEquals(Errno.PERM, g.pathCall("path_unlink_file", 3, "up/outside/secret.txt"));
        assertEquals(Errno.PERM, g.pathCall("path_unlink_file", 3, "abs/secret.txt"));
        assertEquals(Errno.PERM, g.pathCall("path_unlink_file", 3, "chain/secret.txt"));
        assertEquals(Errno.PERM, g.pathCall("path_remove_directory", 3, "../outside/dir"));
        assertEquals(Errno.PERM, g.pathCall("path_remove_directory", 3, "up/outside/dir"));
        assertEquals(Errno.PERM, g.pathCall("path_remove_directory", 3, ".."));
        // removing the links themselves is fine and leaves their targets alone
        assertEquals(0, g.pathCall("path_unlink_file", 3, "abs_file"));
        assertEquals(0, g.pathCall("path_unlink_file", 3, "abs"));
        assertEquals(0, g.pathCall("path_unlink_file", 3, "up"));
        assertEquals(0, g.pathCall("path_unlink_file", 3, "dangling_out"));
    }

    private int rename(String from, String to) {
        return g.call("path_rename", 3, g.str(from), len(from), 3, g.str(to), len(to));
    }

    private int link(String from, String to) {
        return g.call("path_link", 3, 0, g.str(from), len(from), 3, g.str(to), len(to));
    }

    @Test
    void renamesAndHardLinksCannotCross() {
        assertEquals(Errno.PERM, rename("f.txt", "../outside/stolen"));
        assertEquals(Errno.PERM, rename("f.txt", "up/outside/stolen"));
        assertEquals(Errno.PERM, rename("f.txt", "abs/stolen"));
        assertEquals(Errno.PERM, rename("../outside/secret.txt", "here"));
        assertEquals(Errno.PERM, rename("chain/secret.txt", "here"));
        assertEquals(Errno.PERM, rename("inner", "up/outside/inner"));
        assertEquals(Errno.PERM, link("f.txt", "../outside/hl"));
        assertEquals(Errno.PERM, link("../outside/secret.txt", "hl"));
        assertEquals(Errno.PERM, link("up/outside/secret.txt", "hl"));
        assertEquals(Errno.PERM, link("abs/secret.txt", "hl"));
        assertEquals(Errno.INVAL, g.call("path_link", 3, 1, g.str("abs_file"), 8, 3, g.str("hl"), 2));
        // a rename of a link moves the link, not its target
        assertEquals(0, rename("abs_file", "inner/moved"));
        assertTrue(Files.isSymbolicLink(jail.resolve("inner/moved")));
    }

    @Test
    void linksTheGuestCreatesCannotLeadOut() {
        assertEquals(0, g.call("path_symlink", g.str("../outside"), 10, 3, g.str("mine"), 4));
        assertEquals(-Errno.PERM, g.open(3, "mine/secret.txt", 0, Abi.RIGHT_FD_READ));
        assertEquals(-Errno.PERM, g.open(3, "mine/new", Abi.OFLAG_CREAT, RW));
        assertEquals(0, g.call("path_symlink", g.str("inner/../.."), 11, 3, g.str("mine2"), 5));
        assertEquals(-Errno.PERM, g.open(3, "mine2/outside/secret.txt", 0, Abi.RIGHT_FD_READ));
        assertEquals(Errno.PERM, g.call("path_symlink", g.str(outside.toString()), len(outside.toString()), 3, g.str("mine3"), 5));
        assertEquals(0, g.call("path_symlink", g.str("../../mine"), 10, 3, g.str("inner/deeper/mine4"), 18));
        assertEquals(-Errno.PERM, g.open(3, "inner/deeper/mine4", Abi.OFLAG_DIRECTORY, 0));
    }

    @Test
    void aDirectoryDescriptorIsItsOwnBoundary() {
        int inner = g.open(3, "inner", Abi.OFLAG_DIRECTORY, 0);
        assertTrue(inner > 3);
        assertEquals(-Errno.PERM, g.open(inner, "../f.txt", 0, Abi.RIGHT_FD_READ));
        assertEquals(-Errno.PERM, g.open(inner, "ok", 0, Abi.RIGHT_FD_READ), "a link up out of this descriptor");
        assertEquals(Errno.PERM, g.pathCall("path_unlink_file", inner, "../f.txt"));
        int deeper = g.open(inner, "deeper", Abi.OFLAG_DIRECTORY, 0);
        assertEquals(-Errno.PERM, g.open(deeper, "out/secret.txt", 0, Abi.RIGHT_FD_READ));
        assertEquals(-Errno.PERM, g.open(deeper, "..", Abi.OFLAG_DIRECTORY, 0));
    }

    @Test
    void readdirShowsOnlyThePreopen() {
        int buf = g.alloc(8192), res = g.alloc(4);
        assertEquals(0, g.call("fd_readdir", 3, buf, 8192, 0L, res));
        String listing = new String(g.memory.readBytes(buf, g.i32(res)));
        assertTrue(listing.contains("f.txt"));
        assertTrue(!listing.contains("secret"));
    }
}
