package dev.wasm2jar.it.fuzz;

import dev.wasm2jar.model.ExternKind;
import dev.wasm2jar.model.FuncType;
import dev.wasm2jar.model.Export;
import dev.wasm2jar.model.Import;
import dev.wasm2jar.model.Module;
import dev.wasm2jar.model.ValType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * V8 (node) as the reference: writes {@code driver.js} (a test resource) into a temp directory and
 * runs a module with it, returning the driver's transcript lines. The driver needs the signatures
 * of imports and exports, which it gets in a plan file made from our decoder's view of the module.
 */
final class NodeReference {
    private final Path dir;
    private final Path driver;

    NodeReference(Path dir) {
        this.dir = dir.toAbsolutePath();
        this.driver = this.dir.resolve("driver.js");
        try (InputStream in = NodeReference.class.getResourceAsStream("/fuzz/driver.js")) {
            if (in == null) throw new IllegalStateException("test resource fuzz/driver.js is missing");
            Files.write(driver, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean available(Path dir) {
        return Proc.available("node", dir);
    }

    /** Whether V8 accepts the module ({@code WebAssembly.validate}). */
    boolean validates(byte[] wasm) {
        List<String> r = run(wasm, null, 0, null);
        return r.size() == 1 && r.get(0).equals("valid");
    }

    /** V8's transcript of running the module as CaseRunner does. */
    List<String> transcript(byte[] wasm, Module module, int maxCalls) {
        return run(wasm, module, maxCalls, null);
    }

    /** As above, writing the memory after call N to {@code v8-N.bin} in {@code dumpDir}. */
    List<String> transcript(byte[] wasm, Module module, int maxCalls, Path dumpDir) {
        return run(wasm, module, maxCalls, dumpDir);
    }

    private List<String> run(byte[] wasm, Module module, int maxCalls, Path dumpDir) {
        try {
            Path w = Files.createTempFile(dir, "m", ".wasm");
            Path plan = module == null ? null : Files.createTempFile(dir, "plan", ".json");
            try {
                Files.write(w, wasm);
                if (plan != null) Files.writeString(plan, plan(module, maxCalls));
                List<String> cmd = plan == null ? List.of("node", driver.toString(), w.toString())
                        : List.of("node", "--stack-size=900", driver.toString(), w.toString(), plan.toString());
                Proc.Result r = Proc.run(cmd, dir, 60_000,
                        dumpDir == null ? java.util.Map.of() : java.util.Map.of("FUZZ_DUMP", dumpDir.toAbsolutePath().toString()));
                if (r.timedOut()) return List.of("reference timeout");
                if (r.exit() != 0) return List.of("reference failed (exit " + r.exit() + "): " + r.err().strip());
                return Arrays.asList(r.out().strip().split("\n"));
            } finally {
                Files.deleteIfExists(w);
                if (plan != null) Files.deleteIfExists(plan);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String plan(Module m, int maxCalls) {
        StringBuilder sb = new StringBuilder("{\"maxCalls\":").append(maxCalls).append(",\"imports\":[");
        boolean first = true;
        for (Import imp : m.imports) {
            if (!first) sb.append(',');
            first = false;
            sb.append("{\"module\":").append(str(imp.module())).append(",\"name\":").append(str(imp.name()))
                    .append(",\"kind\":").append(str(imp.kind().keyword()));
            if (imp.kind() == ExternKind.FUNC) {
                FuncType ft = m.functionType(m.imports(ExternKind.FUNC).indexOf(imp));
                sb.append(",\"params\":").append(types(ft.params())).append(",\"results\":").append(types(ft.results()));
            }
            sb.append('}');
        }
        sb.append("],\"exports\":{");
        first = true;
        for (Export e : m.exports) {
            if (e.kind() != ExternKind.FUNC) continue;
            if (!first) sb.append(',');
            first = false;
            FuncType ft = m.functionType(e.index());
            sb.append(str(e.name())).append(":{\"params\":").append(types(ft.params()))
                    .append(",\"results\":").append(types(ft.results())).append('}');
        }
        return sb.append("}}").toString();
    }

    private static String types(List<ValType> ts) {
        return ts.stream().map(t -> str(Values.runtimeType(t).toString())).collect(Collectors.joining(",", "[", "]"));
    }

    private static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20 || c > 0x7e) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.append('"').toString();
    }
}
