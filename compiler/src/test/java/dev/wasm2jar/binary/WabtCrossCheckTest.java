package dev.wasm2jar.binary;

import dev.wasm2jar.error.MalformedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A broad cross-check on valid modules from another encoder: wabt's {@code wast2json --enable-all}
 * turns the testsuite scripts it understands into .wasm files, and every module that is not an
 * {@code assert_malformed} must decode. Runs only where wast2json is on the PATH; scripts wabt
 * itself rejects are skipped.
 */
class WabtCrossCheckTest {
    private static final Path SUITE = Paths.get(System.getProperty("wasm2jar.testsuite", "/work/shared/testsuite"));
    private static final List<String> DIRS = List.of("", "custom", "legacy", "proposals/threads", "proposals/wide-arithmetic");
    private static final Pattern COMMAND = Pattern.compile("\\{\"type\": \"([a-z_]+)\".*?\"filename\": \"([^\"]+\\.wasm)\"");

    @Test
    void decodesEveryModuleWabtWrites(@TempDir Path tmp) throws Exception {
        Path tool = findOnPath("wast2json");
        assumeTrue(tool != null, "wast2json is not on the PATH: skipping the wabt cross-check");
        assumeTrue(Files.isDirectory(SUITE), "no testsuite at " + SUITE);
        int scripts = 0, skippedScripts = 0, modules = 0;
        List<String> failures = new ArrayList<>();
        for (String dir : DIRS) {
            Path d = SUITE.resolve(dir);
            if (!Files.isDirectory(d)) continue;
            List<Path> files;
            try (Stream<Path> s = Files.list(d)) {
                files = s.filter(p -> p.toString().endsWith(".wast")).sorted().toList();
            }
            for (Path f : files) {
                String base = f.getFileName().toString().replace(".wast", "");
                Path out = tmp.resolve(dir.replace('/', '_') + "_" + base);
                Files.createDirectories(out);
                Path json = out.resolve(base + ".json");
                Process p = new ProcessBuilder(tool.toString(), "--enable-all", f.toString(), "-o", json.toString())
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    skippedScripts++;
                    continue;
                }
                if (p.exitValue() != 0 || !Files.exists(json)) {
                    skippedScripts++;
                    continue;
                }
                scripts++;
                Matcher m = COMMAND.matcher(Files.readString(json));
                while (m.find()) {
                    if (m.group(1).equals("assert_malformed")) continue;
                    Path wasm = out.resolve(m.group(2));
                    modules++;
                    try {
                        ModuleDecoder.decode(Files.readAllBytes(wasm));
                    } catch (MalformedException e) {
                        // wabt writes no data count section for an invalid module that uses a data
                        // index without having data segments: that binary is malformed indeed.
                        if (m.group(1).equals("assert_invalid") && e.reason().equals("data count section required")) continue;
                        failures.add(dir + "/" + m.group(2) + ": " + e.getMessage());
                    } catch (RuntimeException e) {
                        failures.add(dir + "/" + m.group(2) + ": internal " + e);
                    }
                }
            }
        }
        System.out.printf("wabt cross-check: %d modules from %d scripts decoded with %d failures (%d scripts wabt rejects)%n",
                modules, scripts, failures.size(), skippedScripts);
        failures.forEach(System.out::println);
        assertTrue(modules > 1000, "too few modules: " + modules);
        assertTrue(failures.isEmpty(), () -> failures.size() + " failures, first: " + failures.get(0));
    }

    private static Path findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Paths.get(dir, name);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }
}
