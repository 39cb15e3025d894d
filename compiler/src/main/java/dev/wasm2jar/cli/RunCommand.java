package dev.wasm2jar.cli;

import dev.wasm2jar.WasmCompiler;
import dev.wasm2jar.codegen.CodegenOptions;
import dev.wasm2jar.codegen.CompiledModule;
import dev.wasm2jar.wasi.WasiConfig;
import dev.wasm2jar.wasi.launch.Grants;
import dev.wasm2jar.wasi.launch.Launcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code wasm2jar run [OPTIONS] MODULE ARGS...}: compiles in memory and runs, like
 * {@code wasmtime run}. Options go before the module; everything after it is the program's.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Compile a module in memory and run it (its _start, or --invoke FUNC).")
public final class RunCommand implements Callable<Integer> {
    @Option(names = "--dir", paramLabel = "HOST[::GUEST]", description = "Grant a host directory, seen by the program as GUEST.")
    List<String> dirs = new ArrayList<>();

    @Option(names = "--env", paramLabel = "NAME[=VALUE]", description = "Set an environment variable; NAME alone passes the host's value.")
    List<String> env = new ArrayList<>();

    @Option(names = "--inherit-env", description = "Pass the whole host environment to the program.")
    boolean inheritEnv;

    @Option(names = "--tcplisten", paramLabel = "HOST:PORT", description = "Hand the program a TCP socket listening on this address.")
    List<String> tcpListen = new ArrayList<>();

    @Option(names = "--invoke", paramLabel = "FUNC", description = "Call this export with ARGS parsed as its parameters and print its results.")
    String invoke;

    @Option(names = "--stack", paramLabel = "SIZE", description = "Stack of the guest thread (default 1g).")
    String stack;

    @Parameters(index = "0", paramLabel = "MODULE", description = "The module (.wasm or .wat).")
    Path module;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments for the program.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        CompiledModule compiled = WasmCompiler.compile(WasmCompiler.load(module), CodegenOptions.defaults());
        List<String> argv = new ArrayList<>();
        argv.add(module.toString());
        argv.addAll(args);
        WasiConfig.Builder config = WasiConfig.builder().args(argv);
        Grants grants = new Grants().inheritEnv(inheritEnv);
        dirs.forEach(grants::dir);
        env.forEach(grants::env);
        tcpListen.forEach(grants::tcpListen);
        try {
            grants.applyTo(config);
        } catch (IllegalArgumentException e) {
            throw new Main.UserError(e.getMessage());
        }
        long stackBytes;
        try {
            stackBytes = Launcher.parseSize(stack, Launcher.DEFAULT_STACK);
        } catch (IllegalArgumentException e) {
            throw new Main.UserError("--stack: " + e.getMessage());
        }
        if (invoke == null) {
            return Launcher.run(compiled::instantiate, config.build(), stackBytes, System.err);
        }
        return Invoker.invoke(compiled, config.build(), invoke, args, stackBytes);
    }
}
