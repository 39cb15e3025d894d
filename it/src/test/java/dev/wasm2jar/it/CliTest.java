package dev.wasm2jar.it;

import dev.wasm2jar.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line as a user meets it: compile-and-run, runnable jars, grants, exit codes, traps
 * and errors. {@code run} is exercised in a subprocess too, because it changes the working directory
 * semantics (relative --dir) and exits.
 */
class CliTest {
    static final Path HELLO = Path.of("..", "examples", "helloworld", "helloworld.wasm").toAbsolutePath().normalize();
    static final Path CLI = Path.of("src", "test", "resources", "cli").toAbsolutePath();

    record Result(int exit, String out, String err) {
    }

    /** Runs a java command in {@code dir}: {@code java -cp <test classpath> Main args} or {@code java -jar}. */
    static Result java(Path dir, List<String> javaArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(javaArgs);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + cmd);
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    static Result wasm2jar(Path dir, String... args) throws IOException, InterruptedException {
        List<String> a = new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        a.addAll(List.of(args));
        return java(dir, a);
    }

    @Test
    void helloWorldNeedsTheGrant(@TempDir Path dir) throws Exception {
        Result denied = wasm2jar(dir, "run", HELLO.toString());
        assertEquals(1, denied.exit(), denied.toString());
        assertTrue(denied.err().contains("cannot open helloworld.txt"), denied.err());
        assertFalse(Files.exists(dir.resolve("helloworld.txt")));

        Result granted = wasm2jar(dir, "run", "--dir", ".", HELLO.toString());
        assertEquals(0, granted.exit(), granted.toString());
        assertEquals("Hello World!\n", Files.readString(dir.resolve("helloworld.txt")));
    }

    @Test
    void runnableJarKeepsItsGrantsAndTakesOverrides(@TempDir Path dir) throws Exception {
        Result compiled = wasm2jar(dir, HELLO.toString(), "-o", "hello.jar", "--dir", ".");
        assertEquals(0, compiled.exit(), compiled.toString());
        Result run = java(dir, List.of("-jar", "hello.jar"));
        assertEquals(0, run.exit(), run.toString());
        assertEquals("wrote helloworld.txt\n", run.out());
        assertEquals("Hello World!\n", Files.readString(dir.resolve("helloworld.txt")));
        Files.delete(dir.resolve("helloworld.txt"));

        Result noDefaults = java(dir, List.of("-Dwasm2jar.defaults=false", "-jar", "hello.jar"));
        assertEquals(1, noDefaults.exit(), noDefaults.toString());
        assertFalse(Files.exists(dir.resolve("helloworld.txt")));

        Files.createDirectory(dir.resolve("sub"));
        Result other = java(dir, List.of("-Dwasm2jar.defaults=false", "-Dwasm2jar.dir=sub::.", "-jar", "hello.jar"));
        assertEquals(0, other.exit(), other.toString());
        assertTrue(Files.exists(dir.resolve("sub").resolve("helloworld.txt")));
    }

    /**
     * The jar's start path stays cheap: no lambdas or method handles of ours (each spins classes at
     * run time). Seen in the class loading log of a run. (The module's data segments are read as one
     * resource: ready bytes, never constant-pool strings.)
     */
    @Test
    void jarStartsWithoutSpunClasses(@TempDir Path dir) throws Exception {
        List<String> loaded = helloClassLoadLog(dir, "info");
        int main = firstContaining(loaded, " wasm2jar.Main ");
        assertTrue(main < loaded.size(), "wasm2jar.Main not in the log");
        for (String line : loaded.subList(main, loaded.size())) {
            assertFalse(line.contains("$$Lambda") && (line.contains("source: dev.wasm2jar") || line.contains("source: wasm")), line);
            assertFalse(line.contains("LambdaForm$DMH") || line.contains("LambdaForm$BMH"), line);
        }
    }

    /**
     * {@code java -jar} loads the jar's classes with JarBoot's loader (cheaper per class than the
     * application loader); the generated main also runs from a plain class path.
     */
    @Test
    void jarLoadsItsClassesItselfAndRunsFromAClassPathToo(@TempDir Path dir) throws Exception {
        List<String> loaded = helloClassLoadLog(dir, "debug");
        int module = firstContaining(loaded, " wasm.Module source:");
        assertTrue(module + 1 < loaded.size(), "wasm.Module not in the log");
        assertTrue(loaded.get(module + 1).contains("dev/wasm2jar/wasi/launch/JarBoot"), loaded.get(module + 1));
        Files.delete(dir.resolve("helloworld.txt"));

        Result plain = java(dir, List.of("-cp", "hello.jar", "wasm2jar.Main"));
        assertEquals(0, plain.exit(), plain.toString());
        assertEquals("wrote helloworld.txt\n", plain.out());
        assertEquals("Hello World!\n", Files.readString(dir.resolve("helloworld.txt")));
    }

    /** Compiles the hello module to hello.jar and runs it with {@code -Xlog:class+load=LEVEL}: the log's lines. */
    private static List<String> helloClassLoadLog(Path dir, String level) throws Exception {
        assertEquals(0, wasm2jar(dir, HELLO.toString(), "-o", "hello.jar", "--dir", ".").exit());
        Result run = java(dir, List.of("-Xlog:class+load=" + level + ":file=classes.txt", "-jar", "hello.jar"));
        assertEquals(0, run.exit(), run.toString());
        return Files.readAllLines(dir.resolve("classes.txt"));
    }

    /** The index of the first line containing {@code text}, or the size when none does. */
    private static int firstContaining(List<String> lines, String text) {
        int i = 0;
        while (i < lines.size() && !lines.get(i).contains(text)) i++;
        return i;
    }

    @Test
    void jarHasNoCompilerInside(@TempDir Path dir) throws Exception {
        assertEquals(0, wasm2jar(dir, HELLO.toString(), "-o", "hello.jar").exit());
        try (var jar = new java.util.jar.JarFile(dir.resolve("hello.jar").toFile())) {
            assertTrue(jar.stream().noneMatch(e -> e.getName().startsWith("org/objectweb/asm") || e.getName().startsWith("picocli")));
            assertTrue(jar.stream().anyMatch(e -> e.getName().startsWith("dev/wasm2jar/runtime/")));
        }
    }

    @Test
    void trapExits134WithTheFunctionName(@TempDir Path dir) throws Exception {
        Result r = wasm2jar(dir, "run", CLI.resolve("trap.wat").toString());
        assertEquals(134, r.exit(), r.toString());
        assertTrue(r.err().startsWith("wasm2jar: wasm trap: integer divide by zero, in function divide"), r.err());
        assertTrue(r.err().contains("1: main"), r.err());
        assertFalse(r.err().contains("at dev.wasm2jar") || r.err().contains("Exception"), r.err());
    }

    /**
     * Each memory-access implementation (see MemoryAccess) reports an out-of-bounds store as the
     * guest's trap from a jar. With --internal-unsafe the jar's manifest exports jdk.internal.misc,
     * which the Java 24+ implementation needs; here it is chosen by property on whatever JDK runs
     * the tests.
     */
    @Test
    void outOfBoundsIsATrapWithEveryMemoryAccess(@TempDir Path dir) throws Exception {
        assertEquals(0, wasm2jar(dir, CLI.resolve("oob.wat").toString(), "--internal-unsafe", "-o", "oob.jar").exit());
        assertEquals("java.base/jdk.internal.misc", addExports(dir.resolve("oob.jar")));
        for (String impl : List.of("default", "internal", "varhandle")) {
            Result r = java(dir, List.of("-Dwasm2jar.memory-access=" + impl, "-jar", "oob.jar"));
            assertEquals(134, r.exit(), impl + ": " + r);
            assertTrue(r.err().startsWith("wasm2jar: wasm trap: out of bounds memory access, in function poke"), impl + ": " + r.err());
            assertFalse(r.err().contains("Exception") || r.err().contains("internal error"), impl + ": " + r.err());
        }
    }

    /** Without the flag the export follows the compiling JDK (Java 24+); --no-internal-unsafe drops it. */
    @Test
    void manifestExportsJdkInternalOnlyWhereItPays(@TempDir Path dir) throws Exception {
        String oob = CLI.resolve("oob.wat").toString();
        assertEquals(0, wasm2jar(dir, oob, "-o", "default.jar").exit());
        assertEquals(0, wasm2jar(dir, oob, "--no-internal-unsafe", "-o", "off.jar").exit());
        boolean java24 = Runtime.version().feature() >= 24;
        assertEquals(java24 ? "java.base/jdk.internal.misc" : null, addExports(dir.resolve("default.jar")));
        assertNull(addExports(dir.resolve("off.jar")));
    }

    private static String addExports(Path jarFile) throws IOException {
        try (var jar = new java.util.jar.JarFile(jarFile.toFile())) {
            return jar.getManifest().getMainAttributes().getValue("Add-Exports");
        }
    }

    @Test
    void runawayRecursionIsCallStackExhausted(@TempDir Path dir) throws Exception {
        Result r = wasm2jar(dir, "run", "--stack", "64m", "--invoke", "recurse", CLI.resolve("trap.wat").toString(), "1");
        assertEquals(134, r.exit(), r.toString());
        assertTrue(r.err().startsWith("wasm2jar: wasm trap: call stack exhausted, in function recurse"), r.err());
    }

    /**
     * The same at the default stack, which a runaway recursion fills before it traps (128 MiB: a
     * second or so; the 1 GiB default before took 13 to 21 s and gigabytes of memory).
     */
    @Test
    void runawayRecursionAtTheDefaultStackIsCallStackExhausted(@TempDir Path dir) throws Exception {
        Result r = wasm2jar(dir, "run", "--invoke", "recurse", CLI.resolve("trap.wat").toString(), "1");
        assertEquals(134, r.exit(), r.toString());
        assertTrue(r.err().startsWith("wasm2jar: wasm trap: call stack exhausted, in function recurse"), r.err());
    }

    /**
     * A function split into parts keeps its locals in a heap array per call; a runaway recursion of
     * one then runs out of heap before stack (frames.wat under the tests' tiny split budget, in a
     * small heap of its own so that no test JVM shares the exhaustion) and still ends as the
     * guest's trap, not as an OutOfMemoryError, naming the function.
     */
    @Test
    void runawayRecursionThroughHeapFramesIsCallStackExhausted(@TempDir Path dir) throws Exception {
        Result r = java(dir, List.of("-Xmx64m", "-Dwasm2jar.split.budget=100", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run", "--stack", "1g", "--invoke", "deep", CLI.resolve("frames.wat").toString(), "0"));
        assertEquals(134, r.exit(), r.toString());
        assertTrue(r.err().startsWith("wasm2jar: wasm trap: call stack exhausted, in function deep"), r.err());
        assertFalse(r.err().contains("OutOfMemoryError") || r.err().contains("Exception"), r.err());
    }

    @Test
    void runawayIndirectRecursionIsCallStackExhausted(@TempDir Path dir) throws Exception {
        Result r = wasm2jar(dir, "run", "--stack", "64m", "--invoke", "recurseIndirect", CLI.resolve("limits.wat").toString(), "0");
        assertEquals(134, r.exit(), r.toString());
        assertTrue(r.err().startsWith("wasm2jar: wasm trap: call stack exhausted"), r.err());
    }

    @Test
    void memoryGrowBeyondTheHostIsMinusOne(@TempDir Path dir) throws Exception {
        String limits = CLI.resolve("limits.wat").toString();
        Result huge = wasm2jar(dir, "run", "--invoke", "grow", limits, "40000");
        assertEquals("-1\n", huge.out(), huge.toString());
        assertEquals(0, huge.exit(), huge.toString());
        Result over = wasm2jar(dir, "run", "--max-memory-pages", "8", "--invoke", "grow", limits, "8");
        assertEquals("-1\n", over.out(), over.toString());
        Result within = wasm2jar(dir, "run", "--max-memory-pages", "8", "--invoke", "grow", limits, "7");
        assertEquals("1\n", within.out(), within.toString());
        Result bad = wasm2jar(dir, "run", "--max-memory-pages", "40000", "--invoke", "grow", limits, "1");
        assertEquals(1, bad.exit(), bad.toString());
        assertTrue(bad.err().startsWith("wasm2jar: memory limit must be 0..32767 pages"), bad.err());
    }

    @Test
    void timeoutStopsALoopingGuest(@TempDir Path dir) throws Exception {
        String spin = CLI.resolve("spin.wat").toString();
        long t0 = System.nanoTime();
        Result r = wasm2jar(dir, "run", "--timeout", "500ms", spin);
        assertEquals(134, r.exit(), r.toString());
        assertTrue(r.err().startsWith("wasm2jar: wasm trap: interrupted, in function spin"), r.err());
        Result inv = wasm2jar(dir, "run", "--timeout", "1s", "--invoke", "spin", spin);
        assertEquals(134, inv.exit(), inv.toString());
        Result fib = wasm2jar(dir, "run", "--timeout", "1s", "--invoke", "fib", spin, "100");
        assertTrue(fib.err().startsWith("wasm2jar: wasm trap: interrupted, in function fib"), fib.err());
        assertTrue((System.nanoTime() - t0) / 1_000_000_000 < 60, "took too long");
        Result bad = wasm2jar(dir, "run", "--timeout", "soon", spin);
        assertEquals(1, bad.exit(), bad.toString());
    }

    @Test
    void interruptibleJarTakesATimeout(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("spin.jar");
        Result c = wasm2jar(dir, "--interruptible", CLI.resolve("spin.wat").toString(), "-o", jar.toString());
        assertEquals(0, c.exit(), c.toString());
        Result r = java(dir, List.of("-Dwasm2jar.timeout=500ms", "-jar", jar.toString()));
        assertEquals(134, r.exit(), r.toString());
        assertTrue(r.err().startsWith("wasm2jar: wasm trap: interrupted"), r.err());
    }

    @Test
    void procExitCodeIsTheExitStatus(@TempDir Path dir) throws Exception {
        Result r = wasm2jar(dir, "run", CLI.resolve("exit.wat").toString());
        assertEquals(42, r.exit(), r.toString());
        assertEquals("", r.err());
    }

    @Test
    void invokePrintsResults(@TempDir Path dir) throws Exception {
        Result r = wasm2jar(dir, "run", "--invoke", "add", CLI.resolve("trap.wat").toString(), "-5", "0x10");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("11\n", r.out());
        Result pair = wasm2jar(dir, "run", "--invoke", "pair", CLI.resolve("trap.wat").toString());
        assertEquals("7\n2.5\n", pair.out(), pair.toString());
    }

    @Test
    void badInputGivesOneClearLine(@TempDir Path dir) throws Exception {
        Result invalid = wasm2jar(dir, "run", CLI.resolve("invalid.wat").toString());
        assertEquals(1, invalid.exit());
        assertTrue(invalid.err().matches("(?s)wasm2jar: .*invalid\\.wat:0x[0-9a-f]+: in function 0 .*: invalid module: type mismatch.*"), invalid.err());
        Result missing = wasm2jar(dir, "run", "nonexistent.wasm");
        assertEquals(1, missing.exit());
        assertEquals("wasm2jar: no such file: nonexistent.wasm\n", missing.err());
        Files.write(dir.resolve("bad.wasm"), new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, 1, 5});
        Result malformed = wasm2jar(dir, "bad.wasm", "-o", "bad.jar");
        assertEquals(1, malformed.exit());
        assertTrue(malformed.err().startsWith("wasm2jar: bad.wasm:0x9: malformed module: length out of bounds"), malformed.err());
        assertFalse(Files.exists(dir.resolve("bad.jar")));
        Result flag = wasm2jar(dir, "--no-such-flag");
        assertEquals(2, flag.exit());
        assertTrue(flag.err().startsWith("Unknown option: '--no-such-flag'"), flag.err());
    }

    @Test
    void versionAndHelp(@TempDir Path dir) throws Exception {
        Result v = wasm2jar(dir, "--version");
        assertEquals(0, v.exit());
        assertTrue(v.out().startsWith("wasm2jar 0."), v.out());
        Result h = wasm2jar(dir, "run", "--help");
        assertEquals(0, h.exit());
        assertTrue(h.out().contains("--dir"), h.out());
    }

}
