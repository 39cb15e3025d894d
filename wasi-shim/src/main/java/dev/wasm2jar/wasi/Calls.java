package dev.wasm2jar.wasi;

import dev.wasm2jar.wasi.abi.Errno;
import dev.wasm2jar.wasi.abi.GuestMemory;
import dev.wasm2jar.wasi.abi.WasiError;

/**
 * Base of the classes whose public instance methods are the wasi_snapshot_preview1 functions:
 * each public method's name is the import name, its Java signature the wasm one (int = i32,
 * long = i64; an int result is the errno). {@link #failure} keeps every Java exception inside.
 */
abstract class Calls {
    final WasiContext cx;
    final GuestMemory mem;

    Calls(WasiContext cx) {
        this.cx = cx;
        this.mem = cx.mem;
    }

    /**
     * The errno a call body's failure maps to; {@code proc_exit} and stack overflow pass through.
     * Each call is {@code try { body; return SUCCESS; } catch (Throwable t) { return failure(t); }}
     * rather than a lambda: a lambda costs an invokedynamic bootstrap on its first call, at start-up.
     */
    static int failure(Throwable t) {
        if (t instanceof WasiError e) return e.errno;
        if (t instanceof WasiExitException e) throw e;
        if (t instanceof InterruptedException || t instanceof java.io.InterruptedIOException) {
            Thread.currentThread().interrupt();
            return Errno.INTR;
        }
        if (t instanceof OutOfMemoryError) return Errno.NOMEM;
        if (t instanceof Error e) throw e;
        return Errno.of(t);
    }

    static void check(boolean ok, int errno) {
        if (!ok) throw WasiError.of(errno);
    }
}
