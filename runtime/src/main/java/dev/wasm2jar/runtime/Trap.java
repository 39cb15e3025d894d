package dev.wasm2jar.runtime;

/**
 * A WebAssembly trap: the one exception type through which guest failures reach embedders, the CLI
 * and the spec runner. {@link #of(Throwable)} turns what the JVM raises inside generated code
 * (index, arithmetic and stack-overflow errors) into traps at the boundary.
 */
public class Trap extends RuntimeException {
    private final TrapKind kind;

    public Trap(TrapKind kind) {
        super(kind.message);
        this.kind = kind;
    }

    public Trap(TrapKind kind, String detail, Throwable cause) {
        super(detail == null ? kind.message : kind.message + ": " + detail, cause);
        this.kind = kind;
    }

    private Trap(TrapKind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** A trap about an element or address, worded as the reference interpreter does: "uninitialized element 2". */
    public static Trap at(TrapKind kind, long index) {
        return new Trap(kind, kind.message + " " + index);
    }

    public TrapKind kind() {
        return kind;
    }

    /** Throws a trap of this kind; generated code calls this as {@code throw Trap.raise(kind)}. */
    public static Trap raise(TrapKind kind) {
        return new Trap(kind);
    }

    /**
     * Converts a throwable that escaped generated code into a trap. JVM exceptions count as guest
     * traps only when raised by generated code (or by the JDK on its behalf); one raised inside
     * the runtime itself is a bug and becomes {@link InternalError}.
     */
    public static RuntimeException of(Throwable t) {
        if (t instanceof Trap trap) return trap;
        if (t instanceof StackOverflowError || t == Ops.FRAMES_EXHAUSTED) return new Trap(TrapKind.CALL_STACK_EXHAUSTED, null, t);
        if (t instanceof Exception && !(t instanceof RuntimeException && !HostBoundary.isJdkClass(t.getClass())) && raisedByWasi(t)) {
            // the WASI shim's functions are called directly (not through WasmFunction.host's guard)
            return new Trap(TrapKind.HOST_ERROR, "WASI: " + t, t);
        }
        if (t instanceof ArithmeticException && raisedByGuest(t)) return new Trap(TrapKind.INTEGER_DIVIDE_BY_ZERO, null, t);
        if (t instanceof IndexOutOfBoundsException && raisedByGuest(t)) return new Trap(TrapKind.OUT_OF_BOUNDS_MEMORY_ACCESS, null, t);
        if (t instanceof Error e) throw e; // OutOfMemoryError and friends are the JVM's, not the guest's
        String c = t.getClass().getName();
        if (t instanceof RuntimeException re && !(c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun."))) {
            return re; // a host function's own exception (e.g. WASI's proc_exit) passes through unchanged
        }
        return new InternalError("internal error in wasm2jar (please report it): " + t, t);
    }

    /** Re-throws {@code t} converted by {@link #of}; declared to return so call sites can {@code throw}. */
    public static RuntimeException rethrow(Throwable t) {
        throw of(t);
    }

    private static boolean raisedByGuest(Throwable t) {
        StackTraceElement[] st = t.getStackTrace();
        if (st.length == 0) return true; // HotSpot's preallocated fast-throw exceptions have no trace
        for (StackTraceElement e : st) {
            String c = e.getClassName();
            if (c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.")) continue;
            // Generated code, or the memory accessors it calls (Memory*, and InternalUnsafe below MemoryAccess).
            return !c.startsWith("dev.wasm2jar.runtime.") || c.startsWith("dev.wasm2jar.runtime.Memory")
                    || c.equals("dev.wasm2jar.runtime.InternalUnsafe");
        }
        return false;
    }

    /** Whether the innermost project frame is the WASI shim's (a host, not the guest or the runtime). */
    private static boolean raisedByWasi(Throwable t) {
        for (StackTraceElement e : t.getStackTrace()) {
            String c = e.getClassName();
            if (c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.")) continue;
            return c.startsWith("dev.wasm2jar.wasi.");
        }
        return false;
    }

    /** Internal errors of the runtime: never reported as guest traps. */
    public static final class InternalError extends RuntimeException {
        public InternalError(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
