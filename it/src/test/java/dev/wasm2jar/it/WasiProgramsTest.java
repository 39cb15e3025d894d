package dev.wasm2jar.it;

import dev.wasm2jar.WasmCompiler;
import dev.wasm2jar.codegen.CodegenOptions;
import dev.wasm2jar.codegen.CompiledModule;
import dev.wasm2jar.wasi.WasiConfig;
import dev.wasm2jar.wasi.launch.Launcher;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the C programs of it/wasi-fixtures (built to resources/wasi, see its README) through both
 * ways a user runs a program: compiled in memory as {@code wasm2jar run} does, and as a runnable jar
 * in a separate JVM. Each run gets a fresh empty directory preopened as "." and must produce the
 * expected stdout byte for byte, the expected exit code, and the expected files.
 */
class WasiProgramsTest {
    static final Path DIR = Path.of("src", "test", "resources", "wasi").toAbsolutePath();

    @TempDir
    Path work;

    record Fixture(String name) {
        Path file(String ext) {
            return DIR.resolve(name + ext);
        }

        List<String> args() throws IOException {
            Path p = file(".args");
            return Files.exists(p) ? Files.readAllLines(p, StandardCharsets.UTF_8) : List.of();
        }

        List<String> env() throws IOException {
            Path p = file(".env");
            return Files.exists(p) ? Files.readAllLines(p, StandardCharsets.UTF_8) : List.of();
        }

        byte[] stdin() throws IOException {
            Path p = file(".stdin");
            return Files.exists(p) ? Files.readAllBytes(p) : new byte[0];
        }

        int exitCode() throws IOException {
            Path p = file(".exitcode");
            return Files.exists(p) ? Integer.parseInt(Files.readString(p).strip()) : 0;
        }
    }

    static List<Fixture> fixtures() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".wasm"))
                    .map(n -> new Fixture(n.substring(0, n.length() - 5))).sorted((a, b) -> a.name.compareTo(b.name))
                    .collect(Collectors.toList());
        }
    }

    @TestFactory
    Stream<DynamicTest> inMemory() throws IOException {
        return fixtures().stream().map(f -> DynamicTest.dynamicTest(f.name, () -> runInMemory(f)));
    }

    @TestFactory
    Stream<DynamicTest> asJar() throws IOException {
        return fixtures().stream().map(f -> DynamicTest.dynamicTest(f.name, () -> runAsJar(f)));
    }

    private void runInMemory(Fixture f) throws Exception {
        Path dir = Files.createDirectories(work.resolve("mem-" + f.name));
        CompiledModule compiled = WasmCompiler.compile(WasmCompiler.load(f.file(".wasm")), CodegenOptions.defaults());
        List<String> argv = new ArrayList<>();
        argv.add(f.name + ".wasm");
        argv.addAll(f.args());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        WasiConfig.Builder config = WasiConfig.builder().args(argv).stdin(new ByteArrayInputStream(f.stdin()))
                .stdout(out).stderr(err).preopen(dir, ".");
        for (String e : f.env()) {
            int eq = e.indexOf('=');
            config.env(e.substring(0, eq), e.substring(eq + 1));
        }
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code = Launcher.run(compiled::instantiate, config.build(), 256L << 20, errStream);
        check(f, dir, code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    private void runAsJar(Fixture f) throws Exception {
        Path dir = Files.createDirectories(work.resolve("jar-" + f.name));
        Path jar = work.resolve(f.name + ".jar");
        CliTest.Result compiled = CliTest.wasm2jar(work, f.file(".wasm").toString(), "-o", jar.toString());
        assertEquals(0, compiled.exit(), compiled.toString());
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Dwasm2jar.dir=.");
        cmd.addAll(List.of("-jar", jar.toString()));
        cmd.addAll(f.args());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().clear(); // nothing inherited: the program sees only the granted variables
        pb.environment().put("LANG", "C.UTF-8"); // the JVM decodes argv and -D values with the locale's charset
        StringBuilder envProp = new StringBuilder();
        for (String e : f.env()) envProp.append(envProp.length() > 0 ? ";" : "").append(e);
        if (envProp.length() > 0) cmd.add(1, "-Dwasm2jar.env=" + envProp);
        pb.command(cmd);
        Process p = pb.start();
        p.getOutputStream().write(f.stdin());
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        check(f, dir, code, out, err);
    }

    private void check(Fixture f, Path dir, int code, byte[] out, String err) throws IOException {
        String context = f.name + " (stderr: " + err + ")";
        assertEquals(new String(Files.readAllBytes(f.file(".stdout")), StandardCharsets.UTF_8),
                new String(out, StandardCharsets.UTF_8), "stdout of " + context);
        assertArrayEquals(Files.readAllBytes(f.file(".stdout")), out, "stdout bytes of " + context);
        assertEquals(f.exitCode(), code, "exit code of " + context);
        Path expectedFiles = f.file(".files");
        if (Files.isDirectory(expectedFiles)) {
            try (Stream<Path> s = Files.list(expectedFiles)) {
                for (Path e : (Iterable<Path>) s::iterator) {
                    Path actual = dir.resolve(e.getFileName().toString());
                    assertTrue(Files.exists(actual), "missing " + actual + " after " + context);
                    assertArrayEquals(Files.readAllBytes(e), Files.readAllBytes(actual), "contents of " + actual);
                }
            }
        }
    }
}
