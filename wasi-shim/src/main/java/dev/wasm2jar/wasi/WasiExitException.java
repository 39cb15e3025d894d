package dev.wasm2jar.wasi;

/**
 * Thrown by proc_exit to unwind the guest; {@link Wasi#run} turns it into the exit code. Not a JDK
 * exception, so {@code Trap.of} lets it pass through generated code unchanged.
 */
public final class WasiExitException extends RuntimeException {
    private final int code;

    public WasiExitException(int code) {
        super("proc_exit(" + code + ")", null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
