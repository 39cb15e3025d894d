package dev.wasm2jar.wasi;

import dev.wasm2jar.wasi.abi.Errno;
import dev.wasm2jar.wasi.abi.GuestMemory;
import dev.wasm2jar.wasi.abi.WasiError;
import dev.wasm2jar.wasi.fd.Descriptor;
import dev.wasm2jar.wasi.fd.DirDescriptor;
import dev.wasm2jar.wasi.fd.FdTable;
import dev.wasm2jar.wasi.fd.FileDescriptor;
import dev.wasm2jar.wasi.fd.ListenerDescriptor;
import dev.wasm2jar.wasi.fd.OutputDescriptor;
import dev.wasm2jar.wasi.fd.StdinDescriptor;
import dev.wasm2jar.wasi.io.Terminals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/** The state one guest's WASI calls share: configuration, memory and descriptor table. */
final class WasiContext {
    final WasiConfig config;
    final GuestMemory mem = new GuestMemory();
    final FdTable fds;

    WasiContext(WasiConfig config) {
        this.config = config;
        this.fds = new FdTable(config.maxOpenFds);
        fds.push(new StdinDescriptor(config.stdin, config.stdinInherited && Terminals.isTerminal(0)));
        fds.push(new OutputDescriptor(config.stdout, config.stdoutInherited && Terminals.isTerminal(1)));
        fds.push(new OutputDescriptor(config.stderr, config.stderrInherited && Terminals.isTerminal(2)));
        if (!config.preopens.isEmpty() || !config.listenSockets.isEmpty()) Granted.push(fds, config);
    }

    /**
     * Descriptors for the preopened directories and listening sockets. A class of its own: verifying
     * this code loads the descriptor classes, which a program granted nothing never needs.
     */
    private static final class Granted {
        static void push(FdTable fds, WasiConfig config) {
            for (WasiConfig.Preopen p : config.preopens) {
                Path real;
                try {
                    real = p.host().toRealPath();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot preopen " + p.host() + ": " + e.getMessage(), e);
                }
                if (!Files.isDirectory(real)) throw new IllegalArgumentException("cannot preopen " + p.host() + ": not a directory");
                fds.push(DirDescriptor.preopen(real, p.guest()));
            }
            // After the preopens: wasi-libc scans fd_prestat_get from fd 3 and stops at the first EBADF,
            // so a socket before them (where wasmtime's --tcplisten puts it) would hide every preopen.
            for (ServerSocketChannel s : config.listenSockets) fds.push(new ListenerDescriptor(s));
        }
    }

    /** The descriptor if it is a regular file, else EBADF (wasmtime's get_file_fd). */
    FileDescriptor file(int fd) {
        if (fds.get(fd) instanceof FileDescriptor f) return f;
        throw WasiError.of(Errno.BADF);
    }

    /** The descriptor if it is a directory, else EBADF (wasmtime's get_dir_fd). */
    DirDescriptor dir(int fd) {
        if (fds.get(fd) instanceof DirDescriptor d) return d;
        throw WasiError.of(Errno.BADF);
    }

    /** ENOTCAPABLE unless the descriptor holds all of {@code rights}. */
    static void require(Descriptor d, long rights) {
        if ((d.rightsBase & rights) != rights) throw WasiError.of(Errno.NOTCAPABLE);
    }
}
