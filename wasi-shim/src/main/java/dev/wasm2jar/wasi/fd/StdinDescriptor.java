package dev.wasm2jar.wasi.fd;

import dev.wasm2jar.wasi.abi.Abi;
import dev.wasm2jar.wasi.io.InputPump;

/** fd 0: reads from the configured InputStream; pollable through an {@link InputPump}. */
public final class StdinDescriptor extends Descriptor {
    public final InputPump input;
    private final boolean tty;

    public StdinDescriptor(InputPump input, boolean tty) {
        super(Abi.RIGHT_FD_READ, Abi.RIGHT_FD_READ);
        this.input = input;
        this.tty = tty;
    }

    @Override
    public byte filetype() {
        return tty ? Abi.FILETYPE_CHARACTER_DEVICE : Abi.FILETYPE_UNKNOWN;
    }
}
