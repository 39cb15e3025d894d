package dev.wasm2jar.wasi.fd;

import dev.wasm2jar.wasi.abi.Abi;
import java.io.IOException;
import java.nio.channels.ServerSocketChannel;

/** A listening TCP socket handed in by the host (wasmtime's --tcplisten); the guest may only accept on it. */
public final class ListenerDescriptor extends Descriptor {
    public final ServerSocketChannel channel;

    public ListenerDescriptor(ServerSocketChannel channel) {
        super(Abi.RIGHT_SOCK_ACCEPT | Abi.RIGHT_POLL_FD_READWRITE | Abi.RIGHT_FD_FDSTAT_SET_FLAGS
                        | Abi.RIGHT_FD_FILESTAT_GET,
                Abi.RIGHT_FD_READ | Abi.RIGHT_FD_WRITE | Abi.RIGHT_POLL_FD_READWRITE | Abi.RIGHT_SOCK_SHUTDOWN
                        | Abi.RIGHT_FD_FDSTAT_SET_FLAGS | Abi.RIGHT_FD_FILESTAT_GET);
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

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
