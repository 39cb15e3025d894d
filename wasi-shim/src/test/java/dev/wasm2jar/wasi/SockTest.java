package dev.wasm2jar.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wasm2jar.wasi.abi.Abi;
import dev.wasm2jar.wasi.abi.Errno;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SockTest {
    @TempDir
    Path tmp;

    @Test
    void acceptReceiveSendShutdown() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            Guest g = new Guest(WasiConfig.builder().listenSocket(server).preopen(tmp, "."));
            int fs = g.alloc(24);
            assertEquals(0, g.call("fd_fdstat_get", 4, fs));
            assertEquals(Abi.FILETYPE_SOCKET_STREAM, g.u8(fs));
            int p = g.alloc(8);
            assertEquals(0, g.call("fd_prestat_get", 3, p), "listening sockets come after the preopens");
            assertEquals(Errno.BADF, g.call("fd_prestat_get", 4, p), "which ends wasi-libc's preopen scan");

            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            try (Socket client = new Socket("127.0.0.1", port)) {
                int res = g.alloc(4);
                assertEquals(0, g.call("sock_accept", 4, 0, res));
                int conn = g.i32(res);
                assertEquals(5, conn);
                OutputStream out = client.getOutputStream();
                out.write("ping".getBytes());
                out.flush();
                int[] v = g.iov(16);
                int ro = g.alloc(4);
                assertEquals(0, g.call("sock_recv", conn, v[0], 1, Abi.RIFLAG_PEEK, res, ro));
                assertEquals(4, g.i32(res));
                g.memory.writeInt(v[0] + 4, 4); // MSG_WAITALL waits for a full buffer
                assertEquals(0, g.call("sock_recv", conn, v[0], 1, Abi.RIFLAG_WAITALL, res, ro));
                int got = g.i32(res);
                assertEquals("ping", g.string(v[1], got));
                assertEquals(0, g.u16(ro));
                g.memory.writeBytes(v[1], "pong".getBytes());
                g.memory.writeInt(v[0] + 4, 4);
                assertEquals(0, g.call("sock_send", conn, v[0], 1, 0, res));
                assertEquals(4, g.i32(res));
                InputStream in = client.getInputStream();
                assertEquals("pong", new String(in.readNBytes(4)));
                assertEquals(4, g.write(conn, "more"));
                assertEquals("more", new String(in.readNBytes(4)));
                assertEquals(0, g.call("sock_shutdown", conn, Abi.SDFLAG_WR));
                assertEquals(-1, in.read());
                assertEquals(Errno.INVAL, g.call("sock_shutdown", conn, 0));
                assertEquals(Errno.NOTSOCK, g.call("sock_shutdown", 1, Abi.SDFLAG_RD));
                assertEquals(Errno.NOTSOCK, g.call("sock_accept", 3, 0, res));
                assertEquals(Errno.BADF, g.call("sock_accept", 40, 0, res));
                // non-blocking accept with nobody waiting
                assertEquals(0, g.call("fd_fdstat_set_flags", 4, Abi.FDFLAG_NONBLOCK));
                assertEquals(Errno.AGAIN, g.call("sock_accept", 4, 0, res));
                assertEquals(0, g.call("fd_close", conn));
            }
        }
    }
}
