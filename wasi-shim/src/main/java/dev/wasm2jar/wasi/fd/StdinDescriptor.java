package dev.wasm2jar.wasi.fd;

import dev.wasm2jar.wasi.abi.Abi;
import dev.wasm2jar.wasi.io.InputPump;

import java.io.InputStream;

/** fd 0: reads from the configured InputStream; pollable through an {@link InputPump}. */
public final class StdinDescriptor extends Descriptor {
    private final InputStream in;
    private final boolean tty;
    /** Made on first read or poll: most programs never read stdin. */
    private InputPump input;

    public StdinDescriptor(InputStream in, boolean tty) {
        super(Abi.RIGHT_FD_READ, Abi.RIGHT_FD_READ);
        this.in = in;
        this.tty = tty;
    }

    public synchronized InputPump input() {
        if (input == null) input = new InputPump(in);
        return input;
    }

    @Override
    public byte filetype() {
        return tty ? Abi.FILETYPE_CHARACTER_DEVICE : Abi.FILETYPE_UNKNOWN;
    }
}
