package dev.wasm2jar.wasi.launch;

import dev.wasm2jar.runtime.Instance;
import dev.wasm2jar.runtime.LinkException;
import dev.wasm2jar.runtime.MemoryAccess;
import dev.wasm2jar.runtime.ModuleFactory;
import dev.wasm2jar.runtime.Trap;
import dev.wasm2jar.runtime.WasmBacktrace;
import dev.wasm2jar.wasi.Wasi;
import dev.wasm2jar.wasi.WasiConfig;
import dev.wasm2jar.wasi.WasiExitException;

import java.io.PrintStream;
import java.util.List;

/**
 * Runs a WASI command module the way {@code wasmtime run} does: instantiate with the WASI imports,
 * call {@code _start} on a thread with a large stack (so deep recursion behaves like native code),
 * and turn the outcome into an exit status: the program's {@code proc_exit} code, 0 when
 * {@code _start} returns, 134 after a trap (as wasmtime on Unix), with one clear message on
 * stderr and never a Java stack trace.
 */
public final class Launcher {
    /** Exit status after a trap, as wasmtime uses on Unix (SIGABRT). */
    public static final int TRAP_EXIT = 134;
    /**
     * Default guest thread stack: a recursion a million calls deep fits, several times what a
     * native build's 8 MiB stack holds. Deeper is not free: a runaway recursion fills the whole
     * stack before it traps, and HotSpot's unwinding of compiled frames slows with depth. With
     * 1 GiB, the default until 2026-11-24, one took 13 to 21 s and 3.6 to 7 GB of memory to report
     * "call stack exhausted"; with 128 MiB, 1.0 to 1.3 s and 0.5 to 0.7 GB.
     */
    public static final long DEFAULT_STACK = 128L << 20;

    private Launcher() {
    }

    /** Runs {@code _start} of a new instance and returns the exit status. */
    public static int run(ModuleFactory factory, WasiConfig config, long stackBytes, PrintStream err) {
        return start(new GuestRunnable(null, factory, config, err), stackBytes);
    }

    // Plain classes rather than lambdas: each lambda costs an invokedynamic bootstrap at start-up.

    /**
     * The guest thread's body: runs the code (or, without code, instantiates the module with the
     * WASI imports and runs {@code _start}) and keeps its exit status. One class for both, as each
     * class loaded costs start-up time.
     */
    private static final class GuestRunnable implements Runnable {
        private final GuestCode code;
        private final ModuleFactory factory;
        private final WasiConfig config;
        private final PrintStream err;
        int status;

        GuestRunnable(GuestCode code, ModuleFactory factory, WasiConfig config, PrintStream err) {
            this.code = code;
            this.factory = factory;
            this.config = config;
            this.err = err;
        }

        int runGuest() throws Throwable {
            if (code != null) return code.run();
            Wasi wasi = new Wasi(config);
            Instance instance = factory.instantiate(wasi.imports());
            return wasi.run(instance);
        }

        @Override
        public void run() {
            status = runHere(this, err);
        }
    }

    /** What runs on the guest thread; returns the exit status. */
    @FunctionalInterface
    public interface GuestCode {
        int run() throws Throwable;
    }

    /**
     * Runs guest code on a thread with a {@code stackBytes} stack and maps how it ended to an exit
     * status: {@code proc_exit} codes, 134 after a trap (message on {@code err}), 1 after a link error.
     */
    public static int onGuestThread(GuestCode code, long stackBytes, PrintStream err) {
        return start(new GuestRunnable(code, null, null, err), stackBytes);
    }

    private static int start(GuestRunnable body, long stackBytes) {
        Thread guest = new Thread(null, body, "wasm-main", stackBytes);
        guest.start();
        // This thread only waits from here on: meanwhile it does start-up work the guest needs soon
        // (on a machine with a second core the two overlap; a class the guest asks for while this
        // thread loads it is waited for, never loaded twice).
        MemoryAccess.warmUp();
        if (body.factory != null) {
            try {
                body.factory.prepare();
            } catch (Throwable t) {
                // The guest thread meets the same failure when it needs the class, and reports it.
            }
        }
        while (true) {
            try {
                guest.join();
                break;
            } catch (InterruptedException e) {
                guest.interrupt();
            }
        }
        body.err.flush();
        return body.status;
    }

    private static int runHere(GuestRunnable body, PrintStream err) {
        try {
            return body.runGuest();
        } catch (WasiExitException e) {
            return e.code();
        } catch (Throwable t) {
            // instanceof, not a catch clause: verifying this method then loads no LinkException
            if (t instanceof LinkException e) {
                err.println("wasm2jar: cannot instantiate the module: " + e.getMessage());
                return 1;
            }
            RuntimeException r;
            try {
                r = Trap.of(t);
            } catch (Throwable fatal) {
                err.println("wasm2jar: fatal error in the JVM: " + fatal);
                return 1;
            }
            if (r instanceof WasiExitException e) return e.code();
            if (r instanceof Trap trap) {
                printTrap(trap, err);
                return TRAP_EXIT;
            }
            err.println("wasm2jar: " + r.getMessage());
            return 1;
        }
    }

    /** Sizes like 1g, 512m, 65536k or plain bytes; null or empty gives {@code dflt}. */
    public static long parseSize(String s, long dflt) {
        if (s == null || s.isEmpty()) return dflt;
        char unit = Character.toLowerCase(s.charAt(s.length() - 1));
        long mult = unit == 'g' ? 1L << 30 : unit == 'm' ? 1L << 20 : unit == 'k' ? 1L << 10 : 1;
        String digits = mult == 1 ? s : s.substring(0, s.length() - 1);
        try {
            return Long.parseLong(digits) * mult;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad size '" + s + "' (examples: 512m, 2g)");
        }
    }

    /** One line with the trap kind and where, then a short Wasm backtrace. */
    static void printTrap(Trap trap, PrintStream err) {
        // A trap converted from a JVM error (stack overflow, index, arithmetic) has the guest frames on its cause.
        List<String> frames = WasmBacktrace.functionNames(trap);
        if (frames.isEmpty() && trap.getCause() != null) frames = WasmBacktrace.functionNames(trap.getCause());
        StringBuilder sb = new StringBuilder("wasm2jar: wasm trap: ").append(trap.getMessage());
        if (!frames.isEmpty()) sb.append(", in function ").append(frames.get(0));
        err.println(sb);
        int shown = Math.min(frames.size(), 10);
        if (shown > 0) err.println("wasm backtrace:");
        for (int i = 0; i < shown; i++) err.printf("  %2d: %s%n", i, frames.get(i));
        if (frames.size() > shown) err.println("      ... " + (frames.size() - shown) + " more frames");
    }
}
