package dev.wasm2jar.wasi.fd;

import dev.wasm2jar.wasi.abi.Abi;
import java.io.IOException;
import java.io.OutputStream;

/** fd 1 and 2: each fd_write is written and flushed at once, as wasmtime's blocking_write_and_flush. */
public final class OutputDescriptor extends Descriptor {
    public final OutputStream out;
    private final boolean tty;

    public OutputDescriptor(OutputStream out, boolean tty) {
        super(Abi.RIGHT_FD_WRITE, Abi.RIGHT_FD_WRITE);
        this.out = out;
        this.tty = tty;
    }

    @Override
    public byte filetype() {
        return tty ? Abi.FILETYPE_CHARACTER_DEVICE : Abi.FILETYPE_UNKNOWN;
    }

    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        out.flush();
    }
}
