package dev.wasm2jar.bench;

/** Chicory 1.7.5's bytecode compiler, stock configuration. */
public class ChicoryBenchmark extends KernelBenchmark {
    private ChicoryEngine engine;
    private ChicoryEngine.Run run;

    @Override
    protected void compile(byte[] wasm) {
        engine = new ChicoryEngine(wasm);
    }

    @Override
    protected void instantiate() {
        run = engine.instantiate(Kernels.argv(kernel), stdout, System.err);
    }

    @Override
    protected int start() {
        return run.start();
    }
}
