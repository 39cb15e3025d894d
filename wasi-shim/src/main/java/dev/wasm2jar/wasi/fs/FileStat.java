package dev.wasm2jar.wasi.fs;

import dev.wasm2jar.wasi.abi.Abi;
import dev.wasm2jar.wasi.abi.GuestMemory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * witx {@code filestat}, filled as wasmtime does: dev is always 1, ino is the SipHash of the host
 * (dev, ino), ctim is the file's creation time (what Rust's {@code Metadata::created} gives, which
 * java.nio falls back to mtime for where the host has no birth time), times in ns.
 */
public record FileStat(long dev, long ino, byte filetype, long nlink, long size, long atim, long mtim, long ctim) {

    public static final FileStat ZERO_UNKNOWN = new FileStat(0, 0, Abi.FILETYPE_UNKNOWN, 0, 0, 0, 0, 0);

    /** Layout: dev@0 ino@8 filetype@16 nlink@24 size@32 atim@40 mtim@48 ctim@56, 64 bytes. */
    public void write(GuestMemory mem, int ptr) {
        mem.check(ptr, Abi.FILESTAT_SIZE);
        mem.fill(ptr, Abi.FILESTAT_SIZE, (byte) 0);
        mem.setI64(ptr, dev);
        mem.setI64(ptr + 8, ino);
        mem.setU8(ptr + 16, filetype);
        mem.setI64(ptr + 24, nlink);
        mem.setI64(ptr + 32, size);
        mem.setI64(ptr + 40, atim);
        mem.setI64(ptr + 48, mtim);
        mem.setI64(ptr + 56, ctim);
    }

    /** stat (follow) or lstat (no follow) of a host path already confined by {@link PathResolver}. */
    public static FileStat of(Path p, boolean follow) throws IOException {
        LinkOption[] opts = follow ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        Map<String, Object> u;
        try {
            u = Files.readAttributes(p, "unix:mode,ino,dev,nlink,size,lastAccessTime,lastModifiedTime,creationTime", opts);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            BasicFileAttributes b = Files.readAttributes(p, BasicFileAttributes.class, opts);
            byte t = b.isDirectory() ? Abi.FILETYPE_DIRECTORY : b.isSymbolicLink() ? Abi.FILETYPE_SYMBOLIC_LINK
                    : b.isRegularFile() ? Abi.FILETYPE_REGULAR_FILE : Abi.FILETYPE_UNKNOWN;
            Object key = b.fileKey();
            long ino = SipHash13.hashPair(0, key == null ? p.toAbsolutePath().hashCode() : key.hashCode());
            return new FileStat(1, ino, t, 1, b.size(), ns(b.lastAccessTime()), ns(b.lastModifiedTime()),
                    ns(b.creationTime()));
        }
        int mode = (Integer) u.get("mode");
        long dev = (Long) u.get("dev"), ino = (Long) u.get("ino");
        return new FileStat(1, SipHash13.hashPair(dev, ino), filetypeOfMode(mode), ((Number) u.get("nlink")).longValue(),
                (Long) u.get("size"), ns((FileTime) u.get("lastAccessTime")), ns((FileTime) u.get("lastModifiedTime")),
                ns((FileTime) u.get("creationTime")));
    }

    private static final java.util.regex.Pattern UNIX_KEY = java.util.regex.Pattern.compile("\\(dev=([0-9a-f]+),ino=([0-9]+)\\)");

    /**
     * lstat of a resolved path's final component (or directory itself) through its directory
     * handle ({@link Resolved#dir()}, which must be set): type, size, times and (dev, ino) from
     * fstatat; nlink, which only the by-path "unix" view has, from the path if that still names the
     * same inode (else 1).
     */
    public static FileStat of(Resolved r) throws IOException {
        BasicFileAttributes b = r.view().readAttributes();
        Object key = b.fileKey();
        byte t = b.isDirectory() ? Abi.FILETYPE_DIRECTORY : b.isSymbolicLink() ? Abi.FILETYPE_SYMBOLIC_LINK
                : b.isRegularFile() ? Abi.FILETYPE_REGULAR_FILE : Abi.FILETYPE_UNKNOWN;
        long nlink = 1;
        try {
            Map<String, Object> u = Files.readAttributes(r.rawPath(), "unix:mode,nlink,fileKey", LinkOption.NOFOLLOW_LINKS);
            if (key != null && key.equals(u.get("fileKey"))) {
                nlink = ((Number) u.get("nlink")).longValue();
                t = filetypeOfMode((Integer) u.get("mode"));
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // the path no longer leads there, or no unix view: keep nlink 1
        }
        java.util.regex.Matcher m = key == null ? null : UNIX_KEY.matcher(key.toString());
        long ino = m != null && m.matches() ? SipHash13.hashPair(Long.parseUnsignedLong(m.group(1), 16), Long.parseLong(m.group(2)))
                : SipHash13.hashPair(0, key == null ? r.rawPath().toAbsolutePath().hashCode() : key.hashCode());
        return new FileStat(1, ino, t, nlink, b.size(), ns(b.lastAccessTime()), ns(b.lastModifiedTime()),
                ns(b.creationTime()));
    }

    /** The d_ino wasmtime reports for a directory entry or a descriptor: hash of the host (dev, ino). */
    public static long inode(Path p, boolean follow) throws IOException {
        return of(p, follow).ino();
    }

    static byte filetypeOfMode(int mode) {
        switch (mode & 0170000) {
            case 0040000: return Abi.FILETYPE_DIRECTORY;
            case 0100000: return Abi.FILETYPE_REGULAR_FILE;
            case 0120000: return Abi.FILETYPE_SYMBOLIC_LINK;
            case 0020000: return Abi.FILETYPE_CHARACTER_DEVICE;
            case 0060000: return Abi.FILETYPE_BLOCK_DEVICE;
            case 0140000: return Abi.FILETYPE_SOCKET_STREAM;
            default: return Abi.FILETYPE_UNKNOWN; // preview1 has no FIFO type
        }
    }

    public static long ns(FileTime t) {
        if (t == null) return 0;
        long s = t.to(TimeUnit.SECONDS);
        long ns = t.to(TimeUnit.NANOSECONDS);
        // FileTime saturates at Long.MAX/MIN nanoseconds; negative times are before 1970, wasmtime reports 0
        return s < 0 ? 0 : ns;
    }
}
