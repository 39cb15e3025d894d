package dev.wasm2jar.codegen.scale;

import dev.wasm2jar.WasmCompiler;
import dev.wasm2jar.codegen.CodegenOptions;
import dev.wasm2jar.codegen.CompiledModule;
import dev.wasm2jar.codegen.GenerationStats;
import dev.wasm2jar.codegen.ModuleGenerator;
import dev.wasm2jar.model.Module;
import dev.wasm2jar.runtime.ImportResolver;
import dev.wasm2jar.runtime.Instance;
import dev.wasm2jar.runtime.WasmFunction;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Compiles a generated module with huge functions ({@link BigModule}), checks that no generated
 * method is too big for the JIT, runs every function and compares the results with node's.
 * {@code -Dwasm2jar.scale.full=true} uses the 30 MB, 35,000-function module.
 */
class BigModuleTest {
    private static final Path NODE = Path.of("/usr/bin/node");

    @Test
    void bigModuleCompilesToJitableMethodsAndRunsLikeNode() throws Exception {
        boolean full = Boolean.getBoolean("wasm2jar.scale.full");
        BigModule.Spec spec = full ? BigModule.Spec.full() : BigModule.Spec.small();
        byte[] wasm = BigModule.generate(spec);
        long t0 = System.nanoTime();
        Module module = WasmCompiler.load(wasm);
        CompiledModule cm = ModuleGenerator.generate(module, CodegenOptions.defaults());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        GenerationStats s = cm.stats();
        System.out.printf("big module: %d bytes of Wasm, %d functions; compiled in %d ms; %s%n", wasm.length, spec.functions(), ms, s);
        assertTrue(s.splitFunctions() >= spec.huge(), s.toString());

        int n = spec.functions();
        int[] ours = new int[n];
        Instance inst = cm.instantiate(ImportResolver.NONE);
        WasmFunction call = (WasmFunction) inst.export("call");
        for (int i = 0; i < n; i++) ours[i] = (Integer) call.call(i, arg(i))[0];
        if (Files.isExecutable(NODE)) {
            int[] theirs = node(wasm, n);
            for (int i = 0; i < n; i++) {
                assertEquals(theirs[i], ours[i], "function " + i + " (the first that differs from node)");
            }
        } else {
            System.out.println("node not installed: results not cross-checked");
        }
        assertTrue(s.largestMethodSize() <= 8000, "largest method " + s.largestMethod() + ": " + s.largestMethodSize());
    }

    private static int arg(int i) {
        return i * 7919 + 13;
    }

    /** node calls {@code call(i, arg(i))} for every function in order (globals and memory carry over, as in ours). */
    private static int[] node(byte[] wasm, int n) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("bigmodule");
        try {
            Path w = dir.resolve("m.wasm"), js = dir.resolve("run.js");
            Files.write(w, wasm);
            Files.writeString(js, """
                const fs = require('fs');
                const inst = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(process.argv[2])), {});
                const n = +process.argv[3], out = [];
                for (let i = 0; i < n; i++) out.push(inst.exports.call(i, (Math.imul(i, 7919) + 13) | 0));
                fs.writeFileSync(process.argv[4], out.join('\\n'));
                """);
            Path res = dir.resolve("out.txt");
            Process p = new ProcessBuilder(NODE.toString(), "--stack-size=4000", js.toString(), w.toString(), String.valueOf(n), res.toString())
                    .redirectErrorStream(true).start();
            String msg = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), "node: " + msg);
            List<String> lines = Files.readAllLines(res);
            int[] r = new int[n];
            for (int i = 0; i < n; i++) r[i] = Integer.parseInt(lines.get(i).trim());
            return r;
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
