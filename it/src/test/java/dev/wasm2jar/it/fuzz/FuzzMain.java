package dev.wasm2jar.it.fuzz;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * The on-demand fuzzers ({@code it/fuzz.sh}), run from the {@code it} directory:
 * {@code mutate N [SEED]} runs N mutation cases, {@code diff N [SEED]} N differential modules.
 * Without a seed one is drawn at random and printed, so a run can be repeated. Findings are saved
 * under {@code target/fuzz-findings/}; the exit status is 1 when there were any.
 */
public final class FuzzMain {
    private FuzzMain() {
    }

    /**
     * Runs modules once each and prints the outcome and transcript (with V8's when node is there);
     * exits 1 if any is a finding or disagrees with V8. For reducing a finding by hand or with
     * wasm-reduce.
     */
    private static void runFiles(String[] files) throws Exception {
        Path tmp = Files.createDirectories(Path.of("target", "fuzz-tmp"));
        boolean bad = false;
        boolean node = NodeReference.available(tmp);
        DiffFuzzer diff = node ? new DiffFuzzer(tmp) : null;
        for (String f : files) {
            byte[] wasm = Files.readAllBytes(Path.of(f));
            CaseRunner.Outcome o = new CaseRunner(20_000, 5_000, true, DiffFuzzer.MAX_CALLS).run(wasm);
            System.out.println(f + ": " + o + (o.signature() != null ? "\n  signature: " + o.signature() : ""));
            if (o.trace() != null) System.out.print(o.trace());
            o.lines().forEach(l -> System.out.println("  " + l));
            bad |= o.isFinding();
            if (diff != null && !o.isFinding()) {
                DiffFuzzer.Finding d = diff.check(wasm, new java.util.TreeMap<>());
                if (d != null) {
                    System.out.println("  differs from V8: " + d.signature() + "\n  " + d.detail());
                    bad = true;
                }
            }
        }
        System.exit(bad ? 1 : 0);
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("run")) {
            runFiles(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length < 2) {
            System.err.println("usage: FuzzMain mutate|diff N [SEED] | run FILE.wasm...");
            System.exit(2);
        }
        int n = Integer.parseInt(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : new Random().nextLong();
        Path findings = Path.of("target", "fuzz-findings");
        Path tmp = Files.createDirectories(Path.of("target", "fuzz-tmp"));
        System.out.println("fuzz " + args[0] + " " + n + " seed " + seed);
        int found;
        if (args[0].equals("mutate")) {
            Random rnd = new Random(seed);
            SeedCorpus corpus = new SeedCorpus();
            corpus.addWasmFiles(Path.of("src", "test", "resources"));
            corpus.addSpecModules(SeedCorpus.testsuite(), -1, rnd);
            corpus.addTtfModules(20, rnd, tmp);
            System.out.println("seeds: " + corpus.size());
            MutationFuzzer fuzzer = new MutationFuzzer(corpus, seed, new CaseRunner(20_000, 2_000, false, 30));
            if (Boolean.getBoolean("fuzz.reasons")) fuzzer.reasons = new java.util.HashMap<>();
            MutationFuzzer.Report r = fuzzer.run(n, Long.MAX_VALUE, System.out);
            System.out.println(r.summary());
            if (fuzzer.reasons != null) {
                fuzzer.reasons.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(25)
                        .forEach(e -> System.out.printf("%6d  %s%n", e.getValue(), e.getKey()));
            }
            MutationFuzzer.save(r.findings(), findings, "mut-" + Long.toHexString(seed));
            found = r.findings().size();
        } else if (args[0].equals("diff")) {
            DiffFuzzer.Report r = new DiffFuzzer(tmp).run(n, seed, Long.MAX_VALUE, System.out);
            System.out.println(r.summary());
            DiffFuzzer.save(r, findings, "diff-" + Long.toHexString(seed));
            found = r.findings().size();
        } else {
            System.err.println("unknown mode " + args[0]);
            System.exit(2);
            return;
        }
        if (found > 0) System.out.println(found + " findings saved under " + findings.toAbsolutePath());
        System.exit(found > 0 ? 1 : 0);
    }
}
