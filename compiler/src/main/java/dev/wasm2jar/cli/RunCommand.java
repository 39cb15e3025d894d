package dev.wasm2jar.cli;

import dev.wasm2jar.WasmCompiler;
import dev.wasm2jar.codegen.CodegenOptions;
import dev.wasm2jar.codegen.CompiledModule;
import dev.wasm2jar.runtime.HostLimits;
import dev.wasm2jar.wasi.WasiConfig;
import dev.wasm2jar.wasi.launch.Grants;
import dev.wasm2jar.wasi.launch.Launcher;
import dev.wasm2jar.wasi.launch.Timeout;
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

    @Option(names = "--stack", paramLabel = "SIZE", description = "Stack of the guest thread (default 128m).")
    String stack;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Stop the program with an 'interrupted' trap after this long (e.g. 5s, 500ms, 2m); compiles loop checks in.")
    String timeout;

    @Option(names = "--max-memory-pages", paramLabel = "N", description = "Most 64 KiB pages a memory may have; memory.grow past it returns -1 (default 32767).")
    Integer maxMemoryPages;

    @Option(names = "--max-table-elements", paramLabel = "N", description = "Most elements a table may have; table.grow past it returns -1 (default 10000000).")
    Integer maxTableElements;

    @Parameters(index = "0", paramLabel = "MODULE", description = "The module (.wasm or .wat).")
    Path module;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments for the program.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        long timeoutMillis;
        try {
            timeoutMillis = Timeout.parseMillis(timeout);
        } catch (IllegalArgumentException e) {
            throw new Main.UserError("--timeout: " + e.getMessage());
        }
        // the interruption checks cost tight loops a little: only compiled in when a timeout is asked for
        CodegenOptions options = CodegenOptions.defaults().withInterruptible(timeoutMillis > 0);
        CompiledModule compiled = WasmCompiler.compile(WasmCompiler.load(module), options);
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
        try {
            if (maxMemoryPages != null) HostLimits.setMaxMemoryPages(maxMemoryPages);
            if (maxTableElements != null) HostLimits.setMaxTableElements(maxTableElements);
        } catch (IllegalArgumentException e) {
            throw new Main.UserError(e.getMessage());
        }
        if (invoke == null) {
            return Timeout.run(compiled::instantiate, config.build(), stackBytes, timeoutMillis, System.err);
        }
        return Invoker.invoke(compiled, config.build(), invoke, args, stackBytes, timeoutMillis);
    }
}
