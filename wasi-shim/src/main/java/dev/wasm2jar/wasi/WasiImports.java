package dev.wasm2jar.wasi;

/**
 * The wasi_snapshot_preview1 functions as plain Java methods (int = i32, long = i64; an int result
 * is the errno). When a module imports one of them with the expected type, the compiled code calls
 * it through this interface ({@code invokeinterface}), with no method handle: cheap to link at
 * start-up and to call. {@link Wasi#host()} implements it.
 */
public interface WasiImports {
    int args_get(int argv, int argvBuf);

    int args_sizes_get(int countPtr, int sizePtr);

    int clock_res_get(int id, int resultPtr);

    int clock_time_get(int id, long precision, int resultPtr);

    int environ_get(int environ, int environBuf);

    int environ_sizes_get(int countPtr, int sizePtr);

    int fd_advise(int fd, long offset, long len, int advice);

    int fd_allocate(int fd, long offset, long len);

    int fd_close(int fd);

    int fd_datasync(int fd);

    int fd_fdstat_get(int fd, int ptr);

    int fd_fdstat_set_flags(int fd, int flags);

    int fd_fdstat_set_rights(int fd, long base, long inheriting);

    int fd_filestat_get(int fd, int ptr);

    int fd_filestat_set_size(int fd, long size);

    int fd_filestat_set_times(int fd, long atim, long mtim, int fst);

    int fd_pread(int fd, int iovs, int iovsLen, long offset, int resultPtr);

    int fd_prestat_dir_name(int fd, int ptr, int len);

    int fd_prestat_get(int fd, int ptr);

    int fd_pwrite(int fd, int iovs, int iovsLen, long offset, int resultPtr);

    int fd_read(int fd, int iovs, int iovsLen, int resultPtr);

    int fd_readdir(int fd, int buf, int bufLen, long cookie, int resultPtr);

    int fd_renumber(int from, int to);

    int fd_seek(int fd, long offset, int whence, int resultPtr);

    int fd_sync(int fd);

    int fd_tell(int fd, int resultPtr);

    int fd_write(int fd, int iovs, int iovsLen, int resultPtr);

    int path_create_directory(int fd, int pathPtr, int pathLen);

    int path_filestat_get(int fd, int flags, int pathPtr, int pathLen, int resultPtr);

    int path_filestat_set_times(int fd, int flags, int pathPtr, int pathLen, long atim, long mtim, int fst);

    int path_link(int oldFd, int oldFlags, int oldPtr, int oldLen, int newFd, int newPtr, int newLen);

    int path_open(int fd, int dirflags, int pathPtr, int pathLen, int oflags, long rightsBase,
                         long rightsInheriting, int fdflags, int resultPtr);

    int path_readlink(int fd, int pathPtr, int pathLen, int buf, int bufLen, int resultPtr);

    int path_remove_directory(int fd, int pathPtr, int pathLen);

    int path_rename(int fd, int oldPtr, int oldLen, int newFd, int newPtr, int newLen);

    int path_symlink(int oldPtr, int oldLen, int fd, int newPtr, int newLen);

    int path_unlink_file(int fd, int pathPtr, int pathLen);

    int poll_oneoff(int in, int out, int nsubs, int resultPtr);

    void proc_exit(int code);

    int proc_raise(int sig);

    int random_get(int buf, int len);

    int sched_yield();

    int sock_accept(int fd, int flags, int resultPtr);

    int sock_recv(int fd, int iovs, int iovsLen, int riFlags, int lenPtr, int roFlagsPtr);

    int sock_send(int fd, int iovs, int iovsLen, int siFlags, int resultPtr);

    int sock_shutdown(int fd, int how);
}
