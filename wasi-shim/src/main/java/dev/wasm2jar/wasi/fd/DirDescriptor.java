package dev.wasm2jar.wasi.fd;

import dev.wasm2jar.wasi.abi.Abi;
import java.nio.file.Path;
import java.util.List;

/**
 * A directory: a preopen (with its guest name) or one opened by path_open. Its host path is a real
 * directory with no symlinks in it; path operations through it stay beneath it.
 */
public final class DirDescriptor extends Descriptor {
    public final Path path;
    /** The guest name for a preopen, null for directories opened by path_open. */
    public final String preopenName;
    /** fd_readdir's entries as of its last call with cookie 0 (wasmtime re-reads every call). */
    public List<DirEntry> entries;

    public record DirEntry(String name, byte type, long ino) {}

    private DirDescriptor(Path path, String preopenName, long base, long inheriting) {
        super(base, inheriting);
        this.path = path;
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

    @Override
    public byte filetype() {
        return Abi.FILETYPE_DIRECTORY;
    }
}
