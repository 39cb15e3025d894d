package dev.wasm2jar.spec;

import java.util.concurrent.Callable;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs guest code for the spec runner on one long-lived thread with a large stack (deep but finite
 * recursion in the tests must not overflow; runaway recursion must still end in "call stack
 * exhausted" quickly), with a time limit so that a miscompiled infinite loop fails its command
 * instead of hanging the build.
 */
final class GuestThread {
    /**
     * 256 MiB unless {@code -Dwasm2jar.wast.stack-mib} says otherwise. The split-stress test run
     * asks for less: there, functions with thousands of locals keep them in heap arrays, and at this
     * depth skip-stack-guard-page's runaway recursion would exhaust the test JVM's heap (and with
     * it the threads of the test framework) before the stack.
     */
    private static final long STACK_BYTES = Long.getLong("wasm2jar.wast.stack-mib", 256) << 20;
    private static final long TIMEOUT_SECONDS = Long.getLong("wasm2jar.wast.timeout", 60);

    private Thread thread;
    private final SynchronousQueue<Task<?>> tasks = new SynchronousQueue<>();

    private static final class Task<T> {
        final Callable<T> code;
        volatile T result;
        volatile Throwable error;
        volatile boolean done;

        Task(Callable<T> code) {
            this.code = code;
        }
    }

    <T> T call(Callable<T> code) throws Throwable {
        ensureThread();
        Task<T> task = new Task<>(code);
        tasks.put(task);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        synchronized (task) {
            while (!task.done) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    abandon();
                    throw new IllegalStateException("timed out after " + TIMEOUT_SECONDS + " s");
                }
                task.wait(Math.max(1, left / 1_000_000));
            }
        }
        if (task.error != null) throw task.error;
        return task.result;
    }

    private void ensureThread() {
        if (thread != null && thread.isAlive()) return;
        thread = new Thread(null, this::loop, "wast-guest", STACK_BYTES);
        thread.setDaemon(true);
        thread.start();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void loop() {
        while (true) {
            Task task;
            try {
                task = tasks.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                task.result = task.code.call();
            } catch (Throwable t) {
                task.error = t;
            }
            synchronized (task) {
                task.done = true;
                task.notifyAll();
            }
        }
    }

    /** Leaves a stuck thread behind (it is a daemon) and starts a fresh one for the next command. */
    @SuppressWarnings("removal")
    private void abandon() {
        Thread stuck = thread;
        thread = null;
        stuck.interrupt();
        try {
            stuck.stop(); // Java 17 still stops a thread stuck in a guest loop; later JDKs throw
        } catch (UnsupportedOperationException | SecurityException ignored) {
            // the daemon thread keeps running until the JVM exits
        }
    }
}
