package dev.wasm2jar.maven;

import dev.wasm2jar.WasmCompiler;
import dev.wasm2jar.bindings.BindingsGenerator;
import dev.wasm2jar.bindings.JavaSource;
import dev.wasm2jar.codegen.CodegenOptions;
import dev.wasm2jar.codegen.CompiledModule;
import dev.wasm2jar.error.ModuleException;
import dev.wasm2jar.model.Module;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One module of the {@code compile} goal, apart from Maven: the classes go to the classes directory,
 * the facade source to the sources directory, and a {@link BuildStamp} makes the next run skip the
 * work when nothing changed.
 *
 * <p>With bindings, {@code className} names the facade and the module class is
 * {@code className + "$Module"} (its code classes {@code className + "$Module$Code0"}, ...); without,
 * {@code className} is the module class itself.
 */
final class ModuleCompilation {
    /** The generated module class's suffix when a facade takes the configured class name. */
    static final String MODULE_SUFFIX = "$Module";
    /** Report progress at most this often while a large module compiles. */
    private static final long PROGRESS_INTERVAL_NANOS = 2_000_000_000L;

    record Request(Path wasmFile, String className, boolean bindings, Path classesDir, Path sourcesDir, Path stateDir,
                   String toolVersion) {
        String moduleClassName() {
            return bindings ? className + MODULE_SUFFIX : className;
        }

        Path stampFile() {
            return stateDir.resolve(className + ".properties");
        }
    }

    /** What a run did. */
    enum Outcome { COMPILED, UP_TO_DATE }

    private ModuleCompilation() {
    }

    /**
     * Compiles the module unless its stamp says the outputs are current. A module the compiler
     * rejects throws {@link ModuleException} whose message names the file, the offset and the reason.
     */
    static Outcome run(Request r, Consumer<String> log) throws IOException {
        byte[] wasm = Files.readAllBytes(r.wasmFile());
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("wasm2jar", r.toolVersion());
        inputs.put("module.sha256", BuildStamp.sha256(wasm));
        inputs.put("className", r.className());
        inputs.put("bindings", Boolean.toString(r.bindings()));
        BuildStamp old = BuildStamp.read(r.stampFile());
        if (old != null && old.upToDate(inputs)) {
            log.accept(r.wasmFile().getFileName() + " is up to date (" + r.className() + ")");
            return Outcome.UP_TO_DATE;
        }

        long start = System.nanoTime();
        Module module = WasmCompiler.load(r.wasmFile());
        int functions = module.functions.size();
        log.accept("Compiling " + r.wasmFile().getFileName() + " (" + functions + " functions, " + wasm.length + " bytes) to " + r.className());
        long[] lastReport = {start};
        CodegenOptions options = CodegenOptions.defaults().withClassName(r.moduleClassName()).withProgress((done, total) -> {
            long now = System.nanoTime();
            if (now - lastReport[0] >= PROGRESS_INTERVAL_NANOS && done < total) {
                lastReport[0] = now;
                log.accept("  " + done + "/" + total + " functions compiled");
            }
        });
        CompiledModule compiled;
        try {
            compiled = WasmCompiler.compile(module, options);
        } catch (ModuleException e) {
            throw e.withFile(r.wasmFile().toString());
        }
        JavaSource facade = r.bindings()
                ? BindingsGenerator.generate(module, compiled, r.className(), r.wasmFile().getFileName().toString())
                : null;

        List<Path> outputs = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : compiled.classFiles().entrySet()) {
            outputs.add(write(r.classesDir().resolve(e.getKey() + ".class"), e.getValue()));
        }
        for (Map.Entry<String, byte[]> e : compiled.resources().entrySet()) {
            outputs.add(write(r.classesDir().resolve(e.getKey()), e.getValue()));
        }
        if (facade != null) outputs.add(write(r.sourcesDir().resolve(facade.path()), facade.text().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        if (old != null) {
            for (Path p : old.outputs()) if (!outputs.contains(p)) Files.deleteIfExists(p); // e.g. a $Code class no longer needed
        }
        new BuildStamp(inputs, outputs).write(r.stampFile());
        long ms = (System.nanoTime() - start) / 1_000_000;
        log.accept("Wrote " + compiled.classFiles().size() + " classes" + (facade != null ? " and " + facade.path() : "") + " in " + ms + " ms");
        return Outcome.COMPILED;
    }

    /** Writes a file unless it already has these bytes (an unchanged facade keeps its time stamp, so javac need not run). */
    static Path write(Path file, byte[] bytes) throws IOException {
        if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), bytes)) return file;
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return file;
    }
}
