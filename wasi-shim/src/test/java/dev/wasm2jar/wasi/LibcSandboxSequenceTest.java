package dev.wasm2jar.wasi;

import static dev.wasm2jar.wasi.Guest.len;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wasm2jar.wasi.abi.Abi;
import dev.wasm2jar.wasi.abi.Errno;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The calls wasi-libc makes for it/wasi-fixtures/sandbox.c (its "." preopen has the empty prefix,
 * so "/etc/passwd" becomes "etc/passwd" and "../x" stays "../x"), with the answers recorded by hand
 * in sandbox.stdout.
 */
class LibcSandboxSequenceTest {
    @TempDir
    Path tmp;

    @Test
    void answersMatchTheFixturesExpectedOutput() {
        Guest g = new Guest(WasiConfig.builder().preopen(tmp, "."));
        List<String> got = new ArrayList<>();
        long rw = Guest.RW;
        int follow = Abi.LOOKUP_SYMLINK_FOLLOW;
        g.open(3, "inside.txt", follow, Abi.OFLAG_CREAT, rw, 0);
        got.add("mkdir sub " + g.pathCall("path_create_directory", 3, "sub"));
        got.add("open ../escape.txt " + -g.open(3, "../escape.txt", follow, Abi.OFLAG_CREAT, rw, 0));
        got.add("open sub/../../escape.txt " + -g.open(3, "sub/../../escape.txt", follow, 0, Abi.RIGHT_FD_READ, 0));
        got.add("open sub/../inside.txt " + (g.open(3, "sub/../inside.txt", follow, 0, Abi.RIGHT_FD_READ, 0) > 0 ? 0 : -1));
        got.add("open /etc/passwd " + -g.open(3, "etc/passwd", follow, 0, Abi.RIGHT_FD_READ, 0));
        got.add("mkdir ../evil " + g.pathCall("path_create_directory", 3, "../evil"));
        got.add("stat .. " + g.statErrno(3, "..", true));
        got.add("symlink up " + g.call("path_symlink", g.str(".."), 2, 3, g.str("up"), 2));
        got.add("lstat up " + g.statErrno(3, "up", false));
        got.add("stat up " + g.statErrno(3, "up", true));
        got.add("open up/escape.txt " + -g.open(3, "up/escape.txt", follow, Abi.OFLAG_CREAT, rw, 0));
        got.add("mkdir up/evil " + g.pathCall("path_create_directory", 3, "up/evil"));
        got.add("symlink abs " + g.call("path_symlink", g.str("/etc"), 4, 3, g.str("abs"), 3));
        got.add("symlink deep " + g.call("path_symlink", g.str("sub/../../x"), 11, 3, g.str("deep"), 4));
        got.add("open deep " + -g.open(3, "deep", follow, Abi.OFLAG_CREAT, rw, 0));
        got.add("symlink chain " + g.call("path_symlink", g.str("up"), 2, 3, g.str("chain"), 5));
        got.add("open chain/x " + -g.open(3, "chain/x", follow, 0, Abi.RIGHT_FD_READ, 0));
        got.add("symlink loop " + g.call("path_symlink", g.str("loop"), 4, 3, g.str("loop"), 4));
        got.add("open loop " + -g.open(3, "loop", follow, 0, Abi.RIGHT_FD_READ, 0));
        got.add("rename ../stolen " + rename(g, "inside.txt", "../stolen"));
        got.add("rename up/stolen " + rename(g, "inside.txt", "up/stolen"));
        got.add("link ../hard " + link(g, "inside.txt", "../hard"));
        got.add("link up/x " + link(g, "up/x", "here"));
        got.add("unlink ../x " + g.pathCall("path_unlink_file", 3, "../x"));
        got.add("rmdir up/x " + g.pathCall("path_remove_directory", 3, "up/x"));
        for (String n : List.of("up", "deep", "chain", "loop", "inside.txt")) {
            got.add("unlink " + n + " " + g.pathCall("path_unlink_file", 3, n));
        }
        got.add("rmdir sub " + g.pathCall("path_remove_directory", 3, "sub"));
        int P = Errno.PERM;
        List<String> want = List.of("mkdir sub 0", "open ../escape.txt " + P, "open sub/../../escape.txt " + P,
                "open sub/../inside.txt 0", "open /etc/passwd " + Errno.NOENT, "mkdir ../evil " + P, "stat .. " + P,
                "symlink up 0", "lstat up 0", "stat up " + P, "open up/escape.txt " + P, "mkdir up/evil " + P,
                "symlink abs " + P, "symlink deep 0", "open deep " + P, "symlink chain 0", "open chain/x " + P,
                "symlink loop 0", "open loop " + Errno.LOOP, "rename ../stolen " + P, "rename up/stolen " + P,
                "link ../hard " + P, "link up/x " + P, "unlink ../x " + P, "rmdir up/x " + P, "unlink up 0",
                "unlink deep 0", "unlink chain 0", "unlink loop 0", "unlink inside.txt 0", "rmdir sub 0");
        assertEquals(want, got);
    }

    private static int rename(Guest g, String a, String b) {
        return g.call("path_rename", 3, g.str(a), len(a), 3, g.str(b), len(b));
    }

    private static int link(Guest g, String a, String b) {
        return g.call("path_link", 3, 0, g.str(a), len(a), 3, g.str(b), len(b));
    }
}
