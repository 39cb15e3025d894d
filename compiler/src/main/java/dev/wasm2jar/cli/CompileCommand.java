package dev.wasm2jar.cli;

import dev.wasm2jar.WasmCompiler;
import dev.wasm2jar.codegen.CodegenOptions;
import dev.wasm2jar.jar.JarWriter;
import dev.wasm2jar.jar.LaunchDefaults;
import dev.wasm2jar.model.Module;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code wasm2jar FILE -o OUT.jar [--dir HOST[::GUEST]]... [--env NAME[=VALUE]]... [--inherit-env] [--[no-]internal-unsafe]}. */
public class CompileCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "MODULE", description = "The module to compile (.wasm or .wat).")
    Path input;

    @Option(names = {"-o", "--output"}, paramLabel = "JAR", description = "The jar to write (default: MODULE with .jar).")
    Path output;

    @Option(names = "--class-name", paramLabel = "NAME",
            description = "Binary name of the generated instance class (default: wasm.Module).")
    String className = "wasm.Module";

    @Option(names = "--dir", paramLabel = "HOST[::GUEST]",
            description = "Grant the program a host directory, seen as GUEST (default: the same path). Baked into the jar as a default.")
    List<String> dirs = new ArrayList<>();

    @Option(names = "--env", paramLabel = "NAME[=VALUE]",
            description = "Set an environment variable for the program; NAME alone passes the host's value. Baked into the jar.")
    List<String> env = new ArrayList<>();

    @Option(names = "--inherit-env", description = "Pass the whole host environment to the program.")
    boolean inheritEnv;

    @Option(names = "--interruptible",
            description = "Check for interruption in loops and calls, so that -Dwasm2jar.timeout=DURATION (or Thread.interrupt) stops the program; costs tight loops a little.")
    boolean interruptible;

    @Option(names = "--internal-unsafe", negatable = true,
            description = "Export jdk.internal.misc to the jar in its manifest, for faster memory access on Java 24 and later; costs Java 17 to 23 about 8 ms of start-up. Default: on when wasm2jar runs on Java 24 or later.")
    Boolean internalUnsafe;

    @Override
    public Integer call() throws Exception {
        if (input == null) throw new Main.UserError("no module given (try --help)");
        Path out = output != null ? output : defaultOutput(input);
        Progress progress = new Progress(System.err);
        Module module = WasmCompiler.load(input);
        LaunchDefaults defaults = new LaunchDefaults(input.toString(), dirs, env, inheritEnv,
                LaunchDefaults.internalUnsafe(internalUnsafe));
        // Classes stream into the jar as they are generated: a big module's never all sit in memory.
        dev.wasm2jar.codegen.GenerationStats stats;
        try (JarWriter.Streaming jar = new JarWriter.Streaming(out, className, defaults)) {
            stats = WasmCompiler.compile(module, CodegenOptions.defaults().withClassName(className).withInterruptible(interruptible).withProgress(progress::functions), jar);
            jar.finish();
        }
        progress.done("wrote " + out + " (largest method " + stats.largestMethodSize() + " bytes; "
                + stats.splitFunctions() + " functions split into " + stats.parts() + " parts)");
        return 0;
    }

    private static Path defaultOutput(Path input) {
        String name = input.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return input.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".jar");
    }
}
