package dev.wasm2jar.it.fuzz;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A bounded mutation fuzzing run with a fixed seed (the on-demand runner is {@code it/fuzz.sh}):
 * only documented errors may occur and nothing may hang. Findings that are known failures of
 * committed regression cases are tolerated; any other fails the build, and its module is saved
 * under {@code target/fuzz-findings/}.
 */
class FuzzMutationTest {
    private static final long SEED = 0x5eed_2025L;
    private static final int CASES = Integer.getInteger("fuzz.mutation.cases", 1500);

    @Test
    void mutatedModules() throws IOException {
        Random rnd = new Random(SEED);
        Path tmp = Files.createDirectories(Path.of("target", "fuzz-tmp"));
        SeedCorpus corpus = new SeedCorpus();
        corpus.addWasmFiles(Path.of("src", "test", "resources"));
        corpus.addSpecModules(SeedCorpus.testsuite(), 40, rnd);
        corpus.addTtfModules(3, rnd, tmp);
        MutationFuzzer.Report r = new MutationFuzzer(corpus, SEED, new CaseRunner(10_000, 300, false, 30))
                .run(CASES, 60_000, null);
        System.out.println("fuzz mutation: " + corpus.size() + " seeds, " + r.summary());
        MutationFuzzer.save(r.findings(), Path.of("target", "fuzz-findings"), "mvn-mut");
        List<String> unknown = Regressions.describe(r.findings(), Regressions.knownSignatures());
        if (!unknown.isEmpty()) {
            fail("new fuzz findings (modules in it/target/fuzz-findings/):\n  " + String.join("\n  ", unknown));
        }
    }
}
