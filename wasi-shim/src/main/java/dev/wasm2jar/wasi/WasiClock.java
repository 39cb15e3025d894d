package dev.wasm2jar.wasi;

/** The clocks clock_time_get reads (replaceable for tests). Values are nanoseconds. */
public interface WasiClock {
    /** Wall-clock time since 1970-01-01T00:00Z. */
    long realtime();

    /** A monotonic clock with an arbitrary origin. */
    long monotonic();

    /** The host's clocks: {@link java.time.Instant#now()} and {@link System#nanoTime()}. */
    WasiClock SYSTEM = new WasiClock() {
        @Override
        public long realtime() {
            java.time.Instant now = java.time.Instant.now();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @Override
        public long monotonic() {
            return System.nanoTime();
        }
    };
}
