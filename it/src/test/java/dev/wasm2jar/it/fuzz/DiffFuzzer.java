package dev.wasm2jar.it.fuzz;

import dev.wasm2jar.binary.ModuleDecoder;
import dev.wasm2jar.error.ModuleException;
import dev.wasm2jar.model.Module;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Differential testing: random valid modules from {@code wasm-opt -ttf} run in wasm2jar
 * ({@link CaseRunner}) and in V8 ({@link NodeReference}); results, trap categories, host calls and
 * memory hashes after each call must agree. NaNs are canonicalized in results and host-call
 * arguments (their payloads are nondeterministic); modules that V8 rejects are skipped (binaryen
 * 108 emits some invalid ones with reference types), unless we accept them.
 */
final class DiffFuzzer {
    static final int MAX_CALLS = 300;

    record Finding(String signature, String detail, byte[] module, List<String> ours, List<String> reference) {
    }

    record Report(int modules, Map<String, Integer> counts, Map<String, Finding> findings, long millis) {
        String summary() {
            return String.format("%d modules in %.1f s: %s; %d distinct findings", modules, millis / 1000.0, counts, findings.size());
        }
    }

    private final Path tmp;
    private final NodeReference node;
    private final CaseRunner runner = new CaseRunner(30_000, 20_000, true, MAX_CALLS);

    DiffFuzzer(Path tmp) {
        this.tmp = tmp;
        this.node = new NodeReference(tmp);
    }

    static boolean available(Path tmp) {
        return NodeReference.available(tmp) && Ttf.available(tmp);
    }

    Report run(int n, long seed, long maxMillis, PrintStream progress) {
        Random rnd = new Random(seed);
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, Finding> findings = new LinkedHashMap<>();
        long start = System.currentTimeMillis();
        int done = 0;
        for (; done < n && System.currentTimeMillis() - start < maxMillis; done++) {
            byte[] wasm = Ttf.generate(rnd, tmp);
            if (wasm == null) {
                counts.merge("generator failed", 1, Integer::sum);
                continue;
            }
            Finding f = check(wasm, counts);
            if (f != null && !findings.containsKey(f.signature())) {
                findings.put(f.signature(), f);
                if (progress != null) progress.println("FINDING " + f.signature() + ": " + f.detail());
            }
            if (progress != null && (done + 1) % 50 == 0) {
                progress.printf("  %d modules, %.0f s, %s%n", done + 1, (System.currentTimeMillis() - start) / 1000.0, counts);
            }
        }
        return new Report(done, counts, findings, System.currentTimeMillis() - start);
    }

    /** Compares one module; null when both sides agree (or the module is no test). */
    Finding check(byte[] wasm, Map<String, Integer> counts) {
        Module module;
        try {
            module = ModuleDecoder.decode(wasm);
        } catch (ModuleException e) {
            module = null;
        }
        CaseRunner.Outcome ours = runner.run(wasm);
        if (ours.kind() == CaseRunner.Kind.REJECTED || module == null) {
            if (!node.validates(wasm)) {
                counts.merge("invalid (both reject)", 1, Integer::sum);
                return null;
            }
            counts.merge("finding", 1, Integer::sum);
            return new Finding("rejects a module V8 accepts: " + stage(ours), ours.detail(), wasm, ours.lines(), List.of("valid"));
        }
        List<String> ref = node.transcript(wasm, module, MAX_CALLS);
        if (!ref.isEmpty() && ref.get(0).startsWith("invalid")) {
            if (ours.isFinding()) {
                counts.merge("finding", 1, Integer::sum);
                return new Finding(ours.signature(), ours.detail() + "\n" + ours.trace(), wasm, ours.lines(), ref);
            }
            counts.merge("accepted, V8 rejects", 1, Integer::sum);
            return new Finding("accepts a module V8 rejects", ref.get(0), wasm, ours.lines(), ref);
        }
        if (ours.isFinding()) {
            counts.merge("finding", 1, Integer::sum);
            return new Finding(ours.signature(), ours.detail() + "\n" + ours.trace(), wasm, ours.lines(), ref);
        }
        String diff = firstDifference(ours.lines(), ref);
        if (diff == null) {
            counts.merge("agree", 1, Integer::sum);
            return null;
        }
        if (memoryDiffersOnlyInNaNs(wasm, module, ours.lines(), ref)) {
            // e.g. f64.max of a NaN with a payload: we keep the payload, V8 canonicalizes; both allowed
            counts.merge("agree until a NaN payload in memory differs", 1, Integer::sum);
            return null;
        }
        counts.merge("finding", 1, Integer::sum);
        return new Finding(diffSignature(ours.lines(), ref), diff, wasm, ours.lines(), ref);
    }

    /**
     * Whether the first difference is a memory hash and every differing byte lies in a 4- or
     * 8-byte window that holds a NaN on both sides: a NaN payload that arithmetic may choose
     * (spec 4.3.3, nondeterministic). Runs both sides again to get the memory contents.
     */
    private boolean memoryDiffersOnlyInNaNs(byte[] wasm, Module module, List<String> ours, List<String> ref) {
        int n = Math.min(ours.size(), ref.size());
        int call = -1;
        for (int i = 0; i < n; i++) {
            if (ours.get(i).startsWith("call ")) call++;
            if (ours.get(i).equals(ref.get(i))) continue;
            if (!ours.get(i).startsWith("memory ") || !ref.get(i).startsWith("memory ")) return false;
            break;
        }
        if (call < 0) return false;
        Path dir = null;
        try {
            dir = Files.createTempDirectory(tmp.toAbsolutePath(), "dump");
            new CaseRunner(30_000, 20_000, true, MAX_CALLS, dir).run(wasm);
            node.transcript(wasm, module, MAX_CALLS, dir);
            Path a = dir.resolve("ours-" + call + ".bin"), b = dir.resolve("v8-" + call + ".bin");
            if (!Files.exists(a) || !Files.exists(b)) return false;
            return nanOnly(Files.readAllBytes(a), Files.readAllBytes(b));
        } catch (IOException e) {
            return false;
        } finally {
            if (dir != null) {
                try (var s = Files.list(dir)) {
                    for (Path p : (Iterable<Path>) s::iterator) Files.deleteIfExists(p);
                    Files.deleteIfExists(dir);
                } catch (IOException e) {
                    // leave it in target/
                }
            }
        }
    }

    static boolean nanOnly(byte[] a, byte[] b) {
        if (a.length != b.length) return false;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b[i]) continue;
            boolean covered = false;
            for (int w : new int[] {8, 4}) {
                for (int s = Math.max(0, i - w + 1); s <= i && s + w <= a.length && !covered; s++) {
                    covered = isNaN(a, s, w) && isNaN(b, s, w);
                }
            }
            if (!covered) return false;
        }
        return true;
    }

    private static boolean isNaN(byte[] m, int at, int width) {
        long bits = 0;
        for (int i = width - 1; i >= 0; i--) bits = bits << 8 | (m[at + i] & 0xff);
        return width == 8 ? Double.isNaN(Double.longBitsToDouble(bits)) : Float.isNaN(Float.intBitsToFloat((int) bits));
    }

    private static String stage(CaseRunner.Outcome o) {
        return o.stage().name().toLowerCase();
    }

    /** The first line where the transcripts differ, with its context, or null. */
    static String firstDifference(List<String> ours, List<String> ref) {
        int n = Math.max(ours.size(), ref.size());
        String call = "";
        for (int i = 0; i < n; i++) {
            String a = i < ours.size() ? ours.get(i) : "<end>";
            String b = i < ref.size() ? ref.get(i) : "<end>";
            if (a.startsWith("call ")) call = a;
            if (!a.equals(b)) return "after '" + call + "' (line " + (i + 1) + "): wasm2jar '" + a + "', V8 '" + b + "'";
        }
        return null;
    }

    /** Groups mismatches by what differs: the kinds of the two lines (and trap categories). */
    static String diffSignature(List<String> ours, List<String> ref) {
        int n = Math.max(ours.size(), ref.size());
        for (int i = 0; i < n; i++) {
            String a = i < ours.size() ? ours.get(i) : "<end>";
            String b = i < ref.size() ? ref.get(i) : "<end>";
            if (!a.equals(b)) return "mismatch: " + shape(a) + " vs V8 " + shape(b);
        }
        return "mismatch";
    }

    private static String shape(String line) {
        if (line.startsWith("trap ") || line.startsWith("start trap ")) return line;
        int sp = line.indexOf(' ');
        if (line.startsWith("log ")) {
            int sp2 = line.indexOf(' ', 4);
            return sp2 < 0 ? line : line.substring(0, sp2);
        }
        return sp < 0 ? line : line.substring(0, sp);
    }

    static void save(Report r, Path dir, String prefix) throws IOException {
        Files.createDirectories(dir);
        int i = 0;
        for (Finding f : r.findings().values()) {
            String name = String.format("%s-%02d-%08x", prefix, i++, f.signature().hashCode());
            Files.write(dir.resolve(name + ".wasm"), f.module());
            Files.writeString(dir.resolve(name + ".txt"), "signature: " + f.signature() + "\n" + f.detail()
                    + "\n\nwasm2jar:\n" + String.join("\n", f.ours()) + "\n\nV8:\n" + String.join("\n", f.reference()) + "\n",
                    StandardCharsets.UTF_8);
        }
    }
}
