package dev.wasm2jar.wasi.fs;

import java.nio.file.Path;

/**
 * Where a guest path led: the host directory that contains the final component (every component
 * on the way checked to be a real directory inside the sandbox), and that component's name, or
 * null when the path names the directory itself ({@code .}, {@code a/..}).
 *
 * @param mustBeDir the guest path ended in a slash (or a followed link's target did)
 */
public record Resolved(Path parent, String name, boolean mustBeDir) {
    /** The host path of the final component (never followed by the host: it may be a symlink). */
    public Path path() {
        return name == null ? parent : parent.resolve(name);
    }

    public boolean isSelf() {
        return name == null;
    }
}
