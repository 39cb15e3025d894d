package dev.wasm2jar.wasi;

import static dev.wasm2jar.wasi.WasiContext.require;

import dev.wasm2jar.wasi.abi.Abi;
import dev.wasm2jar.wasi.abi.Errno;
import dev.wasm2jar.wasi.abi.WasiError;
import dev.wasm2jar.wasi.fd.Descriptor;
import dev.wasm2jar.wasi.fd.DirDescriptor;
import dev.wasm2jar.wasi.fd.FileDescriptor;
import dev.wasm2jar.wasi.fs.FileStat;
import dev.wasm2jar.wasi.fs.PathResolver;
import dev.wasm2jar.wasi.fs.Resolved;
import dev.wasm2jar.wasi.fs.Times;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/**
 * The path_* functions. Every path is resolved by {@link PathResolver} beneath its directory
 * descriptor; the host operation then gets a path whose directories are all real and checked, and
 * never follows a symlink in final position (NOFOLLOW_LINKS, or operations that act on the link).
 * Errno choices follow what wasmtime returns on Linux (cap-std over the kernel's *at calls).
 */
final class PathCalls extends Calls {
    PathCalls(WasiContext cx) {
        super(cx);
    }

    /** Resolution for opens and stats: the final symlink is followed if asked, or if the path ends in a slash. */
    private static Resolved resolveForLookup(DirDescriptor d, String path, int lookupflags) throws IOException {
        boolean follow = (lookupflags & Abi.LOOKUP_SYMLINK_FOLLOW) != 0 || path.endsWith("/");
        return PathResolver.resolve(d.path, path, follow);
    }

    private static void checkLookupflags(int flags) {
        check((flags & ~Abi.LOOKUP_SYMLINK_FOLLOW) == 0, Errno.INVAL);
    }

    public int path_create_directory(int fd, int pathPtr, int pathLen) {
        try {
            DirDescriptor d = cx.dir(fd);
            String path = mem.string(pathPtr, pathLen);
            require(d, Abi.RIGHT_PATH_CREATE_DIRECTORY);
            Resolved r = PathResolver.resolve(d.path, path, false);
            check(!r.isSelf() && PathResolver.lstat(r.path()) == null, Errno.EXIST);
            Files.createDirectory(r.path());
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    public int path_filestat_get(int fd, int flags, int pathPtr, int pathLen, int resultPtr) {
        try {
            checkLookupflags(flags);
            DirDescriptor d = cx.dir(fd);
            String path = mem.string(pathPtr, pathLen);
            require(d, Abi.RIGHT_PATH_FILESTAT_GET);
            Resolved r = resolveForLookup(d, path, flags);
            FileStat st = FileStat.of(r.path(), false);
            check(!r.mustBeDir() || st.filetype() == Abi.FILETYPE_DIRECTORY, Errno.NOTDIR);
            st.write(mem, resultPtr);
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    public int path_filestat_set_times(int fd, int flags, int pathPtr, int pathLen, long atim, long mtim, int fst) {
        try {
            checkLookupflags(flags);
            Times.validate(fst);
            DirDescriptor d = cx.dir(fd);
            String path = mem.string(pathPtr, pathLen);
            require(d, Abi.RIGHT_PATH_FILESTAT_SET_TIMES);
            Resolved r = resolveForLookup(d, path, flags);
            BasicFileAttributes a = PathResolver.lstat(r.path());
            check(a != null, Errno.NOENT);
            check(!r.mustBeDir() || a.isDirectory(), Errno.NOTDIR);
            Times.set(r.path(), fst, atim, mtim);
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    /** Hard links stay inside the two granted directories; following the source link is EINVAL, as wasmtime. */
    public int path_link(int oldFd, int oldFlags, int oldPtr, int oldLen, int newFd, int newPtr, int newLen) {
        try {
            checkLookupflags(oldFlags);
            DirDescriptor from = cx.dir(oldFd);
            DirDescriptor to = cx.dir(newFd);
            String oldPath = mem.string(oldPtr, oldLen);
            String newPath = mem.string(newPtr, newLen);
            check((oldFlags & Abi.LOOKUP_SYMLINK_FOLLOW) == 0, Errno.INVAL);
            require(from, Abi.RIGHT_PATH_LINK_SOURCE);
            require(to, Abi.RIGHT_PATH_LINK_TARGET);
            Resolved src = PathResolver.resolve(from.path, oldPath, false);
            Resolved dst = PathResolver.resolve(to.path, newPath, false);
            BasicFileAttributes a = src.isSelf() ? null : PathResolver.lstat(src.path());
            if (src.isSelf()) throw WasiError.of(Errno.PERM);
            check(a != null, Errno.NOENT);
            check(!src.mustBeDir() || a.isDirectory(), Errno.NOTDIR);
            check(!a.isDirectory(), Errno.PERM);
            check(!dst.isSelf() && PathResolver.lstat(dst.path()) == null, Errno.EXIST);
            check(!dst.mustBeDir(), Errno.NOENT);
            Files.createLink(dst.path(), src.path());
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    public int path_open(int fd, int dirflags, int pathPtr, int pathLen, int oflags, long rightsBase,
                         long rightsInheriting, int fdflags, int resultPtr) {
        try {
            checkLookupflags(dirflags);
            check((oflags & ~Abi.OFLAGS_ALL) == 0, Errno.INVAL);
            check((fdflags & ~Abi.FDFLAGS_ALL) == 0, Errno.INVAL);
            check((rightsBase & ~Abi.RIGHTS_ALL) == 0 && (rightsInheriting & ~Abi.RIGHTS_ALL) == 0, Errno.INVAL);
            String path = mem.string(pathPtr, pathLen);
            Descriptor desc = cx.fds.get(fd);
            if (desc instanceof FileDescriptor) throw WasiError.of(Errno.NOTDIR);
            if (!(desc instanceof DirDescriptor d)) throw WasiError.of(Errno.BADF);
            require(d, Abi.RIGHT_PATH_OPEN);
            boolean creat = (oflags & Abi.OFLAG_CREAT) != 0, excl = (oflags & Abi.OFLAG_EXCL) != 0;
            boolean trunc = (oflags & Abi.OFLAG_TRUNC) != 0, directory = (oflags & Abi.OFLAG_DIRECTORY) != 0;
            if (creat) require(d, Abi.RIGHT_PATH_CREATE_FILE);
            if (d.restricted) {
                // a directory whose rights were dropped hands out no more than it may inherit
                check((rightsBase & ~d.rightsInheriting) == 0 && (rightsInheriting & ~d.rightsInheriting) == 0,
                        Errno.NOTCAPABLE);
            }
            check((fdflags & (Abi.FDFLAG_SYNC | Abi.FDFLAG_DSYNC | Abi.FDFLAG_RSYNC)) == 0, Errno.NOTSUP);
            check(!directory || !(creat || excl || trunc), Errno.INVAL);
            // wasmtime: creating or truncating opens for writing; without write, it opens for reading
            boolean write = (rightsBase & Abi.RIGHT_FD_WRITE) != 0 || creat || trunc;
            boolean read = (rightsBase & Abi.RIGHT_FD_READ) != 0 || !write;

            boolean follow = (dirflags & Abi.LOOKUP_SYMLINK_FOLLOW) != 0;
            Resolved r = PathResolver.resolve(d.path, path, follow || path.endsWith("/"));
            Path p = r.path();
            BasicFileAttributes a = PathResolver.lstat(p);
            Descriptor opened;
            if (a == null) {
                check(creat, Errno.NOENT);
                check(!r.mustBeDir(), Errno.ISDIR);
                opened = openFile(p, read, true, trunc, creat, excl, fdflags);
            } else if (a.isSymbolicLink()) {
                // only reached without symlink_follow: O_NOFOLLOW semantics
                check(!(creat && excl), Errno.EXIST);
                check(!directory, Errno.NOTDIR);
                throw WasiError.of(Errno.LOOP);
            } else if (a.isDirectory()) {
                check(!(creat && excl), Errno.EXIST);
                check(!write, Errno.ISDIR);
                opened = DirDescriptor.opened(p);
            } else {
                check(!(creat && excl), Errno.EXIST);
                check(!directory && !r.mustBeDir(), Errno.NOTDIR);
                opened = openFile(p, read, write, trunc, false, false, fdflags);
            }
            if (d.restricted) {
                opened.rightsBase &= d.rightsInheriting;
                opened.rightsInheriting &= d.rightsInheriting;
                opened.restricted = true;
            }
            int newFd = cx.fds.push(opened);
            try {
                mem.setI32(resultPtr, newFd);
            } catch (WasiError e) {
                FdCalls.close(cx.fds.remove(newFd));
                throw e;
            }
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    private static FileDescriptor openFile(Path p, boolean read, boolean write, boolean trunc, boolean creat,
                                           boolean excl, int fdflags) throws IOException {
        Set<OpenOption> opts = new HashSet<>();
        opts.add(LinkOption.NOFOLLOW_LINKS);
        if (read) opts.add(StandardOpenOption.READ);
        if (write) opts.add(StandardOpenOption.WRITE);
        if (trunc) opts.add(StandardOpenOption.TRUNCATE_EXISTING);
        if (creat) opts.add(excl ? StandardOpenOption.CREATE_NEW : StandardOpenOption.CREATE);
        FileChannel ch = FileChannel.open(p, opts);
        return new FileDescriptor(ch, p, read, write, fdflags);
    }

    public int path_readlink(int fd, int pathPtr, int pathLen, int buf, int bufLen, int resultPtr) {
        try {
            DirDescriptor d = cx.dir(fd);
            String path = mem.string(pathPtr, pathLen);
            require(d, Abi.RIGHT_PATH_READLINK);
            Resolved r = PathResolver.resolve(d.path, path, false);
            check(!r.isSelf(), Errno.INVAL);
            BasicFileAttributes a = PathResolver.lstat(r.path());
            check(a != null, Errno.NOENT);
            check(a.isSymbolicLink(), Errno.INVAL);
            byte[] target = Files.readSymbolicLink(r.path()).toString().getBytes(StandardCharsets.UTF_8);
            int n = (int) Math.min(target.length, bufLen & 0xFFFFFFFFL);
            mem.write(buf, target, 0, n);
            mem.setI32(resultPtr, n);
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    public int path_remove_directory(int fd, int pathPtr, int pathLen) {
        try {
            DirDescriptor d = cx.dir(fd);
            String path = mem.string(pathPtr, pathLen);
            require(d, Abi.RIGHT_PATH_REMOVE_DIRECTORY);
            Resolved r = PathResolver.resolve(d.path, path, false);
            check(!r.isSelf(), Errno.INVAL);
            BasicFileAttributes a = PathResolver.lstat(r.path());
            check(a != null, Errno.NOENT);
            check(a.isDirectory(), Errno.NOTDIR);
            Files.delete(r.path());
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    public int path_rename(int fd, int oldPtr, int oldLen, int newFd, int newPtr, int newLen) {
        try {
            DirDescriptor from = cx.dir(fd);
            DirDescriptor to = cx.dir(newFd);
            String oldPath = mem.string(oldPtr, oldLen);
            String newPath = mem.string(newPtr, newLen);
            require(from, Abi.RIGHT_PATH_RENAME_SOURCE);
            require(to, Abi.RIGHT_PATH_RENAME_TARGET);
            Resolved src = PathResolver.resolve(from.path, oldPath, false);
            Resolved dst = PathResolver.resolve(to.path, newPath, false);
            check(!src.isSelf() && !dst.isSelf(), Errno.BUSY);
            BasicFileAttributes a = PathResolver.lstat(src.path());
            check(a != null, Errno.NOENT);
            if (!a.isDirectory()) {
                check(!src.mustBeDir() && !dst.mustBeDir(), Errno.NOTDIR);
            }
            try {
                Files.move(src.path(), dst.path(), StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw WasiError.of(Errno.XDEV);
            }
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    /** Absolute link targets are refused (EPERM) as cap-std refuses them: they could never be followed. */
    public int path_symlink(int oldPtr, int oldLen, int fd, int newPtr, int newLen) {
        try {
            DirDescriptor d = cx.dir(fd);
            String target = mem.string(oldPtr, oldLen);
            String newPath = mem.string(newPtr, newLen);
            require(d, Abi.RIGHT_PATH_SYMLINK);
            check(!target.startsWith("/"), Errno.PERM);
            check(target.indexOf('\0') < 0, Errno.INVAL);
            Resolved r = PathResolver.resolve(d.path, newPath, false);
            check(!r.isSelf() && PathResolver.lstat(r.path()) == null, Errno.EXIST);
            check(!r.mustBeDir(), Errno.NOENT);
            check(!target.isEmpty(), Errno.NOENT);
            Files.createSymbolicLink(r.path(), r.path().getFileSystem().getPath(target));
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    public int path_unlink_file(int fd, int pathPtr, int pathLen) {
        try {
            DirDescriptor d = cx.dir(fd);
            String path = mem.string(pathPtr, pathLen);
            require(d, Abi.RIGHT_PATH_UNLINK_FILE);
            Resolved r = PathResolver.resolve(d.path, path, false);
            check(!r.isSelf(), Errno.ISDIR);
            BasicFileAttributes a = PathResolver.lstat(r.path());
            check(a != null, Errno.NOENT);
            check(!a.isDirectory(), Errno.ISDIR);
            check(!r.mustBeDir(), Errno.NOTDIR);
            Files.delete(r.path());
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }
}
