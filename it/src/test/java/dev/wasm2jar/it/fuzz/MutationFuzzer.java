package dev.wasm2jar.it.fuzz;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The mutation fuzzer: picks a seed, mutates it (or, now and then, runs it as is), runs it through
 * {@link CaseRunner}, counts outcomes, and keeps the first module of each distinct finding.
 */
final class MutationFuzzer {
    record Finding(String signature, CaseRunner.Outcome outcome, byte[] module, String seed) {
    }

    record Report(int cases, Map<String, Integer> counts, Map<String, Finding> findings, long millis) {
        String summary() {
            return String.format("%d cases in %.1f s: %s; %d distinct findings", cases, millis / 1000.0, counts, findings.size());
        }
    }

    private final List<byte[]> seeds;
    private final List<String> seedNames;
    /** Indices of the valid seeds and of the near misses (assert_invalid / assert_malformed modules). */
    private final List<Integer> good = new ArrayList<>(), nearMiss = new ArrayList<>();
    private final Random rnd;
    private final CaseRunner runner;

    MutationFuzzer(SeedCorpus corpus, long seed, CaseRunner runner) {
        this.seeds = corpus.list();
        this.seedNames = corpus.names();
        this.rnd = new Random(seed);
        this.runner = runner;
        for (int i = 0; i < seedNames.size(); i++) (seedNames.get(i).startsWith(SeedCorpus.NEAR_MISS) ? nearMiss : good).add(i);
        if (good.isEmpty()) good.addAll(nearMiss);
    }

    private int pickSeed() {
        List<Integer> from = !nearMiss.isEmpty() && rnd.nextInt(10) == 0 ? nearMiss : good;
        return from.get(rnd.nextInt(from.size()));
    }

    /** When set, rejection reasons are counted here (to see which checks the mutations stop at). */
    Map<String, Integer> reasons;

    private static String reason(String message) {
        if (message == null) return "?";
        String m = message.replaceAll("[0-9]+", "N");
        return m.length() > 70 ? m.substring(0, 70) : m;
    }

    Report run(int cases, long maxMillis, PrintStream progress) {
        Mutator mutator = new Mutator(rnd);
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, Finding> findings = new LinkedHashMap<>();
        long start = System.currentTimeMillis();
        int done = 0;
        for (; done < cases && System.currentTimeMillis() - start < maxMillis; done++) {
            if (CaseRunner.LEAKED.get() > 3) {
                if (progress != null) progress.println("stopping early: " + CaseRunner.LEAKED.get() + " case threads could not be stopped");
                counts.merge("leaked threads", CaseRunner.LEAKED.get(), Integer::sum);
                break;
            }
            int si = pickSeed();
            byte[] seed = seeds.get(si);
            byte[] module = rnd.nextInt(20) == 0 ? seed : mutator.mutate(seed, seeds.get(pickSeed()));
            CaseRunner.Outcome o = runner.run(module);
            counts.merge(o.kind() == CaseRunner.Kind.REJECTED ? "rejected at " + o.stage().name().toLowerCase() : o.kind().name().toLowerCase(), 1, Integer::sum);
            if (o.kind() == CaseRunner.Kind.REJECTED && reasons != null) reasons.merge(reason(o.detail()), 1, Integer::sum);
            if (o.isFinding() && !findings.containsKey(o.signature())) {
                findings.put(o.signature(), new Finding(o.signature(), o, module, seedNames.get(si)));
                if (progress != null) progress.println("FINDING " + o.signature() + " (seed " + seedNames.get(si) + "): " + o.detail());
            }
            if (progress != null && (done + 1) % 500 == 0) {
                progress.printf("  %d cases, %.0f s, %s%n", done + 1, (System.currentTimeMillis() - start) / 1000.0, counts);
            }
        }
        return new Report(done, counts, findings, System.currentTimeMillis() - start);
    }

    /** Writes each finding's module and a note (outcome, trace) under {@code dir}. */
    static void save(Map<String, Finding> findings, Path dir, String prefix) throws IOException {
        Files.createDirectories(dir);
        int i = 0;
        for (Finding f : findings.values()) {
            String name = String.format("%s-%02d-%08x", prefix, i++, f.signature().hashCode());
            Files.write(dir.resolve(name + ".wasm"), f.module());
            String note = "signature: " + f.signature() + "\nseed: " + f.seed() + "\noutcome: " + f.outcome()
                    + "\n\n" + (f.outcome().trace() != null ? f.outcome().trace() : "")
                    + "\ntranscript:\n" + String.join("\n", f.outcome().lines()) + "\n";
            Files.writeString(dir.resolve(name + ".txt"), note, StandardCharsets.UTF_8);
        }
    }
}
