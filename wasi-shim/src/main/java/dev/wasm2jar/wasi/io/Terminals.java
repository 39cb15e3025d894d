package dev.wasm2jar.wasi.io;

import java.io.File;
import java.io.IOException;

/**
 * Whether the process's standard descriptors are terminals, for the file type that
 * {@code fd_fdstat_get} reports (wasi-libc line-buffers stdout on a character device, as C's
 * {@code isatty} does). Answered per descriptor, as wasmtime does.
 *
 * <p>On Linux, from where {@code /proc/self/fd/N} points: a terminal is {@code /dev/pts/*} or
 * {@code /dev/tty*}. Elsewhere, {@link System#console()}, which before Java 22 is non-null exactly
 * when stdin and stdout both are terminals. That is not the first choice on Linux: from Java 22
 * {@code System.console()} may return a console for redirected streams too, looks up console
 * providers (about 11 ms of start-up on Java 25), and on Java 17 it costs about 7 ms when it does
 * find a terminal; the three path lookups take well under 1 ms.
 */
public final class Terminals {
    private static final String[] FD_LINKS = {"/proc/self/fd/0", "/proc/self/fd/1", "/proc/self/fd/2"};
    /** Whether this system has /proc's descriptor links (asked once, not once per descriptor). */
    private static final boolean PROC_FD = new File("/proc/self/fd").isDirectory();

    private Terminals() {
    }

    /** Whether descriptor {@code fd} (0, 1 or 2) of this process is a terminal. */
    public static boolean isTerminal(int fd) {
        if (!PROC_FD) return System.console() != null;
        try {
            String target = new File(FD_LINKS[fd]).getCanonicalPath();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException e) { // a closed descriptor, or /proc not readable: not a terminal
            return false;
        }
    }
}
