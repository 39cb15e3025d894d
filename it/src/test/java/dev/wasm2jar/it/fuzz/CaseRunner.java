package dev.wasm2jar.it.fuzz;

import dev.wasm2jar.WasmCompiler;
import dev.wasm2jar.binary.ModuleDecoder;
import dev.wasm2jar.codegen.CodegenOptions;
import dev.wasm2jar.codegen.CompiledModule;
import dev.wasm2jar.error.ModuleException;
import dev.wasm2jar.model.Module;
import dev.wasm2jar.runtime.FunctionType;
import dev.wasm2jar.runtime.Instance;
import dev.wasm2jar.runtime.LinkException;
import dev.wasm2jar.runtime.Memory;
import dev.wasm2jar.runtime.Trap;
import dev.wasm2jar.runtime.TrapKind;
import dev.wasm2jar.runtime.WasmFunction;
import dev.wasm2jar.validate.ModuleValidator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Runs one module through the whole pipeline (decode, validate, compile, instantiate with stub
 * imports, call every exported function with each argument set) on a worker thread under time
 * limits, and classifies what happened. Only {@link ModuleException} at load/compile time,
 * {@link LinkException} and {@link Trap} are documented; anything else thrown, and a hang of the
 * compiler or runtime, is a {@link Kind#FINDING}. A guest that merely loops forever (a valid
 * module may) is {@link Kind#GUEST_TIMEOUT}, not a finding.
 *
 * <p>The transcript ({@link Outcome#lines}) is what the differential test compares with the JS
 * driver's: one {@code call}, then the host calls it made, then its result or trap category, then
 * (when recording) the memory's size and hash.
 */
final class CaseRunner {
    enum Stage { DECODE, VALIDATE, COMPILE, INSTANTIATE, RUN, DONE }

    enum Kind { OK, REJECTED, LINK_ERROR, START_TRAP, GUEST_TIMEOUT, FINDING }

    record Outcome(Kind kind, Stage stage, String detail, String signature, List<String> lines, String trace) {
        Outcome(Kind kind, Stage stage, String detail, String signature, List<String> lines) {
            this(kind, stage, detail, signature, lines, null);
        }

        boolean isFinding() {
            return kind == Kind.FINDING;
        }

        @Override
        public String toString() {
            return kind + " at " + stage + (detail != null ? ": " + detail : "");
        }
    }

    static final String HANG_INIT = "hangLimitInitializer";
    /** Case threads that survived being stopped (each may hold a guest's memory): fuzzers stop early at a few. */
    static final java.util.concurrent.atomic.AtomicInteger LEAKED = new java.util.concurrent.atomic.AtomicInteger();

    private final long compileLimitMs;
    private final long runLimitMs;
    /** Differential mode: record host calls and memory hashes in the transcript. */
    private final boolean recordMemory;
    private final int maxCalls;

    /** When set (and recording), the memory after call N is written to {@code ours-N.bin} here. */
    private final java.nio.file.Path dumpDir;

    CaseRunner(long compileLimitMs, long runLimitMs, boolean recordMemory, int maxCalls) {
        this(compileLimitMs, runLimitMs, recordMemory, maxCalls, null);
    }

    CaseRunner(long compileLimitMs, long runLimitMs, boolean recordMemory, int maxCalls, java.nio.file.Path dumpDir) {
        this.compileLimitMs = compileLimitMs;
        this.runLimitMs = runLimitMs;
        this.recordMemory = recordMemory;
        this.maxCalls = maxCalls;
        this.dumpDir = dumpDir;
    }

    Outcome run(byte[] wasm) {
        Task task = new Task(wasm);
        Thread t = new Thread(null, task, "fuzz-case", 16L << 20);
        t.setDaemon(true);
        t.start();
        while (true) {
            try {
                t.join(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (!t.isAlive()) return task.outcome;
            Stage s = task.stage;
            long limit = s == Stage.RUN || s == Stage.INSTANTIATE ? runLimitMs : compileLimitMs;
            if (System.currentTimeMillis() - task.stageStart > limit) return timeout(t, task, s);
        }
    }

    /** Stops a case over its limit: a hang in guest code is the module's, any other is a finding. */
    @SuppressWarnings({"deprecation", "removal"})
    private static Outcome timeout(Thread t, Task task, Stage s) {
        boolean guest = false;
        String where = "?";
        String trace = null;
        for (int i = 0; i < 3 && !guest; i++) {
            StackTraceElement[] st = t.getStackTrace();
            where = topFrame(st);
            StringBuilder sb = new StringBuilder();
            for (StackTraceElement e : st) sb.append("\tat ").append(e).append('\n');
            trace = sb.toString();
            guest = (s == Stage.RUN || s == Stage.INSTANTIATE) && inGuestCode(st);
            if (!guest) sleep(30);
        }
        task.stopped = true;
        try {
            t.stop(); // Java 17 still stops a runaway guest; later JDKs leave it running as a daemon
            t.join(2_000);
        } catch (UnsupportedOperationException e) {
            // nothing better to do: the thread is a daemon
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) LEAKED.incrementAndGet();
        List<String> lines = new ArrayList<>(task.lines);
        lines.add("timeout");
        if (guest) return new Outcome(Kind.GUEST_TIMEOUT, s, null, null, lines);
        return new Outcome(Kind.FINDING, s, "hang (over the time limit) at " + where, s.name().toLowerCase() + ": hang at " + where, lines, trace);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Whether the thread is executing the guest: generated code, or a host stub it called (with
     * whatever runtime code the stub uses). Runtime or compiler code on top of generated code is
     * not the guest's (a runtime helper that hangs is a finding); samples are taken a few times.
     */
    private static boolean inGuestCode(StackTraceElement[] st) {
        boolean project = false;
        for (StackTraceElement e : st) {
            String c = e.getClassName();
            if (c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.")) continue;
            if (c.startsWith("dev.wasm2jar.it.")) return true; // a host stub, called by the guest
            if (c.startsWith("dev.wasm2jar.")) {
                project = true;
                continue;
            }
            return !project; // generated code
        }
        return false;
    }

    private static String topFrame(StackTraceElement[] st) {
        for (StackTraceElement e : st) {
            if (e.getClassName().startsWith("dev.wasm2jar.") && !e.getClassName().startsWith("dev.wasm2jar.it.")) {
                return e.getClassName() + "." + e.getMethodName();
            }
        }
        return st.length > 0 ? st[0].getClassName() + "." + st[0].getMethodName() : "?";
    }

    /** A stable name for a bug: stage, exception class and the innermost frame of the project's code. */
    static String signature(Stage s, Throwable t) {
        Throwable root = t;
        if (t instanceof Trap.InternalError && t.getCause() != null) root = t.getCause();
        String frame = topFrame(root.getStackTrace());
        return s.name().toLowerCase() + ": " + root.getClass().getName() + " at " + frame;
    }

    /** Trap kinds grouped the way V8 reports them (it does not tell some of them apart). */
    static String trapCategory(TrapKind k) {
        return switch (k) {
            case UNREACHABLE -> "unreachable";
            case INTEGER_DIVIDE_BY_ZERO -> "div-zero";
            // V8 says "float unrepresentable" for both trunc traps, we say overflow for an out-of-range trunc
            case INTEGER_OVERFLOW, INVALID_CONVERSION_TO_INTEGER -> "overflow";
            case OUT_OF_BOUNDS_MEMORY_ACCESS -> "memory-oob";
            case OUT_OF_BOUNDS_TABLE_ACCESS, UNDEFINED_ELEMENT -> "table-oob";
            case UNINITIALIZED_ELEMENT, INDIRECT_CALL_TYPE_MISMATCH -> "call-indirect";
            case CALL_STACK_EXHAUSTED -> "stack";
            case NULL_REFERENCE, NULL_FUNCTION_REFERENCE -> "null";
            default -> k.name().toLowerCase();
        };
    }

    private final class Task implements Runnable {
        final byte[] wasm;
        volatile Stage stage = Stage.DECODE;
        volatile long stageStart = System.currentTimeMillis();
        volatile boolean stopped;
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Outcome outcome;

        Task(byte[] wasm) {
            this.wasm = wasm;
        }

        private void enter(Stage s) {
            stageStart = System.currentTimeMillis();
            stage = s;
        }

        @Override
        public void run() {
            try {
                outcome = pipeline();
            } catch (Throwable t) {
                if (stopped) return;
                java.io.StringWriter w = new java.io.StringWriter();
                t.printStackTrace(new java.io.PrintWriter(w));
                outcome = new Outcome(Kind.FINDING, stage, t.toString(), signature(stage, t), List.copyOf(lines), w.toString());
            }
        }

        private Outcome pipeline() {
            Module module;
            CompiledModule compiled;
            try {
                module = ModuleDecoder.decode(wasm);
                enter(Stage.VALIDATE);
                ModuleValidator.validate(module);
                enter(Stage.COMPILE);
                compiled = WasmCompiler.compile(module, CodegenOptions.defaults().withClassName("fuzz.M1"));
            } catch (ModuleException e) {
                return new Outcome(Kind.REJECTED, stage, e.getMessage(), null, List.of("rejected"));
            }
            enter(Stage.INSTANTIATE);
            Instance inst;
            try {
                inst = compiled.instantiate(new Stubs(module, recordMemory ? lines : null));
            } catch (LinkException e) {
                return new Outcome(Kind.LINK_ERROR, stage, e.getMessage(), null, List.of("link error"));
            } catch (Trap e) {
                lines.add("start trap " + trapCategory(e.kind()));
                return new Outcome(Kind.START_TRAP, stage, e.getMessage(), null, List.copyOf(lines));
            }
            enter(Stage.RUN);
            exercise(inst);
            enter(Stage.DONE);
            return new Outcome(Kind.OK, Stage.DONE, null, null, List.copyOf(lines));
        }

        private void exercise(Instance inst) {
            WasmFunction hangInit = inst.function(HANG_INIT);
            Memory memory = null;
            for (String name : inst.exportNames()) {
                Object e = inst.export(name);
                if (memory == null && e instanceof Memory m) memory = m;
            }
            int calls = 0;
            for (String name : inst.exportNames()) {
                WasmFunction f = inst.function(name);
                if (f == null || name.equals(HANG_INIT)) continue;
                FunctionType type = f.type();
                for (int set = 0; set < Values.ARG_SETS && calls < maxCalls; set++, calls++) {
                    if (hangInit != null) call(hangInit, new Object[0], null);
                    lines.add("call " + name + " " + set);
                    call(f, Values.args(type.params(), set), type);
                    if (recordMemory && memory != null) {
                        lines.add("memory " + memory.pages() + " " + Integer.toHexString(Values.hash(memory.bytes)));
                        dump(memory.bytes, calls);
                    }
                }
            }
        }

        private void dump(byte[] bytes, int call) {
            if (dumpDir == null) return;
            try {
                java.nio.file.Files.write(dumpDir.resolve("ours-" + call + ".bin"), bytes);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** Calls a function; traps are documented results. {@code type} null: the result is not recorded. */
        private void call(WasmFunction f, Object[] args, FunctionType type) {
            Object[] r;
            try {
                r = f.call(args);
            } catch (Trap t) {
                if (type != null) lines.add("trap " + trapCategory(t.kind()));
                return;
            }
            if (type == null) return;
            StringBuilder sb = new StringBuilder("result");
            for (int i = 0; i < r.length; i++) sb.append(' ').append(Values.format(type.result(i), r[i]));
            lines.add(sb.toString());
        }
    }
}
