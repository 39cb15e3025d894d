package dev.wasm2jar.wasi.fs;

import dev.wasm2jar.wasi.abi.Errno;
import dev.wasm2jar.wasi.abi.WasiError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.FileSystemException;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.util.Objects;
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
 * the base directory is ever touched by the guest's doing.
 *
 * <h2>Host races</h2>
 * A host process may swap a checked directory for a symlink at any moment. Where java.nio offers a
 * {@link SecureDirectoryStream} (Linux: openat/fstatat/unlinkat/renameat underneath), the walk
 * holds a handle on every directory it passes: each component is lstat'ed through its parent's
 * handle and opened with O_NOFOLLOW through it, so no component is re-resolved by path after it
 * was checked. Opening files and directories, stats, unlink, rmdir and rename then go through
 * the final directory's handle ({@link Resolved#dir()}); directory descriptors keep their handle
 * (closed by fd_close), so fd_readdir and fd_filestat_get on them read the directory they hold,
 * even after it was renamed. What java.nio has no handle-relative call for keeps a by-path call,
 * on a parent path first checked to still be the held directory (same dev/ino,
 * {@link Resolved#path()}, else ENOENT, as for a renamed descriptor); the remaining windows, each
 * between that check (or an lstat through the handle) and the host call, all host-only races:
 * <ul>
 *   <li>readlink of a symlink met during the walk and path_readlink: the target text is read by
 *       path, the path checked to name the handle's link (same inode) before and after, and the
 *       link re-checked through the handle. Swaps and swaps back in between could give the text
 *       of another link; that text is then resolved under the same rules (never absolute, never
 *       above the base), so it never leads outside. Through a renamed directory descriptor the
 *       path is stale: links cannot be read and are ENOENT;
 *   <li>path_create_directory (mkdir), path_symlink (symlink), path_link (link): if the parent
 *       path is swapped for a symlink after the check, the new entry is made where it points;
 *   <li>path_filestat_set_times (utimensat by path, AT_SYMLINK_NOFOLLOW): same window; the
 *       handle's own setTimes would open the file O_RDONLY, failing where utimensat does not;
 *   <li>stat: size, type, times, dev/ino come from fstatat through the handle; only nlink is read
 *       by path and used only if that path still names the same inode;
 *   <li>a final component checked through the handle and then opened through it may be swapped
 *       in between (by a symlink: O_NOFOLLOW makes that ELOOP; by a FIFO: the open may block);
 *   <li>fd_filestat_set_times, and fd_filestat_get on files: by the descriptor's path, used only
 *       while it still names the descriptor's (dev, ino) — a check-then-use window of its own.
 * </ul>
 * Where there is no SecureDirectoryStream, everything is by path as above, and the whole walk is
 * such a window.
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
        checkPath(path);
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

    /**
     * Resolution through directory handles: like {@link #resolve(Path, String, boolean)}, but every
     * component is lstat'ed and opened through the handle of the directory holding it.
     *
     * @param base    host path of {@code baseDir} as it was opened (only used to read link texts
     *                and for by-path fallbacks, which check it)
     * @param baseDir the descriptor's handle; not closed here, nor by the result
     */
    public static Resolved resolve(Path base, SecureDirectoryStream<Path> baseDir, String path, boolean followFinal)
            throws IOException {
        checkPath(path);
        Deque<String> todo = new ArrayDeque<>();
        push(todo, path);
        boolean mustBeDir = path.endsWith("/");
        List<String> comps = new ArrayList<>();
        Deque<SecureDirectoryStream<Path>> handles = new ArrayDeque<>();
        int links = 0, retries = 0;
        String finalName = null;
        try {
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
                    handles.pop().close();
                    if (last) finalName = null;
                    continue;
                }
                if (last && !followFinal) {
                    finalName = c;
                    break;
                }
                SecureDirectoryStream<Path> top = handles.isEmpty() ? baseDir : handles.peek();
                Path cp = base.getFileSystem().getPath(c);
                BasicFileAttributes a = lstat(top, cp);
                if (a == null) {
                    if (last) {
                        finalName = c;
                        break;
                    }
                    throw WasiError.of(Errno.NOENT);
                }
                if (a.isSymbolicLink()) {
                    String target = readLinkOf(join(base, comps).resolve(c), a);
                    BasicFileAttributes again = lstat(top, cp);
                    if (target == null || again == null || !again.isSymbolicLink()
                            || !Objects.equals(a.fileKey(), again.fileKey())) {
                        // changed under us, or the by-path read went elsewhere (the descriptor's
                        // directory was renamed: its path is stale): look again, then ENOENT
                        if (++retries > MAX_SYMLINKS) throw WasiError.of(Errno.NOENT);
                        todo.addFirst(c);
                        continue;
                    }
                    if (++links > MAX_SYMLINKS) throw WasiError.of(Errno.LOOP);
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
                SecureDirectoryStream<Path> sub;
                try {
                    sub = top.newDirectoryStream(cp, LinkOption.NOFOLLOW_LINKS);
                } catch (FileSystemException e) {
                    // replaced since the lstat (by a symlink: ELOOP, by a file: ENOTDIR): look again
                    if (++retries > MAX_SYMLINKS) throw e;
                    todo.addFirst(c);
                    continue;
                }
                handles.push(sub);
                comps.add(c);
            }
            boolean owns = !handles.isEmpty();
            SecureDirectoryStream<Path> dir = owns ? handles.pop() : baseDir;
            return new Resolved(join(base, comps), finalName, mustBeDir, dir, owns);
        } finally {
            for (SecureDirectoryStream<Path> h : handles) h.close();
        }
    }

    /**
     * The target text of the link at {@code p} (by path: java.nio has no readlinkat), or null if
     * the path does not lead to the link {@code seen} through a handle, before and after the read.
     */
    public static String readLinkOf(Path p, BasicFileAttributes seen) {
        try {
            BasicFileAttributes before = lstat(p);
            if (before == null || !before.isSymbolicLink() || !Objects.equals(before.fileKey(), seen.fileKey())) return null;
            String target = Files.readSymbolicLink(p).toString();
            BasicFileAttributes after = lstat(p);
            if (after == null || !after.isSymbolicLink() || !Objects.equals(after.fileKey(), seen.fileKey())) return null;
            return target;
        } catch (IOException e) {
            return null;
        }
    }

    /** lstat through a directory handle ({@code name} null: the directory itself), or null if nothing is there. */
    public static BasicFileAttributes lstat(SecureDirectoryStream<Path> dir, Path name) throws IOException {
        BasicFileAttributeView v = name == null ? dir.getFileAttributeView(BasicFileAttributeView.class)
                : dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        return Resolved.orNull(v);
    }

    private static void checkPath(String path) {
        if (path.isEmpty()) throw WasiError.of(Errno.NOENT);
        // the kernel refuses a path of PATH_MAX bytes or more (with its NUL) before any lookup
        if (path.length() >= PATH_MAX / 3 && path.getBytes(StandardCharsets.UTF_8).length >= PATH_MAX) {
            throw WasiError.of(Errno.NAMETOOLONG);
        }
        if (path.indexOf('\0') >= 0) throw WasiError.of(Errno.INVAL);
        if (path.startsWith("/")) throw WasiError.of(Errno.PERM);
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
