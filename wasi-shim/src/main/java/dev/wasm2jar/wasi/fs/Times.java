package dev.wasm2jar.wasi.fs;

import dev.wasm2jar.wasi.abi.Abi;
import dev.wasm2jar.wasi.abi.Errno;
import dev.wasm2jar.wasi.abi.WasiError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** fd_filestat_set_times / path_filestat_set_times: witx fstflags to java.nio times. */
public final class Times {
    private Times() {}

    /** EINVAL for unknown bits or a time both given and "now" (wasmtime's systimespec), checked before anything else. */
    public static void validate(int fst) {
        if ((fst & ~Abi.FSTFLAGS_ALL) != 0) throw WasiError.of(Errno.INVAL);
        if ((fst & Abi.FST_ATIM) != 0 && (fst & Abi.FST_ATIM_NOW) != 0) throw WasiError.of(Errno.INVAL);
        if ((fst & Abi.FST_MTIM) != 0 && (fst & Abi.FST_MTIM_NOW) != 0) throw WasiError.of(Errno.INVAL);
    }

    /** Sets the times of {@code p} itself (a symlink is not followed: callers resolved it already). */
    public static void set(Path p, int fst, long atim, long mtim) throws IOException {
        FileTime now = FileTime.from(Instant.now());
        FileTime a = (fst & Abi.FST_ATIM) != 0 ? time(atim) : (fst & Abi.FST_ATIM_NOW) != 0 ? now : null;
        FileTime m = (fst & Abi.FST_MTIM) != 0 ? time(mtim) : (fst & Abi.FST_MTIM_NOW) != 0 ? now : null;
        if (a == null && m == null) {
            // nothing to change, but the file must exist
            if (PathResolver.lstat(p) == null) throw WasiError.of(Errno.NOENT);
            return;
        }
        Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setTimes(m, a, null);
    }

    private static FileTime time(long ns) {
        // witx timestamps are u64 ns; past 2^63 is beyond any host's range
        if (ns < 0) throw WasiError.of(Errno.OVERFLOW);
        return FileTime.from(ns, TimeUnit.NANOSECONDS);
    }
}
