package dev.wasm2jar.wasi.io;

import java.io.IOException;
import java.io.InputStream;

/**
 * stdin for the guest. Reads go straight to the stream until poll_oneoff first asks whether
 * stdin is readable; java.io cannot answer that without blocking (available() is 0 at EOF too),
 * so from then on a daemon thread reads one chunk ahead and readiness is "a chunk or EOF is here",
 * like wasmtime's stdin worker thread.
 */
public final class InputPump {
    private final InputStream in;
    private Thread thread;
    private byte[] chunk; // read ahead, not yet consumed
    private int chunkPos;
    private boolean eof;
    private IOException error;

    public InputPump(InputStream in) {
        this.in = in;
    }

    /** Reads up to {@code len} bytes: the count, or 0 at end of input (blocking until one of those). */
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        synchronized (this) {
            if (thread == null) {
                // no read-ahead thread: read directly (outside the lock is not needed: one guest thread)
                int n = in.read(b, off, len);
                return Math.max(n, 0);
            }
            while (chunk == null && !eof && error == null) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException();
                }
            }
            if (chunk != null) {
                int n = Math.min(len, chunk.length - chunkPos);
                System.arraycopy(chunk, chunkPos, b, off, n);
                chunkPos += n;
                if (chunkPos == chunk.length) {
                    chunk = null;
                    notifyAll();
                }
                return n;
            }
            if (error != null) {
                IOException e = error;
                error = null;
                notifyAll();
                throw e;
            }
            return 0;
        }
    }

    /** Whether a read would not block now; starts the read-ahead thread on first use. */
    public synchronized boolean ready() {
        start();
        return chunk != null || eof || error != null;
    }

    /** Waits up to {@code nanos} (forever if negative) for {@link #ready()}. */
    public synchronized boolean awaitReady(long nanos) throws InterruptedException {
        start();
        long deadline = System.nanoTime() + nanos;
        while (!(chunk != null || eof || error != null)) {
            if (nanos < 0) {
                wait();
            } else {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                wait(left / 1_000_000, (int) (left % 1_000_000));
            }
        }
        return true;
    }

    private void start() {
        if (thread != null) return;
        thread = new Thread(this::pump, "wasi-stdin");
        thread.setDaemon(true);
        thread.start();
    }

    private void pump() {
        byte[] buf = new byte[8192];
        while (true) {
            int n;
            try {
                n = in.read(buf);
            } catch (IOException e) {
                synchronized (this) {
                    error = e;
                    notifyAll();
                    waitConsumed();
                }
                continue;
            }
            synchronized (this) {
                if (n < 0) {
                    eof = true;
                    notifyAll();
                    return;
                }
                if (n == 0) continue;
                chunk = java.util.Arrays.copyOf(buf, n);
                chunkPos = 0;
                notifyAll();
                waitConsumed();
            }
        }
    }

    private void waitConsumed() {
        while (chunk != null || error != null) {
            try {
                wait();
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
