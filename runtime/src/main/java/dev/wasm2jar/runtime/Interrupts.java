package dev.wasm2jar.runtime;

/**
 * Stopping a runaway guest: code compiled as interruptible calls {@link #poll()} at every loop
 * header and function entry, so {@link Thread#interrupt()} of the thread running the guest (what
 * a timeout does) ends it with a {@link TrapKind#INTERRUPTED} trap at the next iteration or call.
 * Code compiled without it cannot be interrupted this way (the check costs a little in tight loops).
 */
public final class Interrupts {
    private Interrupts() {
    }

    /** Traps if the current thread was interrupted, clearing the flag as {@link InterruptedException} would. */
    public static void poll() {
        if (Thread.interrupted()) throw new Trap(TrapKind.INTERRUPTED);
    }
}
