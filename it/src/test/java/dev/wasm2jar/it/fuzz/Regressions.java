package dev.wasm2jar.it.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The committed fuzz findings: {@code src/test/resources/fuzz/regressions/NAME.wasm}, each with a
 * note {@code NAME.txt} (what goes wrong, what should happen) and, for differential findings,
 * {@code NAME.expected}: the transcript V8 produced, which ours must equal. A case passes when
 * running it is no finding (only documented errors, no hang) and its transcript matches.
 * {@code known-failures.txt} lists the cases that fail today.
 */
final class Regressions {
    static final Path DIR = Path.of("src", "test", "resources", "fuzz", "regressions");
    static final Path KNOWN = Path.of("src", "test", "resources", "fuzz", "known-failures.txt");

    private Regressions() {
    }

    static List<Path> cases() throws IOException {
        if (!Files.isDirectory(DIR)) return List.of();
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.toString().endsWith(".wasm")).sorted().collect(Collectors.toList());
        }
    }

    static String name(Path wasm) {
        String f = wasm.getFileName().toString();
        return f.substring(0, f.length() - ".wasm".length());
    }

    /** Null when the case passes, else the signature of its failure (as the fuzzers name findings). */
    static String check(Path wasm) throws IOException {
        CaseRunner.Outcome o = new CaseRunner(10_000, 10_000, true, DiffFuzzer.MAX_CALLS).run(Files.readAllBytes(wasm));
        if (o.isFinding()) return o.signature();
        Path expected = wasm.resolveSibling(name(wasm) + ".expected");
        if (!Files.exists(expected)) return null;
        List<String> want = Files.readAllLines(expected);
        return DiffFuzzer.firstDifference(o.lines(), want) == null ? null : DiffFuzzer.diffSignature(o.lines(), want);
    }

    private static Map<String, String> failures;

    /** Every case that fails, by name, with its signature (run once per JVM: the test classes share it). */
    static synchronized Map<String, String> failures() throws IOException {
        if (failures == null) {
            Map<String, String> out = new TreeMap<>();
            for (Path p : cases()) {
                String s = check(p);
                if (s != null) out.put(name(p), s);
            }
            failures = out;
        }
        return failures;
    }

    static Set<String> known() throws IOException {
        Set<String> out = new TreeSet<>();
        if (!Files.exists(KNOWN)) return out;
        for (String line : Files.readAllLines(KNOWN)) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) out.add(t);
        }
        return out;
    }

    /**
     * Signatures of the known failures, as they fail today: the bounded fuzz runs tolerate findings
     * with these (an open bug the fixed seed happens to hit), and fail on any other.
     */
    static Set<String> knownSignatures() throws IOException {
        Set<String> known = known();
        Set<String> sigs = new TreeSet<>();
        for (Map.Entry<String, String> e : failures().entrySet()) if (known.contains(e.getKey())) sigs.add(e.getValue());
        return sigs;
    }

    static List<String> describe(Map<String, ?> findings, Set<String> tolerated) {
        List<String> out = new ArrayList<>();
        for (String sig : findings.keySet()) if (!tolerated.contains(sig)) out.add(sig);
        return out;
    }
}
