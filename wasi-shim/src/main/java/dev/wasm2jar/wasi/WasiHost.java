package dev.wasm2jar.wasi;

/** {@link WasiImports} for one guest: each call goes to the class that implements that group. */
final class WasiHost implements WasiImports {
    private final ProcCalls proc;
    private final FdCalls fd;
    private final WasiContext cx;
    // Created on first use: most programs never touch paths, polling or sockets, and loading these
    // classes (and the NIO classes their verification pulls in) would cost start-up time.
    private PathCalls path;
    private PollCalls poll;
    private SockCalls sock;

    WasiHost(WasiContext cx) {
        this.proc = new ProcCalls(cx);
        this.fd = new FdCalls(cx);
        this.cx = cx;
    }

    private PathCalls path() {
        if (path == null) path = new PathCalls(cx);
        return path;
    }

    private PollCalls poll() {
        if (poll == null) poll = new PollCalls(cx);
        return poll;
    }

    private SockCalls sock() {
        if (sock == null) sock = new SockCalls(cx);
        return sock;
    }

    @Override
    public int args_get(int argv, int argvBuf) {
        return this.proc.args_get(argv, argvBuf);
    }

    @Override
    public int args_sizes_get(int countPtr, int sizePtr) {
        return this.proc.args_sizes_get(countPtr, sizePtr);
    }

    @Override
    public int clock_res_get(int id, int resultPtr) {
        return this.proc.clock_res_get(id, resultPtr);
    }

    @Override
    public int clock_time_get(int id, long precision, int resultPtr) {
        return this.proc.clock_time_get(id, precision, resultPtr);
    }

    @Override
    public int environ_get(int environ, int environBuf) {
        return this.proc.environ_get(environ, environBuf);
    }

    @Override
    public int environ_sizes_get(int countPtr, int sizePtr) {
        return this.proc.environ_sizes_get(countPtr, sizePtr);
    }

    @Override
    public int fd_advise(int fd, long offset, long len, int advice) {
        return this.fd.fd_advise(fd, offset, len, advice);
    }

    @Override
    public int fd_allocate(int fd, long offset, long len) {
        return this.fd.fd_allocate(fd, offset, len);
    }

    @Override
    public int fd_close(int fd) {
        return this.fd.fd_close(fd);
    }

    @Override
    public int fd_datasync(int fd) {
        return this.fd.fd_datasync(fd);
    }

    @Override
    public int fd_fdstat_get(int fd, int ptr) {
        return this.fd.fd_fdstat_get(fd, ptr);
    }

    @Override
    public int fd_fdstat_set_flags(int fd, int flags) {
        return this.fd.fd_fdstat_set_flags(fd, flags);
    }

    @Override
    public int fd_fdstat_set_rights(int fd, long base, long inheriting) {
        return this.fd.fd_fdstat_set_rights(fd, base, inheriting);
    }

    @Override
    public int fd_filestat_get(int fd, int ptr) {
        return this.fd.fd_filestat_get(fd, ptr);
    }

    @Override
    public int fd_filestat_set_size(int fd, long size) {
        return this.fd.fd_filestat_set_size(fd, size);
    }

    @Override
    public int fd_filestat_set_times(int fd, long atim, long mtim, int fst) {
        return this.fd.fd_filestat_set_times(fd, atim, mtim, fst);
    }

    @Override
    public int fd_pread(int fd, int iovs, int iovsLen, long offset, int resultPtr) {
        return this.fd.fd_pread(fd, iovs, iovsLen, offset, resultPtr);
    }

    @Override
    public int fd_prestat_dir_name(int fd, int ptr, int len) {
        return this.fd.fd_prestat_dir_name(fd, ptr, len);
    }

    @Override
    public int fd_prestat_get(int fd, int ptr) {
        return this.fd.fd_prestat_get(fd, ptr);
    }

    @Override
    public int fd_pwrite(int fd, int iovs, int iovsLen, long offset, int resultPtr) {
        return this.fd.fd_pwrite(fd, iovs, iovsLen, offset, resultPtr);
    }

    @Override
    public int fd_read(int fd, int iovs, int iovsLen, int resultPtr) {
        return this.fd.fd_read(fd, iovs, iovsLen, resultPtr);
    }

    @Override
    public int fd_readdir(int fd, int buf, int bufLen, long cookie, int resultPtr) {
        return this.fd.fd_readdir(fd, buf, bufLen, cookie, resultPtr);
    }

    @Override
    public int fd_renumber(int from, int to) {
        return this.fd.fd_renumber(from, to);
    }

    @Override
    public int fd_seek(int fd, long offset, int whence, int resultPtr) {
        return this.fd.fd_seek(fd, offset, whence, resultPtr);
    }

    @Override
    public int fd_sync(int fd) {
        return this.fd.fd_sync(fd);
    }

    @Override
    public int fd_tell(int fd, int resultPtr) {
        return this.fd.fd_tell(fd, resultPtr);
    }

    @Override
    public int fd_write(int fd, int iovs, int iovsLen, int resultPtr) {
        return this.fd.fd_write(fd, iovs, iovsLen, resultPtr);
    }

    @Override
    public int path_create_directory(int fd, int pathPtr, int pathLen) {
        return path().path_create_directory(fd, pathPtr, pathLen);
    }

    @Override
    public int path_filestat_get(int fd, int flags, int pathPtr, int pathLen, int resultPtr) {
        return path().path_filestat_get(fd, flags, pathPtr, pathLen, resultPtr);
    }

    @Override
    public int path_filestat_set_times(int fd, int flags, int pathPtr, int pathLen, long atim, long mtim, int fst) {
        return path().path_filestat_set_times(fd, flags, pathPtr, pathLen, atim, mtim, fst);
    }

    @Override
    public int path_link(int oldFd, int oldFlags, int oldPtr, int oldLen, int newFd, int newPtr, int newLen) {
        return path().path_link(oldFd, oldFlags, oldPtr, oldLen, newFd, newPtr, newLen);
    }

    @Override
    public int path_open(int fd, int dirflags, int pathPtr, int pathLen, int oflags, long rightsBase,
                         long rightsInheriting, int fdflags, int resultPtr) {
        return path().path_open(fd, dirflags, pathPtr, pathLen, oflags, rightsBase, rightsInheriting, fdflags, resultPtr);
    }

    @Override
    public int path_readlink(int fd, int pathPtr, int pathLen, int buf, int bufLen, int resultPtr) {
        return path().path_readlink(fd, pathPtr, pathLen, buf, bufLen, resultPtr);
    }

    @Override
    public int path_remove_directory(int fd, int pathPtr, int pathLen) {
        return path().path_remove_directory(fd, pathPtr, pathLen);
    }

    @Override
    public int path_rename(int fd, int oldPtr, int oldLen, int newFd, int newPtr, int newLen) {
        return path().path_rename(fd, oldPtr, oldLen, newFd, newPtr, newLen);
    }

    @Override
    public int path_symlink(int oldPtr, int oldLen, int fd, int newPtr, int newLen) {
        return path().path_symlink(oldPtr, oldLen, fd, newPtr, newLen);
    }

    @Override
    public int path_unlink_file(int fd, int pathPtr, int pathLen) {
        return path().path_unlink_file(fd, pathPtr, pathLen);
    }

    @Override
    public int poll_oneoff(int in, int out, int nsubs, int resultPtr) {
        return poll().poll_oneoff(in, out, nsubs, resultPtr);
    }

    @Override
    public void proc_exit(int code) {
        this.proc.proc_exit(code);
    }

    @Override
    public int proc_raise(int sig) {
        return this.proc.proc_raise(sig);
    }

    @Override
    public int random_get(int buf, int len) {
        return this.proc.random_get(buf, len);
    }

    @Override
    public int sched_yield() {
        return this.proc.sched_yield();
    }

    @Override
    public int sock_accept(int fd, int flags, int resultPtr) {
        return sock().sock_accept(fd, flags, resultPtr);
    }

    @Override
    public int sock_recv(int fd, int iovs, int iovsLen, int riFlags, int lenPtr, int roFlagsPtr) {
        return sock().sock_recv(fd, iovs, iovsLen, riFlags, lenPtr, roFlagsPtr);
    }

    @Override
    public int sock_send(int fd, int iovs, int iovsLen, int siFlags, int resultPtr) {
        return sock().sock_send(fd, iovs, iovsLen, siFlags, resultPtr);
    }

    @Override
    public int sock_shutdown(int fd, int how) {
        return sock().sock_shutdown(fd, how);
    }
}
