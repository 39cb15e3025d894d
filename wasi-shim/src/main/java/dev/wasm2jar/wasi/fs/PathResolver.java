package dev.wasm2jar.wasi.fs;

import dev.wasm2jar.wasi.abi.Errno;
import dev.wasm2jar.wasi.abi.WasiError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves guest paths beneath a directory descriptor, component by component, the way cap-std
 * does for wasmtime (and openat2's RESOLVE_BENEATH): the host never resolves a symlink for us.
 *
 * <ul>
 *   <li>absolute paths, and {@code ..} above the starting directory (even transiently), are EPERM —
 *       wasmtime's "a path led outside of the filesystem";
 *   <li>every intermediate component is lstat'ed: it must be a real directory, or a symlink whose
 *       target we read and splice into the walk, relative to the link's own directory;
 *   <li>absolute link targets are EPERM, more than {@link #MAX_SYMLINKS} expansions ELOOP;
 *   <li>the final component is followed only when asked (lookupflags.symlink_follow; callers
 *       also ask when the path ends in a slash and the operation is an open or a stat, as POSIX
 *       resolves those).
 * </ul>
 * Everything stat'ed is {@code base/...} with only real directories in between, so nothing outside
 * the base directory is ever touched. (A host process racing to swap a checked directory for a
 * symlink is outside what java.nio lets us prevent; the guest itself cannot.)
 */
public final class PathResolver {
    /** Linux's MAXSYMLINKS. */
    public static final int MAX_SYMLINKS = 40;
    /** Linux's PATH_MAX, the terminating NUL included. */
    public static final int PATH_MAX = 4096;

    private PathResolver() {}

    /**
     * @param base        host path of the directory descriptor (a real directory, no symlinks in it)
     * @param path        the guest path
     * @param followFinal whether a symlink in final position is followed
     */
    public static Resolved resolve(Path base, String path, boolean followFinal) throws IOException {
        if (path.isEmpty()) throw WasiError.of(Errno.NOENT);
        // the kernel refuses a path of PATH_MAX bytes or more (with its NUL) before any lookup
        if (path.length() >= PATH_MAX / 3 && path.getBytes(StandardCharsets.UTF_8).length >= PATH_MAX) {
            throw WasiError.of(Errno.NAMETOOLONG);
        }
        if (path.indexOf('\0') >= 0) throw WasiError.of(Errno.INVAL);
        if (path.startsWith("/")) throw WasiError.of(Errno.PERM);
        Deque<String> todo = new ArrayDeque<>();
        push(todo, path);
        boolean mustBeDir = path.endsWith("/");
        List<String> comps = new ArrayList<>();
        int links = 0;
        String finalName = null;
        while (!todo.isEmpty()) {
            String c = todo.pollFirst();
            boolean last = todo.isEmpty();
            if (c.equals(".")) {
                if (last) finalName = null;
                continue;
            }
            if (c.equals("..")) {
                if (comps.isEmpty()) throw WasiError.of(Errno.PERM);
                comps.remove(comps.size() - 1);
                if (last) finalName = null;
                continue;
            }
            Path dir = join(base, comps);
            Path p = dir.resolve(c);
            if (last && !followFinal) {
                finalName = c;
                break;
            }
            BasicFileAttributes a = lstat(p);
            if (a == null) {
                if (last) {
                    finalName = c;
                    break;
                }
                throw WasiError.of(Errno.NOENT);
            }
            if (a.isSymbolicLink()) {
                if (++links > MAX_SYMLINKS) throw WasiError.of(Errno.LOOP);
                String target = Files.readSymbolicLink(p).toString();
                if (target.isEmpty()) throw WasiError.of(Errno.NOENT);
                if (target.startsWith("/")) throw WasiError.of(Errno.PERM);
                if (last && target.endsWith("/")) mustBeDir = true;
                push(todo, target);
                continue;
            }
            if (last) {
                finalName = c;
                break;
            }
            if (!a.isDirectory()) throw WasiError.of(Errno.NOTDIR);
            comps.add(c);
        }
        return new Resolved(join(base, comps), finalName, mustBeDir);
    }

    /** Splits {@code s} on slashes and puts its components in front of {@code todo}. */
    private static void push(Deque<String> todo, String s) {
        String[] parts = s.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            if (!parts[i].isEmpty()) todo.addFirst(parts[i]);
        }
    }

    private static Path join(Path base, List<String> comps) {
        Path p = base;
        for (String c : comps) p = p.resolve(c);
        return p;
    }

    /** lstat, or null if nothing is there. */
    public static BasicFileAttributes lstat(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
