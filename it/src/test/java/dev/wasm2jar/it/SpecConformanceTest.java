package dev.wasm2jar.it;

import dev.wasm2jar.spec.WastRunner;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the whole spec testsuite (every .wast under ../shared/testsuite) through our own text parser,
 * validator, compiler and runtime, and compares the failures with the checked-in list
 * {@code spec-expected-failures.txt}, both ways: a failure not on the list fails the build, and so
 * does a listed entry that now passes (the list only shrinks). Assertions skipped because a feature
 * is not implemented are reported by feature, never counted as passed.
 *
 * <p>The property {@code wasm2jar.spec.variant} names a variant run (the Maven build runs one with
 * every function split into parts, see it/pom.xml). A variant changes how code is generated, never
 * what it computes: it is held to the same list, and logs to {@code target/spec-results-VARIANT.txt}.
 */
class SpecConformanceTest {
    private static final String VARIANT = System.getProperty("wasm2jar.spec.variant", "");
    private static final String SUFFIX = VARIANT.isEmpty() ? "" : "-" + VARIANT;
    private static final String EXPECTED = "spec-expected-failures.txt";
    private static final String RESULTS = "spec-results" + SUFFIX + ".txt";

    @Test
    void testsuite() throws IOException {
        Path suite = SharedDir.get().resolve("testsuite");
        List<Path> files;
        try (Stream<Path> s = Files.walk(suite)) {
            files = s.filter(p -> p.toString().endsWith(".wast")).sorted().collect(Collectors.toList());
        }
        assertTrue(files.size() >= 257, "expected the whole testsuite, found " + files.size() + " files in " + suite);

        PrintStream log = new PrintStream(Files.newOutputStream(Path.of("target", RESULTS)), true, StandardCharsets.UTF_8);
        WastRunner runner = new WastRunner(log);
        Set<String> failures = new TreeSet<>();
        int passed = 0, failed = 0, skipped = 0;
        for (Path f : files) {
            WastRunner.Outcome o = runner.run(f, suite.relativize(f).toString());
            passed += o.passed();
            failed += o.failed();
            skipped += o.skipped();
            failures.addAll(o.failureKeys());
        }
        log.printf("%d passed, %d failed, %d skipped%n", passed, failed, skipped);
        log.close();
        System.out.printf("spec testsuite%s: %d files, %d passed, %d failed, %d skipped (details: it/target/%s)%n",
                VARIANT.isEmpty() ? "" : " (" + VARIANT + ")", files.size(), passed, failed, skipped, RESULTS);

        Set<String> expected = readExpected();
        List<String> unexpected = new ArrayList<>();
        for (String k : failures) if (!expected.contains(k)) unexpected.add(k);
        List<String> nowPassing = new ArrayList<>();
        for (String k : expected) if (!failures.contains(k)) nowPassing.add(k);
        if (!unexpected.isEmpty() || !nowPassing.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            if (!unexpected.isEmpty()) {
                sb.append(unexpected.size()).append(" new failures (see it/target/").append(RESULTS).append("):\n");
                unexpected.stream().limit(50).forEach(k -> sb.append("  ").append(k).append('\n'));
            }
            if (!nowPassing.isEmpty()) {
                sb.append(nowPassing.size()).append(" entries of ").append(EXPECTED)
                        .append(" pass now; remove them from the list:\n");
                nowPassing.stream().limit(50).forEach(k -> sb.append("  ").append(k).append('\n'));
            }
            fail(sb.toString());
        }
    }

    private static Set<String> readExpected() throws IOException {
        Path p = Path.of("src", "test", "resources", EXPECTED);
        Set<String> out = new TreeSet<>();
        if (!Files.exists(p)) return out;
        for (String line : Files.readAllLines(p)) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) out.add(t);
        }
        return out;
    }
}
