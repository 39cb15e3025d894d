package dev.wasm2jar.bench;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Chicory 1.7.5 with its bytecode compiler ({@link MachineFactoryCompiler}) and its WASI preview1,
 * in its stock configuration: how a Chicory user runs a WASI command. The module is translated once
 * by {@link #ChicoryEngine(byte[])}; each {@link #instantiate} is a fresh instance.
 */
final class ChicoryEngine {
    private final WasmModule module;
    private final Function<Instance, Machine> machine;

    ChicoryEngine(byte[] wasm) {
        this.module = Parser.parse(wasm);
        this.machine = MachineFactoryCompiler.compile(module);
    }

    /** A new instance whose WASI sees {@code argv} and writes stdout/stderr to the given streams. */
    Run instantiate(List<String> argv, OutputStream stdout, OutputStream stderr) {
        return instantiate(argv, stdout, stderr, null);
    }

    /** As above, with {@code dir} (when not null) preopened as "." for programs that use files. */
    Run instantiate(List<String> argv, OutputStream stdout, OutputStream stderr, Path dir) {
        WasiOptions.Builder builder = WasiOptions.builder().withArguments(argv).withStdout(stdout).withStderr(stderr);
        if (dir != null) builder.withDirectory(".", dir);
        WasiOptions options = builder.build();
        WasiPreview1 wasi = WasiPreview1.builder().withOptions(options).build();
        Instance instance = Instance.builder(module)
                .withImportValues(ImportValues.builder().addFunction(wasi.toHostFunctions()).build())
                .withMachineFactory(machine)
                .withStart(false) // _start is called by Run.start, so that instantiation can be left out of timing
                .build();
        return new Run(instance, wasi);
    }

    /** One instance, ready to run {@code _start} once. */
    record Run(Instance instance, WasiPreview1 wasi) {
        /** Calls {@code _start}; returns the exit code (0 when it returns). */
        int start() {
            try {
                instance.export("_start").apply();
                return 0;
            } catch (WasiExitException e) {
                return e.exitCode();
            } finally {
                wasi.close();
            }
        }
    }
}
