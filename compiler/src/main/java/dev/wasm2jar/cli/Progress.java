package dev.wasm2jar.cli;

import java.io.PrintStream;

/** Progress lines for long compilations; silent for quick ones. */
final class Progress {
    private final PrintStream out;
    private final long start = System.nanoTime();

    Progress(PrintStream out) {
        this.out = out;
    }

    void done(String what) {
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (ms > 2000) out.println("wasm2jar: " + what + " in " + ms / 1000.0 + " s");
    }
}
