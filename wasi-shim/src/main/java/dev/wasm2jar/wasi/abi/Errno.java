package dev.wasm2jar.wasi.abi;

import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.Locale;

/** witx {@code errno}: the values of wasi_snapshot_preview1, and how host exceptions map onto them. */
public final class Errno {
    private Errno() {}

    public static final int SUCCESS = 0, TOOBIG = 1, ACCES = 2, ADDRINUSE = 3, ADDRNOTAVAIL = 4, AFNOSUPPORT = 5,
            AGAIN = 6, ALREADY = 7, BADF = 8, BADMSG = 9, BUSY = 10, CANCELED = 11, CHILD = 12, CONNABORTED = 13,
            CONNREFUSED = 14, CONNRESET = 15, DEADLK = 16, DESTADDRREQ = 17, DOM = 18, DQUOT = 19, EXIST = 20,
            FAULT = 21, FBIG = 22, HOSTUNREACH = 23, IDRM = 24, ILSEQ = 25, INPROGRESS = 26, INTR = 27, INVAL = 28,
            IO = 29, ISCONN = 30, ISDIR = 31, LOOP = 32, MFILE = 33, MLINK = 34, MSGSIZE = 35, MULTIHOP = 36,
            NAMETOOLONG = 37, NETDOWN = 38, NETRESET = 39, NETUNREACH = 40, NFILE = 41, NOBUFS = 42, NODEV = 43,
            NOENT = 44, NOEXEC = 45, NOLCK = 46, NOLINK = 47, NOMEM = 48, NOMSG = 49, NOPROTOOPT = 50, NOSPC = 51,
            NOSYS = 52, NOTCONN = 53, NOTDIR = 54, NOTEMPTY = 55, NOTRECOVERABLE = 56, NOTSOCK = 57, NOTSUP = 58,
            NOTTY = 59, NXIO = 60, OVERFLOW = 61, OWNERDEAD = 62, PERM = 63, PIPE = 64, PROTO = 65,
            PROTONOSUPPORT = 66, PROTOTYPE = 67, RANGE = 68, ROFS = 69, SPIPE = 70, SRCH = 71, STALE = 72,
            TIMEDOUT = 73, TXTBSY = 74, XDEV = 75, NOTCAPABLE = 76;

    /**
     * The errno for a host exception. java.nio reports most failures as a FileSystemException whose
     * reason is the host's strerror text, so that text is matched after the typed exceptions.
     */
    public static int of(Throwable e) {
        if (e instanceof WasiError w) return w.errno;
        if (e instanceof NoSuchFileException) return NOENT;
        if (e instanceof FileAlreadyExistsException) return EXIST;
        if (e instanceof DirectoryNotEmptyException) return NOTEMPTY;
        if (e instanceof NotDirectoryException) return NOTDIR;
        if (e instanceof NotLinkException) return INVAL;
        if (e instanceof FileSystemLoopException) return LOOP;
        if (e instanceof AccessDeniedException) return ACCES;
        if (e instanceof ClosedChannelException) return BADF;
        if (e instanceof NonReadableChannelException || e instanceof NonWritableChannelException) return BADF;
        if (e instanceof InvalidPathException) return INVAL;
        if (e instanceof IllegalArgumentException) return INVAL;
        if (e instanceof UnsupportedOperationException) return NOTSUP;
        if (e instanceof OutOfMemoryError) return NOMEM;
        String reason = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
        if (reason != null) {
            int byText = ofReason(reason);
            if (byText >= 0) return byText;
        }
        return IO;
    }

    /** glibc's strerror texts (what java.nio puts into exception reasons) to errno, or -1. */
    static int ofReason(String reason) {
        String r = reason.toLowerCase(Locale.ROOT);
        if (r.contains("too many levels of symbolic links")) return LOOP;
        if (r.contains("not a directory")) return NOTDIR;
        if (r.contains("is a directory")) return ISDIR;
        if (r.contains("directory not empty")) return NOTEMPTY;
        if (r.contains("file exists")) return EXIST;
        if (r.contains("no such file or directory")) return NOENT;
        if (r.contains("operation not permitted")) return PERM;
        if (r.contains("permission denied")) return ACCES;
        if (r.contains("invalid argument")) return INVAL;
        if (r.contains("file name too long")) return NAMETOOLONG;
        if (r.contains("no space left on device")) return NOSPC;
        if (r.contains("disk quota exceeded")) return DQUOT;
        if (r.contains("read-only file system")) return ROFS;
        if (r.contains("invalid cross-device link")) return XDEV;
        if (r.contains("too many links")) return MLINK;
        if (r.contains("file too large")) return FBIG;
        if (r.contains("bad file descriptor")) return BADF;
        if (r.contains("broken pipe")) return PIPE;
        if (r.contains("connection reset")) return CONNRESET;
        if (r.contains("connection refused")) return CONNREFUSED;
        if (r.contains("connection aborted")) return CONNABORTED;
        if (r.contains("not connected")) return NOTCONN;
        if (r.contains("device or resource busy")) return BUSY;
        if (r.contains("text file busy")) return TXTBSY;
        if (r.contains("illegal seek")) return SPIPE;
        if (r.contains("too many open files")) return MFILE;
        if (r.contains("value too large")) return OVERFLOW;
        if (r.contains("operation not supported")) return NOTSUP;
        if (r.contains("resource temporarily unavailable")) return AGAIN;
        if (r.contains("cannot allocate memory")) return NOMEM;
        if (r.contains("input/output error")) return IO;
        return -1;
    }
}
