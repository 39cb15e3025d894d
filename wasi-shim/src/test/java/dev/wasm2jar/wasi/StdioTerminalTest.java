package dev.wasm2jar.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wasm2jar.wasi.abi.Abi;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fd_fdstat_get reports inherited stdio as a character device exactly when that descriptor of the
 * process is a terminal (wasi-libc line-buffers stdout then), judged per descriptor as wasmtime does.
 */
class StdioTerminalTest {
    /** The file types fd_fdstat_get reports for the inherited descriptors 0, 1 and 2. */
    private static int[] stdioFiletypes() {
        Guest g = new Guest(WasiConfig.builder(), false);
        int p = g.alloc(24);
        int[] types = new int[3];
        for (int fd = 0; fd < 3; fd++) {
            if (g.call("fd_fdstat_get", fd, p) != 0) throw new AssertionError("fd_fdstat_get " + fd);
            types[fd] = g.u8(p);
        }
        return types;
    }

    /** Prints {@link #stdioFiletypes} (the child JVM of the pty test). */
    public static void main(String[] args) {
        StringBuilder sb = new StringBuilder("filetypes");
        for (int t : stdioFiletypes()) sb.append(' ').append(t);
        System.err.println(sb); // stderr: stdout may be redirected by the caller
    }

    /** Under surefire the forked JVM's stdio are pipes. */
    @Test
    void pipesAreNotCharacterDevices() {
        int[] types = stdioFiletypes();
        for (int fd = 0; fd < 3; fd++) assertEquals(Abi.FILETYPE_UNKNOWN, types[fd], "fd " + fd);
    }

    /** In a pseudo-terminal (util-linux's script), each descriptor still on it is a character device. */
    @Test
    void terminalsAreCharacterDevicesPerDescriptor(@TempDir Path dir) throws Exception {
        assumeTrue(new File("/usr/bin/script").canExecute() && new File("/proc/self/fd").isDirectory(),
                "needs util-linux script and /proc");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String child = java + " -cp '" + System.getProperty("java.class.path") + "' " + StdioTerminalTest.class.getName();
        assertEquals("filetypes 2 2 2", underPty(dir, child));
        assertEquals("filetypes 2 0 2", underPty(dir, child + " > '" + dir.resolve("out.txt") + "'"));
        assertEquals("filetypes 0 2 2", underPty(dir, child + " < /dev/null"));
    }

    private static String underPty(Path dir, String command) throws Exception {
        Path log = dir.resolve("pty.txt");
        Process p = new ProcessBuilder(List.of("/usr/bin/script", "-qec", command, "/dev/null"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        for (String line : out.split("\r?\n")) if (line.startsWith("filetypes")) return line.trim();
        throw new AssertionError("no filetypes line in: " + out);
    }
}
