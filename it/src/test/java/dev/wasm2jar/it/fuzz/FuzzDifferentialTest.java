package dev.wasm2jar.it.fuzz;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A bounded differential run with a fixed seed: random modules from {@code wasm-opt -ttf}, run by
 * us and by V8 (node), must agree (see {@link DiffFuzzer}). Skipped with a notice when node or
 * wasm-opt is missing. Unbounded runs: {@code it/fuzz.sh diff N}.
 */
class FuzzDifferentialTest {
    private static final long SEED = 0xd1ff_2025L;
    private static final int MODULES = Integer.getInteger("fuzz.diff.modules", 30);

    @Test
    void generatedModulesAgreeWithV8() throws IOException {
        Path tmp = Files.createDirectories(Path.of("target", "fuzz-tmp"));
        boolean available = DiffFuzzer.available(tmp);
        if (!available) System.out.println("fuzz differential: SKIPPED, needs node and wasm-opt (binaryen) on the PATH");
        Assumptions.assumeTrue(available, "node and wasm-opt are needed");
        DiffFuzzer.Report r = new DiffFuzzer(tmp).run(MODULES, SEED, 50_000, null);
        System.out.println("fuzz differential: " + r.summary());
        DiffFuzzer.save(r, Path.of("target", "fuzz-findings"), "mvn-diff");
        List<String> unknown = Regressions.describe(r.findings(), Regressions.knownSignatures());
        if (!unknown.isEmpty()) {
            fail("wasm2jar and V8 disagree (modules in it/target/fuzz-findings/):\n  " + String.join("\n  ", unknown));
        }
    }
}
