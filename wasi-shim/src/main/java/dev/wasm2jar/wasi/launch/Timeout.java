package dev.wasm2jar.wasi.launch;

import dev.wasm2jar.runtime.Instance;
import dev.wasm2jar.runtime.ModuleFactory;
import dev.wasm2jar.wasi.Wasi;
import dev.wasm2jar.wasi.WasiConfig;

import java.io.PrintStream;

/**
 * A time limit on guest code: a watchdog interrupts the guest thread when it passes, which stops
 * code compiled as interruptible with an "interrupted" trap (see
 * {@code dev.wasm2jar.runtime.Interrupts}). Nothing is started when there is no limit.
 */
public final class Timeout {
    private Timeout() {
    }

    /** {@code code} limited to {@code millis} (none when 0 or less). */
    public static Launcher.GuestCode limit(Launcher.GuestCode code, long millis) {
        if (millis <= 0) return code;
        return () -> {
            Thread guest = Thread.currentThread();
            Thread watchdog = new Thread(() -> {
                try {
                    Thread.sleep(millis);
                    guest.interrupt();
                } catch (InterruptedException done) {
                    // the guest finished in time
                }
            }, "wasm-timeout");
            watchdog.setDaemon(true);
            watchdog.start();
            try {
                return code.run();
            } finally {
                watchdog.interrupt();
            }
        };
    }

    /** As {@link Launcher#run}, with a time limit. */
    public static int run(ModuleFactory factory, WasiConfig config, long stackBytes, long millis, PrintStream err) {
        return Launcher.onGuestThread(limit(() -> {
            Wasi wasi = new Wasi(config);
            Instance instance = factory.instantiate(wasi.imports());
            return wasi.run(instance);
        }, millis), stackBytes, err);
    }

    /** Durations like 5s, 500ms, 2m, 1h; a plain number is seconds; null or empty is 0 (no limit). */
    public static long parseMillis(String s) {
        if (s == null || s.isBlank()) return 0;
        String t = s.strip().toLowerCase();
        long unit = 1000;
        if (t.endsWith("ms")) {
            unit = 1;
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            unit = 60_000;
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("h")) {
            unit = 3_600_000;
            t = t.substring(0, t.length() - 1);
        }
        try {
            long v = Long.parseLong(t);
            if (v < 0) throw new NumberFormatException();
            return Math.multiplyExact(v, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("bad duration '" + s + "' (examples: 5s, 500ms, 2m)");
        }
    }
}
