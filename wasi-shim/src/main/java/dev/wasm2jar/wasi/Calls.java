package dev.wasm2jar.wasi;

import dev.wasm2jar.wasi.abi.Errno;
import dev.wasm2jar.wasi.abi.GuestMemory;
import dev.wasm2jar.wasi.abi.WasiError;

/**
 * Base of the classes whose public instance methods are the wasi_snapshot_preview1 functions:
 * each public method's name is the import name, its Java signature the wasm one (int = i32,
 * long = i64; an int result is the errno). {@link #guard} keeps every Java exception inside.
 */
abstract class Calls {
    final WasiContext cx;
    final GuestMemory mem;

    Calls(WasiContext cx) {
        this.cx = cx;
        this.mem = cx.mem;
    }

    interface Body {
        void run() throws Exception;
    }

    /** Runs a call body: 0 if it completes, otherwise the errno its failure maps to. */
    static int guard(Body body) {
        try {
            body.run();
            return Errno.SUCCESS;
        } catch (WasiError e) {
            return e.errno;
        } catch (WasiExitException | StackOverflowError e) {
            throw e;
        } catch (InterruptedException | java.io.InterruptedIOException e) {
            Thread.currentThread().interrupt();
            return Errno.INTR;
        } catch (OutOfMemoryError e) {
            return Errno.NOMEM;
        } catch (Exception e) {
            return Errno.of(e);
        }
    }

    static void check(boolean ok, int errno) {
        if (!ok) throw WasiError.of(errno);
    }
}
