package dev.wasm2jar.runtime.embed;

import dev.wasm2jar.runtime.Trap;
import dev.wasm2jar.runtime.WasmBacktrace;

import java.util.List;

/**
 * Where a guest failed. A {@link Trap} is raised either inside generated code (then its own stack
 * trace holds the Wasm frames) or at the boundary from a JVM exception the guest caused, such as an
 * {@code ArithmeticException} (then its cause holds them); {@link #backtrace} looks in both places.
 */
public final class Traps {
    private Traps() {
    }

    /** The Wasm frames of {@code t}, innermost first: its own, or else those of the first cause that has some. */
    public static List<WasmBacktrace.Frame> backtrace(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            List<WasmBacktrace.Frame> frames = WasmBacktrace.frames(c);
            if (!frames.isEmpty()) return frames;
        }
        return List.of();
    }

    /** A few lines for a log: the trap's message, then one line per Wasm frame (at most {@code maxFrames}). */
    public static String describe(Trap trap, int maxFrames) {
        StringBuilder sb = new StringBuilder("wasm trap: ").append(trap.getMessage());
        List<WasmBacktrace.Frame> frames = backtrace(trap);
        for (int i = 0; i < frames.size() && i < maxFrames; i++) {
            sb.append(System.lineSeparator()).append("  at ").append(frames.get(i)).append(" (func ").append(frames.get(i).index()).append(')');
        }
        if (frames.size() > maxFrames) sb.append(System.lineSeparator()).append("  ... ").append(frames.size() - maxFrames).append(" more");
        return sb.toString();
    }
}
