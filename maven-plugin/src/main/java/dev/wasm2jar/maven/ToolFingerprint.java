package dev.wasm2jar.maven;

import java.nio.file.Files;
import java.nio.file.Path;

/** Size and time of the jar (or directory) a class was loaded from, to notice a rebuilt snapshot. */
final class ToolFingerprint {
    private ToolFingerprint() {
    }

    static String of(Class<?> c) {
        try {
            Path p = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
