package dev.wasm2jar.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The JMH kernels: where their .wasm files are, the small arguments the benchmarks use (about
 * 100 ms of native work per call), and the line each must print (taken from the native build).
 */
final class Kernels {
    /** Arguments and the native checksum line at those arguments. */
    record Spec(List<String> args, String expected) {}

    static final Map<String, Spec> SPECS = Map.of(
            "calls", new Spec(List.of("34", "10"), "calls fib(34)=5702887 dispatch=10M acc=00989682"),
            "fannkuch", new Spec(List.of("10"), "fannkuch n=10 perms=3628800 maxflips=38 checksum=-78"),
            "matmul", new Spec(List.of("300", "10"),
                    "matmul n=300 reps=10 checksum=-5.2979051158e+03 probe=-2.5354882163e+00"),
            "sha256", new Spec(List.of("1024", "20"),
                    "sha256 kib=1024 rounds=20 digest=536330c666c83887ef699b2135584ed0158e69e762fd2e0d3d3f3cf8dd81485e"),
            "strings", new Spec(List.of("12000", "8"),
                    "strings keys=12000 rounds=8 found=84000 concat=696400 checksum=26b8601c"));

    private Kernels() {
    }

    /**
     * Folders searched for {@code NAME.wasm}, in order: {@code -Dbench.wasm=DIR}, {@code $BENCH_WASM},
     * then where {@code benchmarks/run-kernels.sh} builds them, from the project root or from
     * {@code benchmarks/}.
     */
    static List<Path> searchPath() {
        List<Path> dirs = new ArrayList<>();
        String prop = System.getProperty("bench.wasm");
        if (prop != null && !prop.isEmpty()) dirs.add(Path.of(prop));
        String env = System.getenv("BENCH_WASM");
        if (env != null && !env.isEmpty()) dirs.add(Path.of(env));
        dirs.add(Path.of("benchmarks/target/bench/wasm"));
        dirs.add(Path.of("target/bench/wasm"));
        return dirs;
    }

    /** The module's bytes; says where it looked when it is missing. */
    static byte[] wasm(String kernel) throws IOException {
        if (!SPECS.containsKey(kernel)) throw new IllegalArgumentException("unknown kernel " + kernel + "; known: " + SPECS.keySet());
        List<Path> dirs = searchPath();
        for (Path dir : dirs) {
            Path file = dir.resolve(kernel + ".wasm");
            if (Files.isRegularFile(file)) {
                System.out.println("# kernel " + kernel + " from " + file.toAbsolutePath().normalize());
                return Files.readAllBytes(file);
            }
        }
        throw new IOException(kernel + ".wasm not found; looked in " + Arrays.toString(dirs.stream()
                .map(d -> d.toAbsolutePath().normalize()).toArray())
                + ". Build the kernels with benchmarks/run-kernels.sh --build-only, or pass -Dbench.wasm=DIR");
    }

    /** argv as the guest sees it: a program name, then the kernel's arguments. */
    static List<String> argv(String kernel) {
        List<String> argv = new ArrayList<>();
        argv.add(kernel + ".wasm");
        argv.addAll(SPECS.get(kernel).args());
        return argv;
    }

    /** Fails the run when a call exited non-zero or printed anything but the native checksum line. */
    static void check(String kernel, int exitCode, String stdout) {
        String expected = SPECS.get(kernel).expected() + "\n";
        if (exitCode != 0 || !stdout.equals(expected)) {
            throw new IllegalStateException(kernel + ": exit " + exitCode + ", printed '" + stdout.strip()
                    + "', native printed '" + expected.strip() + "'");
        }
    }
}
