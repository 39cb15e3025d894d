package dev.wasm2jar.it.fuzz;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an external tool (wasm-opt, node) with a time limit. */
final class Proc {
    private Proc() {
    }

    record Result(int exit, String out, String err, boolean timedOut) {
    }

    static Result run(List<String> cmd, Path dir, long timeoutMs) {
        return run(cmd, dir, timeoutMs, java.util.Map.of());
    }

    static Result run(List<String> cmd, Path dir, long timeoutMs, java.util.Map<String, String> env) {
        try {
            Path out = Files.createTempFile(dir, "out", ".txt");
            Path err = Files.createTempFile(dir, "err", ".txt");
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd);
                pb.environment().putAll(env);
                Process p = pb.directory(dir.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
                boolean done = p.waitFor(timeoutMs, TimeUnit.MILLISECONDS);
                if (!done) {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
                return new Result(done ? p.exitValue() : -1, Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8), !done);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            return new Result(-1, "", e.toString(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "", e.toString(), false);
        }
    }

    /** Whether {@code tool --version} runs. */
    static boolean available(String tool, Path dir) {
        Result r = run(List.of(tool, "--version"), dir, 10_000);
        return r.exit() == 0;
    }
}
