package dev.wasm2jar.it;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds ../shared (testsuite, benchmarks) from the project root: the system property
 * {@code wasm2jar.shared} wins (set by the build to the project root's sibling), else it is looked
 * for next to this module's and the project's directory.
 */
final class SharedDir {
    private SharedDir() {
    }

    static Path get() {
        String prop = System.getProperty("wasm2jar.shared");
        if (prop != null && Files.isDirectory(Path.of(prop))) return Path.of(prop).toAbsolutePath().normalize();
        for (String c : new String[] {"../shared", "../../shared"}) {
            Path p = Path.of(c).toAbsolutePath().normalize();
            if (Files.isDirectory(p.resolve("testsuite"))) return p;
        }
        throw new IllegalStateException("cannot find the shared directory with the spec testsuite: set -Dwasm2jar.shared=PATH"
                + (prop != null ? " (" + prop + " does not exist)" : ""));
    }
}
