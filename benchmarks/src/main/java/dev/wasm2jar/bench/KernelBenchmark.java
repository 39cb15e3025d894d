package dev.wasm2jar.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One kernel's {@code main}, run to completion, per benchmark call. The module is compiled once per
 * trial; a WASI command's {@code _start} may run only once per instance (wasi-libc traps on a second
 * call), so each call gets a fresh instance, made in an untimed per-invocation setup: the score is
 * {@code _start} alone. Output goes to memory and is checked against the native checksum line after
 * every call, outside the timing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public abstract class KernelBenchmark {
    @Param({"calls", "fannkuch", "matmul", "sha256", "strings"})
    public String kernel;

    protected final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private int exitCode;

    /** Translates the module (untimed). */
    protected abstract void compile(byte[] wasm) throws Exception;

    /** Makes a fresh instance whose WASI writes to {@link #stdout} (untimed). */
    protected abstract void instantiate();

    /** Runs {@code _start}; returns the exit code. */
    protected abstract int start();

    @Setup(Level.Trial)
    public void compileKernel() throws Exception {
        compile(Kernels.wasm(kernel));
    }

    @Setup(Level.Invocation)
    public void newInstance() {
        stdout.reset();
        instantiate();
    }

    @Benchmark
    public int run() {
        exitCode = start();
        return exitCode;
    }

    @TearDown(Level.Invocation)
    public void checkOutput() {
        Kernels.check(kernel, exitCode, stdout.toString(StandardCharsets.UTF_8));
    }
}
