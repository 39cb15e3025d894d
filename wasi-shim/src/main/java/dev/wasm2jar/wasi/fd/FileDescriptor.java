package dev.wasm2jar.wasi.fd;

import dev.wasm2jar.wasi.abi.Abi;
import java.io.IOException;
import java.nio.channels.FileChannel;
import dev.wasm2jar.wasi.abi.Errno;
import dev.wasm2jar.wasi.abi.WasiError;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A regular file opened by path_open. Like wasmtime, the shim keeps the position itself and does
 * positional reads and writes; append mode writes at the current end of file.
 */
public final class FileDescriptor extends Descriptor {
    public final FileChannel channel;
    /** Host path it was opened at, for metadata java.nio only offers by path (stale after a rename). */
    private final Path path;
    /** The host (dev, ino) of the file when opened: {@link #path()} checks the path still leads to it. */
    private final Object key;
    public final boolean readable, writable;
    public long position;
    public boolean append, nonblock;

    public FileDescriptor(FileChannel channel, Path path, boolean readable, boolean writable, int fdflags) {
        this(channel, path, keyOf(path), readable, writable, fdflags);
    }

    /** @param key the file's (dev, ino) as seen through a directory handle when opened (null: unknown, path() is ENOENT) */
    public FileDescriptor(FileChannel channel, Path path, Object key, boolean readable, boolean writable, int fdflags) {
        super(rights(readable, writable), rights(readable, writable));
        this.channel = channel;
        this.path = path;
        this.key = key;
        this.readable = readable;
        this.writable = writable;
        this.append = (fdflags & Abi.FDFLAG_APPEND) != 0;
        this.nonblock = (fdflags & Abi.FDFLAG_NONBLOCK) != 0;
    }

    /** wasmtime: every right, less read/readdir when not readable and write when not writable. */
    static long rights(boolean readable, boolean writable) {
        long r = Abi.RIGHTS_ALL;
        if (!readable) r &= ~(Abi.RIGHT_FD_READ | Abi.RIGHT_FD_READDIR);
        if (!writable) r &= ~Abi.RIGHT_FD_WRITE;
        return r;
    }

    /**
     * The host path, if it still leads to this file (not after a rename: a path through a renamed
     * parent may lead anywhere a guest-made symlink points); else ENOENT.
     */
    public Path path() {
        if (key == null || !key.equals(keyOf(path))) throw WasiError.of(Errno.NOENT);
        return path;
    }

    private static Object keyOf(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isRegularFile() ? a.fileKey() : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public byte filetype() {
        return Abi.FILETYPE_REGULAR_FILE;
    }

    @Override
    public int fdflags() {
        return (append ? Abi.FDFLAG_APPEND : 0) | (nonblock ? Abi.FDFLAG_NONBLOCK : 0);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
