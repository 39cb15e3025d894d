package dev.wasm2jar.wasi.fd;

import dev.wasm2jar.wasi.abi.Abi;
import dev.wasm2jar.wasi.abi.Errno;
import dev.wasm2jar.wasi.abi.WasiError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * A directory: a preopen (with its guest name) or one opened by path_open. Its host path is a real
 * directory with no symlinks in it; path operations through it stay beneath it.
 */
public final class DirDescriptor extends Descriptor {
    private final Path path;
    /** The host (dev, ino) the path led to when opened: {@link #path()} checks it still does. */
    private final Object key;
    /** The guest name for a preopen, null for directories opened by path_open. */
    public final String preopenName;
    /** fd_readdir's entries as of its last call with cookie 0 (wasmtime re-reads every call). */
    public List<DirEntry> entries;

    public record DirEntry(String name, byte type, long ino) {}

    private DirDescriptor(Path path, String preopenName, long base, long inheriting) {
        super(base, inheriting);
        this.path = path;
        this.key = keyOf(path);
        this.preopenName = preopenName;
    }

    public static DirDescriptor preopen(Path path, String name) {
        return new DirDescriptor(path, name, Abi.PREOPEN_RIGHTS_BASE, Abi.PREOPEN_RIGHTS_INHERITING);
    }

    /** wasmtime: every right except seeking and resizing (a directory is always opened readable). */
    public static DirDescriptor opened(Path path) {
        long r = Abi.RIGHTS_ALL & ~(Abi.RIGHT_FD_SEEK | Abi.RIGHT_FD_FILESTAT_SET_SIZE);
        return new DirDescriptor(path, null, r, r);
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
    public byte filetype() {
        return Abi.FILETYPE_DIRECTORY;
    }
}
