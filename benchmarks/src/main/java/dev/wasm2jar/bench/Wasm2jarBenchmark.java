package dev.wasm2jar.bench;

import dev.wasm2jar.WasmCompiler;
import dev.wasm2jar.codegen.CodegenOptions;
import dev.wasm2jar.codegen.CompiledModule;
import dev.wasm2jar.runtime.Instance;
import dev.wasm2jar.wasi.Wasi;
import dev.wasm2jar.wasi.WasiConfig;

/** Our compiler, default options, classes defined in memory (as {@code wasm2jar run} does). */
public class Wasm2jarBenchmark extends KernelBenchmark {
    private CompiledModule compiled;
    private Wasi wasi;
    private Instance instance;

    @Override
    protected void compile(byte[] wasm) {
        compiled = WasmCompiler.compile(WasmCompiler.load(wasm), CodegenOptions.defaults());
    }

    @Override
    protected void instantiate() {
        wasi = new Wasi(WasiConfig.builder().args(Kernels.argv(kernel)).stdout(stdout).stderr(System.err).build());
        instance = compiled.instantiate(wasi.imports());
    }

    @Override
    protected int start() {
        return wasi.run(instance);
    }
}
