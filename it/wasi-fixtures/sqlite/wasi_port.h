/* Included before sqlite3.c when building for wasm32-wasi (build.sh).
 *
 * SQLite's unix VFS names a few POSIX calls that wasi-libc lacks. WASI has no file owners or modes,
 * so these succeed doing nothing. It has no advisory locks either: main.c opens its database with
 * the "unix-none" VFS, which never locks, and the lock constants below only let os_unix.c compile
 * (wasi-libc declares struct flock but none of its commands). */
#include <sys/types.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>
static inline int fchmod(int fd, mode_t mode) { (void)fd; (void)mode; return 0; }
static inline int fchown(int fd, uid_t uid, gid_t gid) { (void)fd; (void)uid; (void)gid; return 0; }
static inline uid_t geteuid(void) { return 0; }
#ifndef F_GETLK
#define F_GETLK 5
#define F_SETLK 6
#define F_SETLKW 7
#define F_RDLCK 0
#define F_WRLCK 1
#define F_UNLCK 2
#endif
