package dev.wasm2jar.wasi.abi;

/** witx constants of wasi_snapshot_preview1 (typenames.witx): flags, enums and struct layouts. */
public final class Abi {
    private Abi() {}

    // ---- filetype (u8)
    public static final byte FILETYPE_UNKNOWN = 0, FILETYPE_BLOCK_DEVICE = 1, FILETYPE_CHARACTER_DEVICE = 2,
            FILETYPE_DIRECTORY = 3, FILETYPE_REGULAR_FILE = 4, FILETYPE_SOCKET_DGRAM = 5, FILETYPE_SOCKET_STREAM = 6,
            FILETYPE_SYMBOLIC_LINK = 7;

    // ---- rights (u64)
    public static final long RIGHT_FD_DATASYNC = 1L << 0, RIGHT_FD_READ = 1L << 1, RIGHT_FD_SEEK = 1L << 2,
            RIGHT_FD_FDSTAT_SET_FLAGS = 1L << 3, RIGHT_FD_SYNC = 1L << 4, RIGHT_FD_TELL = 1L << 5,
            RIGHT_FD_WRITE = 1L << 6, RIGHT_FD_ADVISE = 1L << 7, RIGHT_FD_ALLOCATE = 1L << 8,
            RIGHT_PATH_CREATE_DIRECTORY = 1L << 9, RIGHT_PATH_CREATE_FILE = 1L << 10,
            RIGHT_PATH_LINK_SOURCE = 1L << 11, RIGHT_PATH_LINK_TARGET = 1L << 12, RIGHT_PATH_OPEN = 1L << 13,
            RIGHT_FD_READDIR = 1L << 14, RIGHT_PATH_READLINK = 1L << 15, RIGHT_PATH_RENAME_SOURCE = 1L << 16,
            RIGHT_PATH_RENAME_TARGET = 1L << 17, RIGHT_PATH_FILESTAT_GET = 1L << 18,
            RIGHT_PATH_FILESTAT_SET_SIZE = 1L << 19, RIGHT_PATH_FILESTAT_SET_TIMES = 1L << 20,
            RIGHT_FD_FILESTAT_GET = 1L << 21, RIGHT_FD_FILESTAT_SET_SIZE = 1L << 22,
            RIGHT_FD_FILESTAT_SET_TIMES = 1L << 23, RIGHT_PATH_SYMLINK = 1L << 24,
            RIGHT_PATH_REMOVE_DIRECTORY = 1L << 25, RIGHT_PATH_UNLINK_FILE = 1L << 26,
            RIGHT_POLL_FD_READWRITE = 1L << 27, RIGHT_SOCK_SHUTDOWN = 1L << 28, RIGHT_SOCK_ACCEPT = 1L << 29;
    public static final long RIGHTS_ALL = (1L << 30) - 1;

    /** What wasmtime reports for a preopened directory (a fixed set "expected by many userlands"). */
    public static final long PREOPEN_RIGHTS_BASE = RIGHT_PATH_CREATE_DIRECTORY | RIGHT_PATH_CREATE_FILE
            | RIGHT_PATH_LINK_SOURCE | RIGHT_PATH_LINK_TARGET | RIGHT_PATH_OPEN | RIGHT_FD_READDIR
            | RIGHT_PATH_READLINK | RIGHT_PATH_RENAME_SOURCE | RIGHT_PATH_RENAME_TARGET | RIGHT_PATH_SYMLINK
            | RIGHT_PATH_REMOVE_DIRECTORY | RIGHT_PATH_UNLINK_FILE | RIGHT_PATH_FILESTAT_GET
            | RIGHT_PATH_FILESTAT_SET_TIMES | RIGHT_FD_FILESTAT_GET | RIGHT_FD_FILESTAT_SET_TIMES;
    public static final long PREOPEN_RIGHTS_INHERITING = PREOPEN_RIGHTS_BASE | RIGHT_FD_DATASYNC | RIGHT_FD_READ
            | RIGHT_FD_SEEK | RIGHT_FD_FDSTAT_SET_FLAGS | RIGHT_FD_SYNC | RIGHT_FD_TELL | RIGHT_FD_WRITE
            | RIGHT_FD_ADVISE | RIGHT_FD_ALLOCATE | RIGHT_FD_FILESTAT_GET | RIGHT_FD_FILESTAT_SET_SIZE
            | RIGHT_FD_FILESTAT_SET_TIMES | RIGHT_POLL_FD_READWRITE;

    // ---- fdflags (u16)
    public static final int FDFLAG_APPEND = 1, FDFLAG_DSYNC = 2, FDFLAG_NONBLOCK = 4, FDFLAG_RSYNC = 8,
            FDFLAG_SYNC = 16, FDFLAGS_ALL = 31;
    // ---- oflags (u16)
    public static final int OFLAG_CREAT = 1, OFLAG_DIRECTORY = 2, OFLAG_EXCL = 4, OFLAG_TRUNC = 8, OFLAGS_ALL = 15;
    // ---- lookupflags (u32)
    public static final int LOOKUP_SYMLINK_FOLLOW = 1;
    // ---- fstflags (u16)
    public static final int FST_ATIM = 1, FST_ATIM_NOW = 2, FST_MTIM = 4, FST_MTIM_NOW = 8, FSTFLAGS_ALL = 15;
    // ---- whence (u8)
    public static final int WHENCE_SET = 0, WHENCE_CUR = 1, WHENCE_END = 2;
    // ---- clockid (u32)
    public static final int CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1, CLOCK_PROCESS_CPUTIME = 2,
            CLOCK_THREAD_CPUTIME = 3;
    // ---- advice (u8)
    public static final int ADVICE_MAX = 5;
    // ---- eventtype (u8), eventrwflags (u16), subclockflags (u16)
    public static final byte EVENTTYPE_CLOCK = 0, EVENTTYPE_FD_READ = 1, EVENTTYPE_FD_WRITE = 2;
    public static final short EVENTRW_HANGUP = 1;
    public static final int SUBCLOCK_ABSTIME = 1;
    // ---- riflags, roflags, sdflags
    public static final int RIFLAG_PEEK = 1, RIFLAG_WAITALL = 2, SDFLAG_RD = 1, SDFLAG_WR = 2;
    // ---- preopentype
    public static final byte PREOPENTYPE_DIR = 0;

    // ---- struct layouts (sizes and offsets from wasi/api.h's _Static_asserts)
    public static final int FDSTAT_SIZE = 24, FILESTAT_SIZE = 64, DIRENT_SIZE = 24, SUBSCRIPTION_SIZE = 48,
            EVENT_SIZE = 32, IOVEC_SIZE = 8, PRESTAT_SIZE = 8;
}
