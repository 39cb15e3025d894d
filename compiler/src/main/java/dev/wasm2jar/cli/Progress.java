package dev.wasm2jar.cli;

import java.io.PrintStream;

/** Progress lines for long compilations; silent for quick ones. */
final class Progress {
    private final PrintStream out;
    private final long start = System.nanoTime();

    Progress(PrintStream out) {
        this.out = out;
    }

    private long lastReport = start;

    /** Every few seconds: how many functions are compiled (called under a lock by the generator). */
    void functions(int done, int total) {
        long now = System.nanoTime();
        if (now - lastReport < 3_000_000_000L || done == total) return;
        lastReport = now;
        out.println("wasm2jar: compiled " + done + " of " + total + " functions (" + (now - start) / 1_000_000_000 + " s)");
    }

    void done(String what) {
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (ms > 2000) out.println("wasm2jar: " + what + " in " + ms / 1000.0 + " s");
    }
}
