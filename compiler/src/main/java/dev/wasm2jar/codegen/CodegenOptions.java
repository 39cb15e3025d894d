package dev.wasm2jar.codegen;

import java.util.Objects;

/**
 * Options of {@link ModuleGenerator}.
 *
 * @param className binary name of the generated instance class (e.g. {@code wasm.Module}); code
 *                  classes are named after it ({@code wasm.Module$Code0}, ...)
 * @param progress  called after each compiled function with (done, total); may be a no-op
 * @param interruptible whether loops and function entries check the thread's interrupt flag, so
 *                  that {@link Thread#interrupt()} (a timeout) stops the guest with an "interrupted"
 *                  trap ({@code dev.wasm2jar.runtime.Interrupts}); off by default: it costs tight loops a little
 */
public record CodegenOptions(String className, Progress progress, boolean interruptible) {
    public static final String DEFAULT_CLASS_NAME = "wasm.Module";

    /** Progress reports while functions are compiled. */
    @FunctionalInterface
    public interface Progress {
        void functionsCompiled(int done, int total);

        Progress NONE = (d, t) -> { };
    }

    public CodegenOptions {
        Objects.requireNonNull(className, "className");
        if (className.isEmpty() || className.contains("/") || className.startsWith(".") || className.endsWith(".")) {
            throw new IllegalArgumentException("not a binary class name: " + className);
        }
        if (progress == null) progress = Progress.NONE;
    }

    public CodegenOptions(String className, Progress progress) {
        this(className, progress, false);
    }

    public static CodegenOptions defaults() {
        return new CodegenOptions(DEFAULT_CLASS_NAME, Progress.NONE);
    }

    public CodegenOptions withClassName(String name) {
        return new CodegenOptions(name, progress, interruptible);
    }

    public CodegenOptions withProgress(Progress p) {
        return new CodegenOptions(className, p, interruptible);
    }

    public CodegenOptions withInterruptible(boolean on) {
        return new CodegenOptions(className, progress, on);
    }

    /** The instance class's internal name (slashes). */
    String internalName() {
        return className.replace('.', '/');
    }
}
