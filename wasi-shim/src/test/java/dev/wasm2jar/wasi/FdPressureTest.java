package dev.wasm2jar.wasi;

import static dev.wasm2jar.wasi.Guest.RW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasm2jar.wasi.abi.Abi;
import dev.wasm2jar.wasi.abi.Errno;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Descriptor-table pressure: exhaustion (EMFILE at a bounded table, so a guest cannot use up the
 * JVM's descriptors), renumbering onto and from preopens, and reuse of closed numbers. The sibling
 * {@code outside/} tree never changes.
 */
class FdPressureTest {
    @TempDir
    Path tmp;
    Path jail, outside;
    Map<String, String> before;

    @BeforeEach
    void setUp() throws Exception {
        outside = Files.createDirectory(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        jail = Files.createDirectory(tmp.resolve("jail"));
        Files.writeString(jail.resolve("a.txt"), "AAAA");
        Files.writeString(jail.resolve("b.txt"), "BBBB");
        before = OutsideTree.snapshot(outside);
    }

    @AfterEach
    void nothingOutsideChanged() throws Exception {
        assertEquals(before, OutsideTree.snapshot(outside), "the host outside the preopen changed");
    }

    private Guest guest() {
        return new Guest(WasiConfig.builder().preopen(jail, "."));
    }

    @Test
    void openingStopsWithEmfileAtTheDefaultLimitThenNumbersAreReused() throws Exception {
        Guest g = guest();
        List<Integer> fds = new ArrayList<>();
        int r;
        while ((r = g.open(3, "a.txt", 0, Abi.RIGHT_FD_READ)) >= 0) {
            fds.add(r);
            assertTrue(fds.size() <= WasiConfig.DEFAULT_MAX_OPEN_FDS, "no limit");
        }
        assertEquals(-Errno.MFILE, r);
        assertEquals(WasiConfig.DEFAULT_MAX_OPEN_FDS, fds.size() + 4, "stdio and the preopen count");
        assertEquals(WasiConfig.DEFAULT_MAX_OPEN_FDS - 1, fds.get(fds.size() - 1));
        // directories and creations are refused alike, and create nothing
        assertEquals(-Errno.MFILE, g.open(3, ".", Abi.LOOKUP_SYMLINK_FOLLOW, Abi.OFLAG_DIRECTORY, Abi.RIGHT_FD_READ, 0));
        assertEquals(-Errno.MFILE, g.open(3, "new.txt", Abi.OFLAG_CREAT, RW));
        assertTrue(Files.notExists(jail.resolve("new.txt")), "refused before the host open, as the kernel's EMFILE");
        // close one in the middle: the next open takes exactly that number, and reads its own file
        assertEquals(0, g.call("fd_close", 500));
        assertEquals(500, g.open(3, "b.txt", 0, Abi.RIGHT_FD_READ));
        assertEquals("BBBB", g.read(500, 10));
        assertEquals("AAAA", g.read(501, 10));
        assertEquals(-Errno.MFILE, g.open(3, "a.txt", 0, Abi.RIGHT_FD_READ));
        for (int fd : fds) assertEquals(0, g.call("fd_close", fd));
        assertEquals(Errno.BADF, g.call("fd_close", 500));
        // the whole table is usable again
        for (int i = 0; i < WasiConfig.DEFAULT_MAX_OPEN_FDS - 4; i++) {
            assertTrue(g.open(3, "a.txt", 0, Abi.RIGHT_FD_READ) >= 4);
        }
        assertEquals(-Errno.MFILE, g.open(3, "a.txt", 0, Abi.RIGHT_FD_READ));
    }

    @Test
    void theLimitIsConfigurableAndRenumberDoesNotGrowTheTable() throws Exception {
        Guest g = new Guest(WasiConfig.builder().preopen(jail, ".").maxOpenFds(6));
        assertEquals(4, g.open(3, "a.txt", 0, RW));
        assertEquals(5, g.open(3, "b.txt", 0, RW));
        assertEquals(-Errno.MFILE, g.open(3, "a.txt", 0, RW));
        assertEquals(0, g.call("fd_renumber", 5, 4));
        assertEquals(5, g.open(3, "a.txt", 0, RW), "the number renumber freed");
        assertEquals(-Errno.MFILE, g.open(3, "a.txt", 0, RW));
        assertThrows(IllegalArgumentException.class, () -> WasiConfig.builder().maxOpenFds(0));
    }

    @Test
    void renumberOntoThePreopenReplacesIt() throws Exception {
        Guest g = guest();
        int f = g.open(3, "a.txt", 0, RW);
        assertEquals(4, f);
        assertEquals(0, g.call("fd_renumber", 4, 3));
        assertEquals(Errno.BADF, g.call("fd_close", 4));
        assertEquals(Errno.BADF, g.call("fd_prestat_get", 3, g.alloc(8)), "fd 3 is no preopen any more");
        assertEquals(Errno.BADF, g.call("fd_prestat_get", 4, g.alloc(8)));
        assertEquals("AAAA", g.read(3, 10));
        assertEquals(-Errno.NOTDIR, g.open(3, "b.txt", 0, RW), "the directory capability is gone");
        assertEquals(Errno.BADF, g.statErrno(3, "b.txt", true));
        // nothing left that reaches the jail: every path call fails
        assertEquals(-Errno.BADF, g.open(5, "b.txt", 0, RW));
        assertEquals(0, g.call("fd_close", 3));
        assertEquals(Errno.BADF, g.call("fd_close", 3));
    }

    @Test
    void renumberFromThePreopenMovesTheCapabilityAndClosesTheTarget() throws Exception {
        Guest g = guest();
        int f = g.open(3, "a.txt", 0, RW);
        assertEquals(4, f);
        assertEquals(0, g.call("fd_renumber", 3, 4));
        assertEquals(Errno.BADF, g.call("fd_prestat_get", 3, g.alloc(8)));
        assertEquals(-Errno.BADF, g.open(3, "b.txt", 0, RW), "the old number holds nothing");
        int pre = g.alloc(8);
        assertEquals(0, g.call("fd_prestat_get", 4, pre));
        assertEquals(1, g.i32(pre + 4), "the preopen's name moved with it");
        int b = g.open(4, "b.txt", 0, RW);
        assertEquals(3, b, "the freed preopen number is reused");
        assertEquals("BBBB", g.read(b, 10));
        assertEquals(-Errno.PERM, g.open(4, "../outside/secret.txt", 0, RW));
        // onto itself: a no-op; onto or from a closed number: EBADF, nothing moves
        assertEquals(0, g.call("fd_renumber", 4, 4));
        assertEquals(0, g.call("fd_prestat_get", 4, pre));
        assertEquals(Errno.BADF, g.call("fd_renumber", 4, 77));
        assertEquals(Errno.BADF, g.call("fd_renumber", 77, 4));
        assertEquals(Errno.BADF, g.call("fd_renumber", 77, 77));
        assertEquals(0, g.call("fd_prestat_get", 4, pre));
        // closing the moved preopen closes it once; its number is then free
        assertEquals(0, g.call("fd_close", 4));
        assertEquals(Errno.BADF, g.call("fd_close", 4));
        assertEquals(Errno.BADF, g.call("fd_renumber", 3, 4));
        assertEquals("", g.read(3, 10), "the file on 3 is untouched by the failed renumber");
    }

    @Test
    void aClosedNumberIsDeadUntilReusedAndThenNamesOnlyTheNewFile() throws Exception {
        Guest g = guest();
        int a = g.open(3, "a.txt", 0, RW);
        assertEquals(0, g.call("fd_close", a));
        assertEquals(Errno.BADF, g.call("fd_close", a));
        assertEquals(null, g.read(a, 4));
        assertEquals(Errno.BADF, g.lastErrno);
        assertEquals(-Errno.BADF, g.write(a, "x"));
        assertEquals(Errno.BADF, g.call("fd_seek", a, 0L, 0, g.alloc(8)));
        assertEquals(Errno.BADF, g.call("fd_filestat_get", a, g.alloc(64)));
        assertEquals(Errno.BADF, g.call("fd_fdstat_get", a, g.alloc(24)));
        assertEquals(Errno.BADF, g.call("fd_renumber", a, 3));
        int b = g.open(3, "b.txt", 0, RW);
        assertEquals(a, b, "the freed number comes back");
        assertEquals(4, g.write(b, "bbbb"));
        assertEquals("AAAA", Files.readString(jail.resolve("a.txt")), "the old file is not aliased");
        assertEquals("bbbb", Files.readString(jail.resolve("b.txt")));
        int st = g.alloc(64), st2 = g.alloc(64);
        assertEquals(0, g.call("fd_filestat_get", b, st));
        assertEquals(0, g.call("path_filestat_get", 3, 0, g.str("b.txt"), 5, st2));
        assertEquals(g.i64(st2 + 8), g.i64(st + 8), "same inode as b.txt");
    }
}
