package dev.wasm2jar.wasi;

import static dev.wasm2jar.wasi.WasiContext.require;

import dev.wasm2jar.wasi.abi.Abi;
import dev.wasm2jar.wasi.abi.Errno;
import dev.wasm2jar.wasi.abi.WasiError;
import dev.wasm2jar.wasi.fd.Descriptor;
import dev.wasm2jar.wasi.fd.DirDescriptor;
import dev.wasm2jar.wasi.fd.DirDescriptor.DirEntry;
import dev.wasm2jar.wasi.fd.FileDescriptor;
import dev.wasm2jar.wasi.fd.ListenerDescriptor;
import dev.wasm2jar.wasi.fd.OutputDescriptor;
import dev.wasm2jar.wasi.fd.SocketDescriptor;
import dev.wasm2jar.wasi.fd.StdinDescriptor;
import dev.wasm2jar.wasi.fs.FileStat;
import dev.wasm2jar.wasi.fs.Resolved;
import dev.wasm2jar.wasi.fs.Times;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.util.ArrayList;
import java.util.List;

/** The fd_* functions, each following wasmtime's preview1 adapter for which descriptors it accepts and which errno it returns. */
final class FdCalls extends Calls {
    FdCalls(WasiContext cx) {
        super(cx);
    }

    public int fd_advise(int fd, long offset, long len, int advice) {
        try {
            check(advice >= 0 && advice <= Abi.ADVICE_MAX, Errno.INVAL);
            require(cx.file(fd), Abi.RIGHT_FD_ADVISE);
            // advisory only: java.nio has no posix_fadvise
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    /** wasmtime: ENOTSUP for files, EBADF for anything else. */
    public int fd_allocate(int fd, long offset, long len) {
        try {
            cx.file(fd);
            throw WasiError.of(Errno.NOTSUP);
        } catch (Throwable t) {
            return failure(t);
        }
    }

    public int fd_close(int fd) {
        try {
            close(cx.fds.remove(fd));
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    /** Releases a descriptor's host resources; the process's own stdio is left open. */
    static void close(Descriptor d) {
        if (d == null || d instanceof OutputDescriptor || d instanceof StdinDescriptor) return;
        try {
            d.close();
        } catch (IOException e) {
            // close errors are not reported by wasmtime either
        }
    }

    public int fd_datasync(int fd) {
        try {
            FileDescriptor f = cx.file(fd);
            require(f, Abi.RIGHT_FD_DATASYNC);
            f.channel.force(false);
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    public int fd_sync(int fd) {
        try {
            FileDescriptor f = cx.file(fd);
            require(f, Abi.RIGHT_FD_SYNC);
            f.channel.force(true);
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    /** Layout: fs_filetype u8 @0, fs_flags u16 @2, fs_rights_base u64 @8, fs_rights_inheriting u64 @16. */
    public int fd_fdstat_get(int fd, int ptr) {
        try {
            Descriptor d = cx.fds.get(fd);
            mem.check(ptr, Abi.FDSTAT_SIZE);
            mem.fill(ptr, Abi.FDSTAT_SIZE, (byte) 0);
            mem.setU8(ptr, d.filetype());
            mem.setU16(ptr + 2, d.fdflags());
            mem.setI64(ptr + 8, d.rightsBase);
            mem.setI64(ptr + 16, d.rightsInheriting);
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    /** Only APPEND and NONBLOCK can change (wasmtime); sockets take NONBLOCK too. */
    public int fd_fdstat_set_flags(int fd, int flags) {
        try {
            check((flags & ~Abi.FDFLAGS_ALL) == 0, Errno.INVAL);
            Descriptor d = cx.fds.get(fd);
            boolean nonblock = (flags & Abi.FDFLAG_NONBLOCK) != 0;
            if (d instanceof SocketDescriptor s) {
                require(d, Abi.RIGHT_FD_FDSTAT_SET_FLAGS);
                check((flags & ~Abi.FDFLAG_NONBLOCK) == 0, Errno.INVAL);
                s.channel.configureBlocking(!nonblock);
                return Errno.SUCCESS;
            }
            if (d instanceof ListenerDescriptor l) {
                require(d, Abi.RIGHT_FD_FDSTAT_SET_FLAGS);
                check((flags & ~Abi.FDFLAG_NONBLOCK) == 0, Errno.INVAL);
                l.channel.configureBlocking(!nonblock);
                return Errno.SUCCESS;
            }
            if (!(d instanceof FileDescriptor f)) throw WasiError.of(Errno.BADF);
            check((flags & (Abi.FDFLAG_DSYNC | Abi.FDFLAG_SYNC | Abi.FDFLAG_RSYNC)) == 0, Errno.INVAL);
            require(f, Abi.RIGHT_FD_FDSTAT_SET_FLAGS);
            f.append = (flags & Abi.FDFLAG_APPEND) != 0;
            f.nonblock = nonblock;
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    /**
     * Rights can only be dropped (the witx contract; wasmtime accepts and ignores any change).
     * Dropped rights are then enforced with ENOTCAPABLE.
     */
    public int fd_fdstat_set_rights(int fd, long base, long inheriting) {
        try {
            check((base & ~Abi.RIGHTS_ALL) == 0 && (inheriting & ~Abi.RIGHTS_ALL) == 0, Errno.INVAL);
            Descriptor d = cx.fds.get(fd);
            if (d instanceof StdinDescriptor || d instanceof OutputDescriptor) throw WasiError.of(Errno.BADF);
            check((base & ~d.rightsBase) == 0 && (inheriting & ~d.rightsInheriting) == 0, Errno.NOTCAPABLE);
            if (base != d.rightsBase || inheriting != d.rightsInheriting) d.restricted = true;
            d.rightsBase = base;
            d.rightsInheriting = inheriting;
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    public int fd_filestat_get(int fd, int ptr) {
        try {
            Descriptor d = cx.fds.get(fd);
            FileStat st;
            if (d instanceof FileDescriptor f) {
                require(f, Abi.RIGHT_FD_FILESTAT_GET);
                st = fileStat(f);
            } else if (d instanceof DirDescriptor dir) {
                require(dir, Abi.RIGHT_FD_FILESTAT_GET);
                st = dir.handle() != null ? FileStat.of(new Resolved(dir.rawPath(), null, false, dir.handle(), false))
                        : FileStat.of(dir.path(), false);
            } else {
                // stdio (and sockets): all zero but the type, as wasmtime
                st = new FileStat(0, 0, d.filetype(), 0, 0, 0, 0, 0);
            }
            st.write(mem, ptr);
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    /** The stat of an open file by its path; if the path no longer leads to it, what the channel itself can tell. */
    static FileStat fileStat(FileDescriptor f) throws IOException {
        try {
            FileStat st = FileStat.of(f.path(), false);
            if (st.filetype() == Abi.FILETYPE_REGULAR_FILE) return st;
        } catch (IOException | WasiError e) {
            // renamed or unlinked since it was opened: its path may lead elsewhere
        }
        return new FileStat(1, 0, Abi.FILETYPE_REGULAR_FILE, 0, f.channel.size(), 0, 0, 0);
    }

    /** Growing writes one zero byte at the new end, leaving a hole; shrinking truncates. */
    public int fd_filestat_set_size(int fd, long size) {
        try {
            FileDescriptor f = cx.file(fd);
            require(f, Abi.RIGHT_FD_FILESTAT_SET_SIZE);
            check(f.writable, Errno.INVAL); // ftruncate on a read-only descriptor
            check(size >= 0, Errno.INVAL);
            long cur = f.channel.size();
            if (size < cur) {
                f.channel.truncate(size);
            } else if (size > cur) {
                f.channel.write(ByteBuffer.wrap(new byte[1]), size - 1);
            }
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    public int fd_filestat_set_times(int fd, long atim, long mtim, int fst) {
        try {
            Times.validate(fst);
            Descriptor d = cx.fds.get(fd);
            Path p;
            if (d instanceof FileDescriptor f) {
                p = f.path();
            } else if (d instanceof DirDescriptor dir) {
                p = dir.path();
            } else {
                throw WasiError.of(Errno.BADF);
            }
            require(d, Abi.RIGHT_FD_FILESTAT_SET_TIMES);
            Times.set(p, fst, atim, mtim);
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    public int fd_pread(int fd, int iovs, int iovsLen, long offset, int resultPtr) {
        try {
            Descriptor d = cx.fds.get(fd);
            if (d instanceof StdinDescriptor) throw WasiError.of(Errno.SPIPE);
            if (!(d instanceof FileDescriptor f)) throw WasiError.of(Errno.BADF);
            check(f.readable, Errno.BADF);
            require(f, Abi.RIGHT_FD_READ | Abi.RIGHT_FD_SEEK);
            int[] buf = mem.firstIovec(iovs, iovsLen);
            check(offset >= 0, Errno.INVAL);
            int n = readAt(f, buf, offset);
            mem.setI32(resultPtr, n);
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    public int fd_read(int fd, int iovs, int iovsLen, int resultPtr) {
        try {
            Descriptor d = cx.fds.get(fd);
            int n;
            if (d instanceof FileDescriptor f) {
                check(f.readable, Errno.BADF);
                require(f, Abi.RIGHT_FD_READ);
                int[] buf = mem.firstIovec(iovs, iovsLen);
                n = readAt(f, buf, f.position);
                f.position += n;
            } else if (d instanceof StdinDescriptor in) {
                require(in, Abi.RIGHT_FD_READ);
                int[] buf = mem.firstIovec(iovs, iovsLen);
                byte[] b = new byte[buf[1]];
                n = in.input().read(b, 0, b.length);
                mem.write(buf[0], b, 0, n);
            } else if (d instanceof SocketDescriptor s) {
                require(s, Abi.RIGHT_FD_READ);
                int[] buf = mem.firstIovec(iovs, iovsLen);
                n = SockCalls.recv(mem, s, buf, false, false);
            } else {
                throw WasiError.of(Errno.BADF);
            }
            mem.setI32(resultPtr, n);
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    /** Reads into guest memory at {ptr, len} from {@code pos}: the count, 0 at end of file. */
    private int readAt(FileDescriptor f, int[] buf, long pos) throws IOException {
        if (buf[1] == 0) return 0;
        byte[] b = mem.check(buf[0], buf[1] & 0xFFFFFFFFL);
        int n = f.channel.read(ByteBuffer.wrap(b, buf[0], buf[1]), pos);
        return Math.max(n, 0);
    }

    public int fd_write(int fd, int iovs, int iovsLen, int resultPtr) {
        try {
            mem.setI32(resultPtr, write(fd, iovs, iovsLen, -1));
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    public int fd_pwrite(int fd, int iovs, int iovsLen, long offset, int resultPtr) {
        try {
            check(offset >= 0, Errno.INVAL);
            mem.setI32(resultPtr, write(fd, iovs, iovsLen, offset));
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    /** fd_write (offset -1) and fd_pwrite: only the first non-empty buffer is written, as wasmtime. */
    private int write(int fd, int iovs, int iovsLen, long offset) throws IOException {
        Descriptor d = cx.fds.get(fd);
        if (d instanceof FileDescriptor f) {
            check(f.writable, Errno.BADF);
            require(f, offset < 0 ? Abi.RIGHT_FD_WRITE : Abi.RIGHT_FD_WRITE | Abi.RIGHT_FD_SEEK);
            int[] buf = mem.firstIovec(iovs, iovsLen);
            byte[] b = mem.check(buf[0], buf[1] & 0xFFFFFFFFL);
            // Linux pwrite ignores the offset in append mode; so does wasmtime
            long at = f.append ? f.channel.size() : offset < 0 ? f.position : offset;
            ByteBuffer bb = ByteBuffer.wrap(b, buf[0], buf[1]);
            int n = 0;
            while (bb.hasRemaining()) n += f.channel.write(bb, at + n);
            if (offset < 0) f.position = f.append ? f.channel.size() : f.position + n;
            return n;
        }
        if (d instanceof OutputDescriptor o) {
            if (offset >= 0) throw WasiError.of(Errno.SPIPE);
            require(o, Abi.RIGHT_FD_WRITE);
            int[] buf = mem.firstIovec(iovs, iovsLen);
            byte[] b = mem.check(buf[0], buf[1] & 0xFFFFFFFFL);
            o.write(b, buf[0], buf[1]);
            return buf[1];
        }
        if (d instanceof SocketDescriptor s && offset < 0) {
            require(s, Abi.RIGHT_FD_WRITE);
            return SockCalls.send(mem, s, mem.firstIovec(iovs, iovsLen));
        }
        if (d instanceof StdinDescriptor && offset >= 0) throw WasiError.of(Errno.SPIPE);
        throw WasiError.of(Errno.BADF);
    }

    /** Layout: tag u8 @0 (0 = dir), pr_name_len u32 @4. */
    public int fd_prestat_get(int fd, int ptr) {
        try {
            if (!(cx.fds.getOrNull(fd) instanceof DirDescriptor d) || d.preopenName == null) {
                throw WasiError.of(Errno.BADF);
            }
            mem.check(ptr, Abi.PRESTAT_SIZE);
            mem.fill(ptr, Abi.PRESTAT_SIZE, (byte) 0);
            mem.setU8(ptr, Abi.PREOPENTYPE_DIR);
            mem.setI32(ptr + 4, d.preopenName.getBytes(StandardCharsets.UTF_8).length);
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    public int fd_prestat_dir_name(int fd, int ptr, int len) {
        try {
            Descriptor d = cx.fds.get(fd);
            if (!(d instanceof DirDescriptor dir) || dir.preopenName == null) throw WasiError.of(Errno.NOTDIR);
            byte[] name = dir.preopenName.getBytes(StandardCharsets.UTF_8);
            check(name.length <= (len & 0xFFFFFFFFL), Errno.NAMETOOLONG);
            mem.write(ptr, name);
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    public int fd_renumber(int from, int to) {
        try {
            close(cx.fds.renumber(from, to));
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    public int fd_seek(int fd, long offset, int whence, int resultPtr) {
        try {
            check(whence >= 0 && whence <= Abi.WHENCE_END, Errno.INVAL);
            FileDescriptor f = seekable(fd);
            require(f, whence == Abi.WHENCE_CUR && offset == 0 ? Abi.RIGHT_FD_TELL : Abi.RIGHT_FD_SEEK);
            long pos;
            switch (whence) {
                case Abi.WHENCE_SET -> pos = offset;
                case Abi.WHENCE_CUR -> pos = addExactOrInval(f.position, offset);
                default -> pos = addExactOrInval(f.channel.size(), offset);
            }
            check(pos >= 0, Errno.INVAL);
            f.position = pos;
            mem.setI64(resultPtr, pos);
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    private static long addExactOrInval(long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw WasiError.of(Errno.INVAL);
        }
    }

    public int fd_tell(int fd, int resultPtr) {
        try {
            FileDescriptor f = seekable(fd);
            require(f, Abi.RIGHT_FD_TELL);
            mem.setI64(resultPtr, f.position);
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    /** wasmtime's get_seekable: files; ESPIPE for stdio; EBADF otherwise. */
    private FileDescriptor seekable(int fd) {
        Descriptor d = cx.fds.get(fd);
        if (d instanceof FileDescriptor f) return f;
        if (d instanceof StdinDescriptor || d instanceof OutputDescriptor) throw WasiError.of(Errno.SPIPE);
        throw WasiError.of(Errno.BADF);
    }

    /**
     * Entries {@code .} (cookie 1) and {@code ..} (cookie 2, with the directory's own inode, as
     * wasmtime) first, then the host's entries in the host's order with d_next 3, 4, ... Each
     * dirent (d_next u64 @0, d_ino u64 @8, d_namlen u32 @16, d_type u8 @20; 24 bytes) is followed by
     * its name; the last one is cut off at the end of the buffer, which the caller detects by a
     * full buffer.
     */
    public int fd_readdir(int fd, int buf, int bufLen, long cookie, int resultPtr) {
        try {
            DirDescriptor d = cx.dir(fd);
            require(d, Abi.RIGHT_FD_READDIR);
            if (cookie == 0 || d.entries == null) d.entries = d.handle() != null ? list(d) : list(d.path());
            long cap = bufLen & 0xFFFFFFFFL;
            mem.check(buf, cap);
            int at = buf;
            List<DirEntry> entries = d.entries;
            long start = cookie < 0 ? Long.MAX_VALUE : cookie;
            for (long i = start; i < entries.size() && cap > 0; i++) {
                DirEntry e = entries.get((int) i);
                byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
                byte[] head = new byte[Abi.DIRENT_SIZE];
                ByteBuffer hb = ByteBuffer.wrap(head).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                hb.putLong(0, i + 1).putLong(8, e.ino()).putInt(16, name.length).put(20, e.type());
                int h = (int) Math.min(cap, Abi.DIRENT_SIZE);
                mem.write(at, head, 0, h);
                at += h;
                cap -= h;
                int nl = (int) Math.min(cap, name.length);
                mem.write(at, name, 0, nl);
                at += nl;
                cap -= nl;
            }
            mem.setI32(resultPtr, at - buf);
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    /** The entries through the directory's handle (a second handle on it: a stream iterates once). */
    private static List<DirEntry> list(DirDescriptor d) throws IOException {
        List<DirEntry> out = new ArrayList<>();
        Path base = d.rawPath();
        long self = FileStat.of(new Resolved(base, null, false, d.handle(), false)).ino();
        out.add(new DirEntry(".", Abi.FILETYPE_DIRECTORY, self));
        out.add(new DirEntry("..", Abi.FILETYPE_DIRECTORY, self));
        try (SecureDirectoryStream<Path> ds = d.handle().newDirectoryStream(base.getFileSystem().getPath("."),
                LinkOption.NOFOLLOW_LINKS)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                FileStat st;
                try {
                    st = FileStat.of(new Resolved(base, name, false, ds, false));
                } catch (IOException e) {
                    continue; // removed while listing
                }
                out.add(new DirEntry(name, st.filetype(), st.ino()));
            }
        }
        return out;
    }

    private static List<DirEntry> list(Path dir) throws IOException {
        List<DirEntry> out = new ArrayList<>();
        long self = FileStat.inode(dir, false);
        out.add(new DirEntry(".", Abi.FILETYPE_DIRECTORY, self));
        out.add(new DirEntry("..", Abi.FILETYPE_DIRECTORY, self));
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                FileStat st;
                try {
                    st = FileStat.of(p, false);
                } catch (IOException e) {
                    continue; // removed while listing
                }
                out.add(new DirEntry(p.getFileName().toString(), st.filetype(), st.ino()));
            }
        }
        return out;
    }
}
