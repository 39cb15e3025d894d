package dev.wasm2jar.it.fuzz;

import dev.wasm2jar.text.wast.Command;
import dev.wasm2jar.text.wast.WastModule;
import dev.wasm2jar.text.wast.WastParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Seed modules for mutation: the .wasm files of the test resources (the WASI programs and the
 * committed fuzz regressions), the modules of spec testsuite scripts (valid ones and the near misses
 * of assert_invalid / assert_malformed), and random valid modules from {@code wasm-opt -ttf}.
 */
final class SeedCorpus {
    /** Name prefix of seeds that are invalid or malformed on purpose; the fuzzer picks them less often. */
    static final String NEAR_MISS = "~";

    private final Map<String, byte[]> seeds = new LinkedHashMap<>();
    private final Set<Integer> hashes = new HashSet<>();

    List<byte[]> list() {
        return new ArrayList<>(seeds.values());
    }

    List<String> names() {
        return new ArrayList<>(seeds.keySet());
    }

    int size() {
        return seeds.size();
    }

    void add(String name, byte[] wasm) {
        if (wasm.length < 8 || wasm.length > 128 << 10) return; // huge seeds (e.g. the br_table regression) only make slow cases
        if (hashes.add(Arrays.hashCode(wasm))) seeds.put(name, wasm);
    }

    /** Every .wasm under {@code dir} (recursively). */
    void addWasmFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".wasm")).sorted().collect(Collectors.toList())) {
                add(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
    }

    /** The modules of {@code maxFiles} scripts of the spec testsuite (all when negative), chosen by {@code rnd}. */
    void addSpecModules(Path testsuite, int maxFiles, Random rnd) throws IOException {
        if (testsuite == null || !Files.isDirectory(testsuite)) return;
        List<Path> files;
        try (Stream<Path> s = Files.walk(testsuite)) {
            files = s.filter(p -> p.toString().endsWith(".wast")).sorted().collect(Collectors.toList());
        }
        if (maxFiles >= 0 && files.size() > maxFiles) {
            Collections.shuffle(files, rnd);
            files = files.subList(0, maxFiles);
        }
        for (Path f : files) {
            List<Command> commands;
            try {
                commands = WastParser.parse(Files.readAllBytes(f), f.getFileName().toString()).commands();
            } catch (RuntimeException e) {
                continue; // a script our text parser cannot read is no seed
            }
            addCommands(testsuite.relativize(f).toString(), commands);
        }
    }

    private void addCommands(String file, List<Command> commands) {
        for (Command c : commands) {
            WastModule m = null;
            boolean nearMiss = c instanceof Command.AssertInvalid || c instanceof Command.AssertMalformed;
            if (c instanceof Command.DefineModule d) m = d.module();
            else if (c instanceof Command.AssertModuleTrap d) m = d.module();
            else if (c instanceof Command.AssertUnlinkable d) m = d.module();
            else if (c instanceof Command.AssertInvalid d) m = d.module();
            else if (c instanceof Command.AssertMalformed d) m = d.module();
            else if (c instanceof Command.SubScript d) addCommands(file, d.commands());
            if (m == null) continue;
            try {
                add((nearMiss ? NEAR_MISS : "") + file + ":" + c.line(), m.toBinary());
            } catch (RuntimeException e) {
                // malformed text: no binary to mutate
            }
        }
    }

    /** {@code count} random valid modules from {@code wasm-opt -ttf}, when binaryen is installed. */
    void addTtfModules(int count, Random rnd, Path tmp) {
        for (int i = 0; i < count; i++) {
            byte[] wasm = Ttf.generate(rnd, tmp);
            if (wasm == null) return;
            add("ttf-" + i, wasm);
        }
    }

    /** The spec testsuite: -Dwasm2jar.shared, else ../shared next to the project or this module. */
    static Path testsuite() {
        String prop = System.getProperty("wasm2jar.shared");
        List<String> candidates = new ArrayList<>();
        if (prop != null) candidates.add(prop);
        candidates.add("../shared");
        candidates.add("../../shared");
        for (String c : candidates) {
            Path p = Path.of(c).toAbsolutePath().normalize().resolve("testsuite");
            if (Files.isDirectory(p)) return p;
        }
        return null;
    }
}
