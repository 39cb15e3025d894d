package dev.wasm2jar.binary;

import dev.wasm2jar.error.MalformedException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every {@code (module binary ...)} of the spec testsuite: inside {@code assert_malformed} decoding
 * must fail with a {@link MalformedException} whose reason starts with the expected message; every
 * other binary module must decode (assert_invalid ones are rejected later, by the validator).
 * The testsuite location is the system property {@code wasm2jar.testsuite} (default
 * /work/shared/testsuite).
 */
class TestsuiteBinaryModulesTest {
    private static final Path SUITE = Paths.get(System.getProperty("wasm2jar.testsuite", "/work/shared/testsuite"));

    /** WebAssembly 3.0 plus the proposals this compiler decodes (custom descriptors are not among them). */
    private static final List<String> DIRS = List.of("", "custom", "legacy", "proposals/threads",
            "proposals/wide-arithmetic", "proposals/custom-page-sizes");

    @Test
    void binaryModulesOfTheTestsuite() throws IOException {
        assumeTrue(Files.isDirectory(SUITE), "no testsuite at " + SUITE);
        int malformed = 0, malformedOk = 0, other = 0, otherOk = 0;
        List<String> failures = new ArrayList<>();
        for (String dir : DIRS) {
            Path d = SUITE.resolve(dir);
            if (!Files.isDirectory(d)) continue;
            boolean pageSizes = dir.endsWith("custom-page-sizes");
            List<Path> files;
            try (Stream<Path> s = Files.list(d)) {
                files = s.filter(p -> p.toString().endsWith(".wast")).sorted().toList();
            }
            for (Path f : files) {
                for (WastBinaryModules.Entry e : WastBinaryModules.read(f)) {
                    String where = dir.isEmpty() ? e.toString() : dir + "/" + e;
                    if (e.command().equals("assert_malformed")) {
                        malformed++;
                        try {
                            ModuleDecoder.decode(e.bytes(), pageSizes);
                            failures.add(where + ": decoded, expected malformed");
                        } catch (MalformedException x) {
                            if (x.reason().startsWith(e.expected())) malformedOk++;
                            else failures.add(where + ": got \"" + x.reason() + "\" at " + x.offset());
                        } catch (RuntimeException x) {
                            failures.add(where + ": internal " + x);
                        }
                    } else {
                        other++;
                        try {
                            ModuleDecoder.decode(e.bytes(), pageSizes);
                            otherOk++;
                        } catch (RuntimeException x) {
                            failures.add(where + ": " + x);
                        }
                    }
                }
            }
        }
        System.out.printf("testsuite binary modules: assert_malformed %d/%d, others decode %d/%d%n",
                malformedOk, malformed, otherOk, other);
        failures.forEach(System.out::println);
        assertTrue(malformed > 500 && other > 100, "too few binary modules found: " + malformed + ", " + other);
        assertTrue(failures.isEmpty(), () -> failures.size() + " failures, first: " + failures.get(0));
    }
}
