package dev.wasm2jar.wasi;

import static dev.wasm2jar.wasi.Guest.RW;
import static dev.wasm2jar.wasi.Guest.len;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasm2jar.wasi.abi.Abi;
import dev.wasm2jar.wasi.abi.Errno;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pressure on the sandbox: races against symlink swaps, renames under open descriptors,
 * descriptor exhaustion, extreme paths, renumbering and reuse of descriptor numbers, exclusive
 * creation through dangling links. After every test the sibling {@code outside/} tree is exactly
 * as before (names, types, sizes, contents, link targets, modification times).
 */
class SandboxPressureTest {
    static final String SECRET = "SECRET-OUTSIDE-CONTENT";
    static final int READ = (int) Abi.RIGHT_FD_READ;

    @TempDir
    Path tmp;
    Path jail, outside;
    Guest g;
    Map<String, String> before;

    @BeforeEach
    void setUp() throws Exception {
        outside = Files.createDirectory(tmp.resolve("outside"));
        Files.writeString(outside.resolve("file"), SECRET);
        Files.writeString(outside.resolve("secret.txt"), SECRET);
        Files.createDirectory(outside.resolve("b"));
        Files.writeString(outside.resolve("b/f.txt"), SECRET);
        jail = Files.createDirectory(tmp.resolve("jail"));
        g = new Guest(WasiConfig.builder().preopen(jail, "."));
        before = OutsideTree.snapshot(outside);
    }

    @AfterEach
    void nothingOutsideChanged() throws Exception {
        assertEquals(before, OutsideTree.snapshot(outside), "the host outside the preopen changed");
    }

    // ---- races

    /**
     * A host thread flips {@code dir/x} between a real directory and a symlink to {@code outside/}
     * while the guest opens, creates and stats {@code dir/x/file}: whatever the timing, nothing the
     * guest gets is outside.
     */
    @Test
    void symlinkSwappedDuringOpenCreateAndStatNeverLeadsOutside() throws Exception {
        Path dir = Files.createDirectory(jail.resolve("dir"));
        Files.createDirectory(dir.resolve("x"));
        Files.writeString(dir.resolve("x/file"), "inside");
        Files.createSymbolicLink(dir.resolve("xl"), Path.of("../../outside"));
        long insideIno = g.i64(g.stat(3, "dir/x/file", true) + 8);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger flips = new AtomicInteger();
        Thread flipper = new Thread(() -> {
            boolean real = true;
            while (!stop.get()) {
                try {
                    if (real) {
                        Files.move(dir.resolve("x"), dir.resolve("xd"), StandardCopyOption.ATOMIC_MOVE);
                        Files.move(dir.resolve("xl"), dir.resolve("x"), StandardCopyOption.ATOMIC_MOVE);
                    } else {
                        Files.move(dir.resolve("x"), dir.resolve("xl"), StandardCopyOption.ATOMIC_MOVE);
                        Files.move(dir.resolve("xd"), dir.resolve("x"), StandardCopyOption.ATOMIC_MOVE);
                    }
                    real = !real;
                    flips.incrementAndGet();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        }, "symlink-flipper");
        flipper.setDaemon(true);
        Set<Integer> expected = Set.of(Errno.PERM, Errno.NOENT);
        List<String> escapes = new ArrayList<>();
        Set<Integer> seen = new java.util.TreeSet<>();
        int opened = 0, created = 0, statted = 0, rounds = 0;
        int res = g.alloc(4), buf = g.alloc(64);
        int[] iov = g.iov(64);
        String file = "dir/x/file", fresh = "dir/x/new";
        int filePtr = g.str(file), freshPtr = g.str(fresh);
        flipper.start();
        long end = System.nanoTime() + 1_500_000_000L;
        try {
            while (System.nanoTime() < end) {
                rounds++;
                int e = g.call("path_open", 3, Abi.LOOKUP_SYMLINK_FOLLOW, filePtr, len(file), 0, Abi.RIGHT_FD_READ, 0L, 0, res);
                if (e == 0) {
                    int fd = g.i32(res);
                    assertEquals(0, g.call("fd_read", fd, iov[0], 1, res));
                    String got = g.string(iov[1], g.i32(res));
                    if (!got.equals("inside")) escapes.add("path_open read " + got);
                    g.call("fd_close", fd);
                    opened++;
                } else {
                    seen.add(e);
                }
                e = g.call("path_open", 3, 0, freshPtr, len(fresh), Abi.OFLAG_CREAT, RW, 0L, 0, res);
                if (e == 0) {
                    g.call("fd_close", g.i32(res));
                    created++;
                    g.call("path_unlink_file", 3, freshPtr, len(fresh));
                } else {
                    seen.add(e);
                }
                e = g.call("path_filestat_get", 3, 0, filePtr, len(file), buf);
                if (e == 0) {
                    if (g.i64(buf + 32) != "inside".length() || g.i64(buf + 8) != insideIno) {
                        escapes.add("path_filestat_get size " + g.i64(buf + 32));
                    }
                    statted++;
                } else {
                    seen.add(e);
                }
            }
        } finally {
            stop.set(true);
            flipper.join(5_000);
        }
        assertTrue(escapes.isEmpty(), "reached outside: " + escapes.subList(0, Math.min(10, escapes.size()))
                + " (" + escapes.size() + " of " + rounds + " rounds, " + flips.get() + " flips)");
        assertTrue(expected.containsAll(seen), "errnos " + seen);
        assertTrue(flips.get() > 10 && opened > 0 && created > 0 && statted > 0,
                "the race ran: " + flips.get() + " flips, " + opened + "/" + created + "/" + statted + " of " + rounds);
        assertFalse(Files.exists(outside.resolve("new")));
    }

    /**
     * The guest renames the directory under an open directory descriptor (and its parent) away and
     * puts a symlink to {@code outside/} in its place: the descriptor keeps its directory or fails
     * cleanly, it never starts to mean the symlink's target; {@code ..} from it stays EPERM.
     */
    @Test
    void renamedDirectoryUnderAnOpenDescriptorIsNeverReplacedByALinkOutside() throws Exception {
        assertEquals(0, g.pathCall("path_create_directory", 3, "a"));
        assertEquals(0, g.pathCall("path_create_directory", 3, "a/b"));
        int a = g.open(3, "a", Abi.LOOKUP_SYMLINK_FOLLOW, Abi.OFLAG_DIRECTORY, Abi.RIGHT_FD_READ, 0);
        int ab = g.open(3, "a/b", Abi.LOOKUP_SYMLINK_FOLLOW, Abi.OFLAG_DIRECTORY, Abi.RIGHT_FD_READ, 0);
        int f = g.open(3, "a/b/f.txt", Abi.OFLAG_CREAT, RW);
        assertTrue(a > 0 && ab > 0 && f > 0);
        assertEquals(5, g.write(f, "inner"));
        assertEquals(0, g.call("path_rename", 3, g.str("a"), 1, 3, g.str("c"), 1));
        String target = "../outside";
        assertEquals(0, g.call("path_symlink", g.str(target), len(target), 3, g.str("a"), 1));

        for (int fd : new int[] {a, ab}) {
            String name = fd == a ? "secret.txt" : "f.txt";
            int r = g.open(fd, name, Abi.LOOKUP_SYMLINK_FOLLOW, 0, Abi.RIGHT_FD_READ, 0);
            if (r >= 0) {
                assertNotEquals(SECRET, g.read(r, 64), "read outside through a renamed directory");
            } else {
                assertEquals(-Errno.NOENT, r);
            }
            r = g.open(fd, "new", Abi.OFLAG_CREAT, RW);
            assertTrue(r == -Errno.NOENT || r >= 0 && Files.exists(jail.resolve(fd == a ? "c/new" : "c/b/new")), "" + r);
            int st = g.alloc(64);
            int e = g.call("path_filestat_get", fd, 0, g.str(name), len(name), st);
            assertTrue(e == Errno.NOENT || e == 0 && g.i64(st + 32) != SECRET.length(), "stat " + e);
            e = g.call("fd_filestat_set_times", fd, 0L, 0L, Abi.FST_MTIM_NOW);
            assertTrue(e == Errno.NOENT || e == 0, "set_times " + e);
            e = g.call("fd_filestat_get", fd, st);
            assertTrue(e == Errno.NOENT || e == 0, "fd_filestat_get " + e);
            int rd = g.alloc(4096), rr = g.alloc(4);
            e = g.call("fd_readdir", fd, rd, 4096, 0L, rr);
            if (e == 0) {
                String listing = new String(g.memory.bytes, rd, g.i32(rr), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertFalse(listing.contains("secret.txt"), "listed outside/");
            } else {
                assertEquals(Errno.NOENT, e);
            }
            // wasmtime: EPERM; the shim refuses a moved descriptor first (ENOENT)
            assertStaleOrPerm(g.open(fd, "../secret.txt", Abi.LOOKUP_SYMLINK_FOLLOW, 0, Abi.RIGHT_FD_READ, 0));
            assertStaleOrPerm(g.open(fd, "../../outside/secret.txt", Abi.LOOKUP_SYMLINK_FOLLOW, 0, Abi.RIGHT_FD_READ, 0));
        }
        // the open file: metadata calls must not land on outside/b/f.txt
        int st = g.alloc(64);
        int e = g.call("fd_filestat_get", f, st);
        assertEquals(0, e);
        assertEquals(5, g.i64(st + 32), "fd_filestat_get reports the open file, not outside/b/f.txt");
        e = g.call("fd_filestat_set_times", f, 0L, 0L, Abi.FST_MTIM_NOW);
        assertTrue(e == 0 || e == Errno.NOENT, "set_times " + e);
        assertEquals(5, g.write(f, "-more"));
        assertEquals("inner-more", Files.readString(jail.resolve("c/b/f.txt")));
    }

    /** A renamed directory without a replacement: the descriptor still never reaches outside. */
    @Test
    void openDirectoryRenamedAwayStillConfined() throws Exception {
        Files.createDirectories(jail.resolve("p/q"));
        int q = g.open(3, "p/q", Abi.LOOKUP_SYMLINK_FOLLOW, Abi.OFLAG_DIRECTORY, Abi.RIGHT_FD_READ, 0);
        assertTrue(q > 0);
        assertEquals(0, g.call("path_rename", 3, g.str("p"), 1, 3, g.str("r"), 1));
        int r = g.open(q, "made", Abi.OFLAG_CREAT, RW);
        assertTrue(r == -Errno.NOENT || r >= 0 && Files.exists(jail.resolve("r/q/made")), "" + r);
        assertStaleOrPerm(g.open(q, "../../../outside/secret.txt", Abi.LOOKUP_SYMLINK_FOLLOW, 0, Abi.RIGHT_FD_READ, 0));
        assertFalse(Files.exists(jail.resolve("p")));
    }

    /** A symlink inside a renamed directory descriptor: its own target, or ENOENT; never outside. */
    @Test
    void symlinkInsideARenamedDirectoryDescriptor() throws Exception {
        Files.createDirectories(jail.resolve("p/q"));
        Files.writeString(jail.resolve("p/q/t.txt"), "mine");
        Files.createSymbolicLink(jail.resolve("p/q/l"), Path.of("t.txt"));
        int q = g.open(3, "p/q", Abi.LOOKUP_SYMLINK_FOLLOW, Abi.OFLAG_DIRECTORY, Abi.RIGHT_FD_READ, 0);
        assertTrue(q > 0);
        assertEquals(0, g.call("path_rename", 3, g.str("p"), 1, 3, g.str("r"), 1));
        // the stale path jail/p/q now leads to a decoy whose link "l" points outside
        Files.createDirectories(tmp.resolve("decoy/q"));
        Files.createSymbolicLink(tmp.resolve("decoy/q/l"), Path.of("../../outside/secret.txt"));
        Files.createSymbolicLink(jail.resolve("p"), Path.of("../decoy"));
        int r = g.open(q, "l", Abi.LOOKUP_SYMLINK_FOLLOW, 0, Abi.RIGHT_FD_READ, 0);
        if (r >= 0) {
            assertEquals("mine", g.read(r, 64));
        } else {
            assertEquals(-Errno.NOENT, r);
        }
        assertEquals(-Errno.LOOP, g.open(q, "l", 0, 0, Abi.RIGHT_FD_READ, 0));
        int fd = g.open(q, "t.txt", Abi.LOOKUP_SYMLINK_FOLLOW, 0, Abi.RIGHT_FD_READ, 0);
        assertEquals("mine", g.read(fd, 64), "the descriptor keeps its directory");
    }

    private static void assertStaleOrPerm(int r) {
        assertTrue(r == -Errno.PERM || r == -Errno.NOENT, "" + r);
    }

    // ---- exclusive creation through dangling links

    /** O_CREAT|O_EXCL never follows a final symlink (POSIX, and wasmtime): EEXIST, nothing created. */
    @Test
    void exclusiveCreateThroughDanglingLinkOutsideCreatesNothing() throws Exception {
        Files.createSymbolicLink(jail.resolve("dangling_out"), Path.of("../outside/created.txt"));
        Files.createSymbolicLink(jail.resolve("dangling_in"), Path.of("made.txt"));
        Files.createSymbolicLink(jail.resolve("dangling_abs"), outside.resolve("created.txt"));
        for (String link : List.of("dangling_out", "dangling_in", "dangling_abs")) {
            for (int lookup : new int[] {0, Abi.LOOKUP_SYMLINK_FOLLOW}) {
                assertEquals(-Errno.EXIST, g.open(3, link, lookup, Abi.OFLAG_CREAT | Abi.OFLAG_EXCL, RW, 0),
                        link + " lookup=" + lookup);
            }
        }
        // without O_EXCL a followed link still may not lead out
        assertEquals(-Errno.PERM, g.open(3, "dangling_out", Abi.LOOKUP_SYMLINK_FOLLOW, Abi.OFLAG_CREAT, RW, 0));
        assertEquals(-Errno.PERM, g.open(3, "dangling_abs", Abi.LOOKUP_SYMLINK_FOLLOW, Abi.OFLAG_CREAT, RW, 0));
        assertFalse(Files.exists(outside.resolve("created.txt")));
        assertFalse(Files.exists(jail.resolve("made.txt")));
    }

    // ---- extreme paths

    @Test
    void pathOfTenThousandBytesIsNameTooLong() throws Exception {
        String longPath = "a/".repeat(5000);
        assertEquals(10_000, longPath.length());
        assertEquals(-Errno.NAMETOOLONG, g.open(3, longPath, Abi.OFLAG_CREAT, RW));
        assertEquals(-Errno.NAMETOOLONG, g.open(3, "../" + longPath, Abi.OFLAG_CREAT, RW));
        assertEquals(Errno.NAMETOOLONG, g.pathCall("path_create_directory", 3, longPath));
        assertEquals(Errno.NAMETOOLONG, g.statErrno(3, longPath, true));
        assertEquals(Errno.NAMETOOLONG, g.pathCall("path_unlink_file", 3, longPath));
        // 4095 bytes still goes through the lookup (PATH_MAX counts the terminating NUL)
        String justFits = "b".repeat(200) + "/" + "c".repeat(3894);
        assertEquals(4095, justFits.length());
        assertEquals(Errno.NOENT, g.statErrno(3, justFits, true));
        assertEquals(Errno.NAMETOOLONG, g.statErrno(3, justFits + "c", true));
    }

    @Test
    void componentOfThreeHundredBytesIsNameTooLong() throws Exception {
        String c300 = "n".repeat(300);
        assertEquals(-Errno.NAMETOOLONG, g.open(3, c300, Abi.OFLAG_CREAT, RW));
        assertEquals(-Errno.NAMETOOLONG, g.open(3, c300 + "/f", Abi.OFLAG_CREAT, RW));
        assertEquals(Errno.NAMETOOLONG, g.pathCall("path_create_directory", 3, c300));
        assertEquals(Errno.NAMETOOLONG, g.statErrno(3, c300, false));
        // 255 bytes is fine
        int fd = g.open(3, "n".repeat(255), Abi.OFLAG_CREAT, RW);
        assertTrue(fd > 0, "" + fd);
        try (var s = Files.list(jail)) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void twoHundredLevelsDeepWorksAndStillCannotClimbOut() throws Exception {
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            if (i > 0) p.append('/');
            p.append('d');
            assertEquals(0, g.pathCall("path_create_directory", 3, p.toString()), "level " + i);
        }
        String deep = p + "/leaf.txt";
        int fd = g.open(3, deep, Abi.OFLAG_CREAT, RW);
        assertTrue(fd > 0, "" + fd);
        assertEquals(4, g.write(fd, "deep"));
        assertEquals(4, g.i64(g.stat(3, deep, true) + 32));
        String up200 = "../".repeat(200);
        assertEquals(0, g.statErrno(3, p + "/" + up200 + ".", true), "back to the preopen");
        assertEquals(Errno.PERM, g.statErrno(3, p + "/" + up200 + "../outside/secret.txt", true));
        int dfd = g.open(3, p.toString(), Abi.LOOKUP_SYMLINK_FOLLOW, Abi.OFLAG_DIRECTORY, Abi.RIGHT_FD_READ, 0);
        assertTrue(dfd > 0);
        assertEquals(-Errno.PERM, g.open(dfd, "..", Abi.LOOKUP_SYMLINK_FOLLOW, 0, Abi.RIGHT_FD_READ, 0));
    }

    @Test
    void nulBytesInvalidUtf8AndEmptyPaths() throws Exception {
        assertEquals(-Errno.INVAL, g.open(3, "a\0b", Abi.OFLAG_CREAT, RW));
        assertEquals(-Errno.INVAL, g.open(3, "a\0/../../outside/x", Abi.OFLAG_CREAT, RW));
        assertEquals(Errno.INVAL, g.pathCall("path_create_directory", 3, "d\0"));
        assertEquals(Errno.INVAL, g.statErrno(3, "\0", true));
        String link = "l\0nk";
        assertEquals(Errno.INVAL, g.call("path_symlink", g.str("x"), 1, 3, g.str(link), len(link)));
        assertEquals(Errno.INVAL, g.call("path_symlink", g.str("x\0"), 2, 3, g.str("ok"), 2));

        for (byte[] bad : List.of(new byte[] {'f', (byte) 0xFF, 'f'}, new byte[] {(byte) 0xC0, (byte) 0xAF},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {'x', (byte) 0xE2, (byte) 0x82})) {
            int p = g.alloc(bad.length);
            g.memory.writeBytes(p, bad);
            int res = g.alloc(4);
            assertEquals(Errno.ILSEQ, g.call("path_open", 3, 0, p, bad.length, Abi.OFLAG_CREAT, RW, 0L, 0, res));
            assertEquals(Errno.ILSEQ, g.call("path_create_directory", 3, p, bad.length));
            assertEquals(Errno.ILSEQ, g.call("path_filestat_get", 3, 0, p, bad.length, g.alloc(64)));
            assertEquals(Errno.ILSEQ, g.call("path_unlink_file", 3, p, bad.length));
        }

        assertEquals(-Errno.NOENT, g.open(3, "", 0, RW));
        assertEquals(-Errno.NOENT, g.open(3, "", Abi.OFLAG_CREAT, RW));
        assertEquals(Errno.NOENT, g.statErrno(3, "", true));
        assertEquals(Errno.NOENT, g.pathCall("path_create_directory", 3, ""));
        assertEquals(Errno.NOENT, g.pathCall("path_unlink_file", 3, ""));
        assertEquals(Errno.NOENT, g.pathCall("path_remove_directory", 3, ""));
        try (var s = Files.list(jail)) {
            assertEquals(0, s.count(), "nothing was created in the preopen");
        }
    }
}
