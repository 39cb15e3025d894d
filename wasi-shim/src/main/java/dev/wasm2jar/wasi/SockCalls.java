package dev.wasm2jar.wasi;

import dev.wasm2jar.wasi.abi.Abi;
import dev.wasm2jar.wasi.abi.Errno;
import dev.wasm2jar.wasi.abi.GuestMemory;
import dev.wasm2jar.wasi.abi.WasiError;
import dev.wasm2jar.wasi.fd.Descriptor;
import dev.wasm2jar.wasi.fd.ListenerDescriptor;
import dev.wasm2jar.wasi.fd.SocketDescriptor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * sock_* on the listening sockets the host hands in and the connections accepted from them (the
 * modern wasmtime adapter answers ENOTSOCK to everything; this follows wasi-common, which served
 * --tcplisten).
 */
final class SockCalls extends Calls {
    SockCalls(WasiContext cx) {
        super(cx);
    }

    public int sock_accept(int fd, int flags, int resultPtr) {
        try {
            check((flags & ~Abi.FDFLAG_NONBLOCK) == 0, Errno.INVAL);
            Descriptor d = cx.fds.get(fd);
            if (!(d instanceof ListenerDescriptor l)) throw WasiError.of(Errno.NOTSOCK);
            WasiContext.require(l, Abi.RIGHT_SOCK_ACCEPT);
            mem.check(resultPtr, 4);
            SocketChannel c = l.channel.accept();
            if (c == null) throw WasiError.of(Errno.AGAIN);
            c.configureBlocking((flags & Abi.FDFLAG_NONBLOCK) == 0);
            mem.setI32(resultPtr, cx.fds.push(new SocketDescriptor(c)));
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    public int sock_recv(int fd, int iovs, int iovsLen, int riFlags, int lenPtr, int roFlagsPtr) {
        try {
            check((riFlags & ~(Abi.RIFLAG_PEEK | Abi.RIFLAG_WAITALL)) == 0, Errno.INVAL);
            SocketDescriptor s = socket(fd);
            WasiContext.require(s, Abi.RIGHT_FD_READ);
            int[] buf = mem.firstIovec(iovs, iovsLen);
            int n = recv(mem, s, buf, (riFlags & Abi.RIFLAG_PEEK) != 0, (riFlags & Abi.RIFLAG_WAITALL) != 0);
            mem.setI32(lenPtr, n);
            mem.setU16(roFlagsPtr, 0);
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    public int sock_send(int fd, int iovs, int iovsLen, int siFlags, int resultPtr) {
        try {
            check(siFlags == 0, Errno.INVAL);
            SocketDescriptor s = socket(fd);
            WasiContext.require(s, Abi.RIGHT_FD_WRITE);
            mem.setI32(resultPtr, send(mem, s, mem.firstIovec(iovs, iovsLen)));
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    public int sock_shutdown(int fd, int how) {
        try {
            check(how != 0 && (how & ~(Abi.SDFLAG_RD | Abi.SDFLAG_WR)) == 0, Errno.INVAL);
            SocketDescriptor s = socket(fd);
            WasiContext.require(s, Abi.RIGHT_SOCK_SHUTDOWN);
            if ((how & Abi.SDFLAG_RD) != 0) s.channel.shutdownInput();
            if ((how & Abi.SDFLAG_WR) != 0) s.channel.shutdownOutput();
            return Errno.SUCCESS;
        } catch (Throwable t) {
            return failure(t);
        }
    }

    private SocketDescriptor socket(int fd) {
        Descriptor d = cx.fds.get(fd);
        if (d instanceof SocketDescriptor s) return s;
        throw WasiError.of(d instanceof ListenerDescriptor ? Errno.NOTCONN : Errno.NOTSOCK);
    }

    /** Receives into guest memory {ptr, len}: EAGAIN when non-blocking and nothing is there. */
    static int recv(GuestMemory mem, SocketDescriptor s, int[] buf, boolean peek, boolean waitAll) throws IOException {
        if (buf[1] == 0) return 0;
        byte[] tmp = new byte[buf[1]];
        int n = s.read(tmp, 0, tmp.length, peek);
        if (n < 0) throw WasiError.of(Errno.AGAIN);
        while (waitAll && !peek && n > 0 && n < tmp.length) {
            int m = s.read(tmp, n, tmp.length - n, false);
            if (m <= 0) break; // end of stream, or non-blocking and drained
            n += m;
        }
        mem.write(buf[0], tmp, 0, n);
        return n;
    }

    /** Sends guest memory {ptr, len}: everything when blocking, else what fits now (EAGAIN if nothing). */
    static int send(GuestMemory mem, SocketDescriptor s, int[] buf) throws IOException {
        byte[] b = mem.read(buf[0], buf[1]);
        ByteBuffer bb = ByteBuffer.wrap(b);
        int n = s.channel.write(bb);
        if (s.channel.isBlocking()) {
            while (bb.hasRemaining()) n += s.channel.write(bb);
        } else if (n == 0 && b.length > 0) {
            throw WasiError.of(Errno.AGAIN);
        }
        return n;
    }
}
