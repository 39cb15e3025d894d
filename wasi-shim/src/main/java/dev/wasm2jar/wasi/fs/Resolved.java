package dev.wasm2jar.wasi.fs;

import dev.wasm2jar.wasi.abi.Errno;
import dev.wasm2jar.wasi.abi.WasiError;
import java.io.IOException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * Where a guest path led: the host directory that contains the final component (every component
 * on the way checked to be a real directory inside the sandbox), and that component's name, or
 * null when the path names the directory itself ({@code .}, {@code a/..}).
 *
 * <p>Where the host has {@link SecureDirectoryStream} (Linux), {@code dir} is an open handle on
 * that containing directory, reached handle by handle from the descriptor's own: operations on
 * {@link #name()} through it are the kernel's *at calls and never re-resolve a path. Close the
 * Resolved when done (it closes {@code dir} if the walk opened it).
 *
 * @param mustBeDir the guest path ended in a slash (or a followed link's target did)
 * @param dir       handle on {@code parent}, or null where the platform has none
 * @param ownsDir   {@code dir} was opened by the walk (not the descriptor's own handle)
 */
public record Resolved(Path parent, String name, boolean mustBeDir, SecureDirectoryStream<Path> dir, boolean ownsDir)
        implements AutoCloseable {

    public Resolved(Path parent, String name, boolean mustBeDir) {
        this(parent, name, mustBeDir, null, false);
    }

    /**
     * The host path of the final component (never followed by the host: it may be a symlink), for
     * the operations java.nio only offers by path. With a handle, the parent path is first checked
     * to still be the directory the handle holds (else ENOENT); the window between this check and
     * the by-path call is documented in {@link PathResolver}.
     */
    public Path path() throws IOException {
        if (dir != null) {
            BasicFileAttributes held = dir.getFileAttributeView(BasicFileAttributeView.class).readAttributes();
            BasicFileAttributes there = PathResolver.lstat(parent);
            if (there == null || !there.isDirectory() || !Objects.equals(held.fileKey(), there.fileKey())) {
                throw WasiError.of(Errno.NOENT);
            }
        }
        return rawPath();
    }

    /** {@link #path()} unchecked: only for descriptors that check their path's identity themselves. */
    public Path rawPath() {
        return name == null ? parent : parent.resolve(name);
    }

    /** The final name as a path relative to {@link #dir()}. */
    public Path namePath() {
        return parent.getFileSystem().getPath(name);
    }

    /** lstat of the final component (of the directory itself when {@link #isSelf()}), or null if nothing is there. */
    public BasicFileAttributes lstat() throws IOException {
        if (dir == null) return PathResolver.lstat(rawPath());
        return PathResolver.lstat(dir, name == null ? null : namePath());
    }

    /** The attribute view of the final component through the handle (no final symlink followed); needs {@link #dir()}. */
    public BasicFileAttributeView view() {
        return name == null ? dir.getFileAttributeView(BasicFileAttributeView.class)
                : dir.getFileAttributeView(namePath(), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    }

    public boolean isSelf() {
        return name == null;
    }

    @Override
    public void close() throws IOException {
        if (ownsDir && dir != null) dir.close();
    }

    static BasicFileAttributes orNull(BasicFileAttributeView v) throws IOException {
        try {
            return v.readAttributes();
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
