package dev.wasm2jar.wasi.fd;

import dev.wasm2jar.wasi.abi.Abi;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** A connection accepted by sock_accept. {@link #peeked} holds bytes read by a MSG_PEEK receive. */
public final class SocketDescriptor extends Descriptor {
    public final SocketChannel channel;
    public byte[] peeked = new byte[0];

    public SocketDescriptor(SocketChannel channel) {
        super(Abi.RIGHT_FD_READ | Abi.RIGHT_FD_WRITE | Abi.RIGHT_POLL_FD_READWRITE | Abi.RIGHT_SOCK_SHUTDOWN
                        | Abi.RIGHT_FD_FDSTAT_SET_FLAGS | Abi.RIGHT_FD_FILESTAT_GET,
                0);
        this.channel = channel;
    }

    @Override
    public byte filetype() {
        return Abi.FILETYPE_SOCKET_STREAM;
    }

    @Override
    public int fdflags() {
        return channel.isBlocking() ? 0 : Abi.FDFLAG_NONBLOCK;
    }

    /** Reads into {@code b[off, off+len)}, first from the peek buffer: bytes read, 0 at end of stream, -1 if none ready. */
    public int read(byte[] b, int off, int len, boolean peek) throws IOException {
        if (peeked.length == 0) {
            int n = channel.read(ByteBuffer.wrap(b, off, len));
            if (n < 0) return 0;
            if (n == 0 && len > 0) return -1;
            if (peek) peeked = java.util.Arrays.copyOfRange(b, off, off + n);
            return n;
        }
        int n = Math.min(len, peeked.length);
        System.arraycopy(peeked, 0, b, off, n);
        if (!peek) peeked = java.util.Arrays.copyOfRange(peeked, n, peeked.length);
        return n;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
