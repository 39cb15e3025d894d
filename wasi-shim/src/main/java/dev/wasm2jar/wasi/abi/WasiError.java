package dev.wasm2jar.wasi.abi;

/**
 * A failed WASI call, carrying the errno the host function returns. Thrown inside the shim only
 * (caught at every host-function boundary); it has no stack trace since it is control flow.
 */
public final class WasiError extends RuntimeException {
    public final int errno;

    public WasiError(int errno) {
        super("errno " + errno, null, false, false);
        this.errno = errno;
    }

    public static WasiError of(int errno) {
        return new WasiError(errno);
    }
}
