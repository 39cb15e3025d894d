package dev.wasm2jar.jar;

import java.util.List;

/**
 * How a jar launches, fixed at compile time. The grants ({@code --dir}, {@code --env},
 * {@code --inherit-env}) are baked into the jar's generated main class as constants and used by
 * the jar launcher as its defaults; directories keep the user's spelling, so a relative HOST
 * resolves against the working directory when the jar runs.
 *
 * <p>{@code internalUnsafe}: whether the manifest exports {@code jdk.internal.misc} to the jar
 * ({@code Add-Exports}), which the memory accessors use from Java 24 on, where
 * {@code sun.misc.Unsafe} warns (see {@code MemoryAccess}; without it they fall back to VarHandles,
 * up to 3 times slower in large methods: nbody on Java 25, 5.7 s against 1.9 s). The JDK's launcher
 * processes that attribute with the first lambdas of the process, which costs Java 17 to 23, which
 * do not need it, about 8 ms of a 50 ms start. Hence the default: on when the compiler itself runs
 * on Java 24 or later, the JDK the jar most likely runs on.
 */
public record LaunchDefaults(String program, List<String> dirs, List<String> env, boolean inheritEnv, boolean internalUnsafe) {
    /** The first Java release whose memory accessors want {@code jdk.internal.misc}. */
    public static final int INTERNAL_UNSAFE_RELEASE = 24;

    /**
     * Whether a jar exports {@code jdk.internal.misc}: as {@code asked} (the CLI's flag, the
     * plugin's parameter), or when not asked, whether this JVM is Java 24 or later.
     */
    public static boolean internalUnsafe(Boolean asked) {
        return asked != null ? asked : Runtime.version().feature() >= INTERNAL_UNSAFE_RELEASE;
    }
}
