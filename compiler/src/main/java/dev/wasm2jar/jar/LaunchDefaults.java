package dev.wasm2jar.jar;

import java.util.List;

/**
 * The grants given at compile time ({@code --dir}, {@code --env}, {@code --inherit-env}), baked
 * into a jar's generated main class as constants and used by the jar launcher as its defaults.
 * Directories keep the user's spelling: a relative HOST resolves against the working directory
 * when the jar runs.
 */
public record LaunchDefaults(String program, List<String> dirs, List<String> env, boolean inheritEnv) {
}
