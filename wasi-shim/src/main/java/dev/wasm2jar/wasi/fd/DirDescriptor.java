package dev.wasm2jar.wasi.fd;

import dev.wasm2jar.wasi.abi.Abi;
import dev.wasm2jar.wasi.abi.Errno;
import dev.wasm2jar.wasi.abi.WasiError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.DirectoryStream;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * A directory: a preopen (with its guest name) or one opened by path_open. Its host path is a real
 * directory with no symlinks in it; path operations through it stay beneath it.
 */
public final class DirDescriptor extends Descriptor {
    private final Path path;
    /** An open handle on the directory (Linux), through which paths are resolved; null where the platform has none. */
    private final SecureDirectoryStream<Path> handle;
    /** The host (dev, ino) the path led to when opened: {@link #path()} checks it still does. */
    private final Object key;
    /** The guest name for a preopen, null for directories opened by path_open. */
    public final String preopenName;
    /** fd_readdir's entries as of its last call with cookie 0 (wasmtime re-reads every call). */
    public List<DirEntry> entries;

    public record DirEntry(String name, byte type, long ino) {}

    private DirDescriptor(Path path, SecureDirectoryStream<Path> handle, String preopenName, long base, long inheriting) {
        super(base, inheriting);
        this.path = path;
        this.handle = handle;
        this.key = keyOf(path);
        this.preopenName = preopenName;
    }

    public static DirDescriptor preopen(Path path, String name) {
        return new DirDescriptor(path, openHandle(path), name, Abi.PREOPEN_RIGHTS_BASE, Abi.PREOPEN_RIGHTS_INHERITING);
    }

    /**
     * wasmtime: every right except seeking and resizing (a directory is always opened readable).
     *
     * @param handle the directory opened through its parent's handle, or null where the platform has none
     */
    public static DirDescriptor opened(Path path, SecureDirectoryStream<Path> handle) {
        long r = Abi.RIGHTS_ALL & ~(Abi.RIGHT_FD_SEEK | Abi.RIGHT_FD_FILESTAT_SET_SIZE);
        return new DirDescriptor(path, handle, null, r, r);
    }

    /** A SecureDirectoryStream on {@code path} if the platform gives one, else null. */
    private static SecureDirectoryStream<Path> openHandle(Path path) {
        try {
            DirectoryStream<Path> ds = Files.newDirectoryStream(path);
            if (ds instanceof SecureDirectoryStream<Path> sds) return sds;
            ds.close();
        } catch (IOException | RuntimeException e) {
            // no handle: paths are resolved by path
        }
        return null;
    }

    /** The handle paths are resolved through, or null (then use {@link #path()}). */
    public SecureDirectoryStream<Path> handle() {
        return handle;
    }

    /** The host path as opened, unchecked: with a {@link #handle()}, only as the handle walk's base. */
    public Path rawPath() {
        return path;
    }

    /**
     * The host path, if it still leads to this directory. The guest can rename the directory (or
     * a parent) and put a symlink to anywhere in its place; the path would then lead there, so it
     * is used only while it names the same (dev, ino) as when opened: else ENOENT (wasmtime, holding
     * a real descriptor, would keep working in the renamed directory).
     */
    public Path path() {
        if (key == null || !key.equals(keyOf(path))) throw WasiError.of(Errno.NOENT);
        return path;
    }

    /** The file key of a real directory at {@code p} (through no final symlink), or null. */
    static Object keyOf(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isDirectory() ? a.fileKey() : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        if (handle != null) handle.close();
    }

    @Override
    public byte filetype() {
        return Abi.FILETYPE_DIRECTORY;
    }
}
