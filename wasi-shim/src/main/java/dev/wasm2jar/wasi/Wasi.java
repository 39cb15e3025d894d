package dev.wasm2jar.wasi;

import dev.wasm2jar.runtime.FunctionType;
import dev.wasm2jar.runtime.ImportResolver;
import dev.wasm2jar.runtime.Instance;
import dev.wasm2jar.runtime.Memory;
import dev.wasm2jar.runtime.ValueType;
import dev.wasm2jar.runtime.WasmFunction;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * wasi_snapshot_preview1 for one guest instance.
 *
 * <pre>
 * Wasi wasi = new Wasi(WasiConfig.builder().args(List.of("app")).preopen(dir, ".").build());
 * Instance inst = Module.instantiate(wasi.imports());   // however the module is instantiated
 * int exit = wasi.run(inst);                             // binds "memory", calls _start
 * </pre>
 *
 * Host functions read the guest memory through {@link #bind}, re-reading it on every access.
 * One guest thread at a time.
 */
public final class Wasi {
    public static final String MODULE = "wasi_snapshot_preview1";

    private final WasiContext cx;
    private final Map<String, WasmFunction> functions;

    public Wasi(WasiConfig config) {
        this.cx = new WasiContext(config);
        Map<String, WasmFunction> fs = new TreeMap<>();
        for (Calls calls : new Calls[] {new ProcCalls(cx), new FdCalls(cx), new PathCalls(cx), new PollCalls(cx), new SockCalls(cx)}) {
            register(fs, calls);
        }
        this.functions = Collections.unmodifiableMap(fs);
    }

    /** Every public instance method of a {@link Calls} class is a host function of the same name and signature. */
    private static void register(Map<String, WasmFunction> out, Calls calls) {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        for (Method m : calls.getClass().getDeclaredMethods()) {
            if (!Modifier.isPublic(m.getModifiers()) || Modifier.isStatic(m.getModifiers()) || m.isSynthetic()) continue;
            Class<?>[] ps = m.getParameterTypes();
            ValueType[] params = new ValueType[ps.length];
            for (int i = 0; i < ps.length; i++) params[i] = valueType(ps[i], m);
            ValueType[] results = m.getReturnType() == void.class ? new ValueType[0]
                    : new ValueType[] {valueType(m.getReturnType(), m)};
            FunctionType type = FunctionType.of(params, results);
            MethodHandle h;
            try {
                h = lookup.unreflect(m).bindTo(calls);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            if (out.put(m.getName(), WasmFunction.host(m.getName(), type, h)) != null) {
                throw new IllegalStateException("duplicate WASI function " + m.getName());
            }
        }
    }

    private static ValueType valueType(Class<?> c, Method m) {
        if (c == int.class) return ValueType.I32;
        if (c == long.class) return ValueType.I64;
        throw new IllegalStateException("not a wasm type in " + m);
    }

    /** Resolves {@code wasi_snapshot_preview1} imports; anything else (or an unknown name) is null. */
    public ImportResolver imports() {
        return (module, name) -> MODULE.equals(module) ? functions.get(name) : null;
    }

    /** The host functions by name. */
    public Map<String, WasmFunction> functions() {
        return functions;
    }

    /** Gives the host functions the guest's memory (its "memory" export, known after instantiation). */
    public void bind(Memory memory) {
        cx.mem.bind(memory);
    }

    /**
     * Runs a command: binds the "memory" export, calls {@code _start}, and returns the exit code: 0
     * when {@code _start} returns, n on proc_exit(n). Traps propagate as {@link dev.wasm2jar.runtime.Trap}.
     */
    public int run(Instance instance) {
        Memory m = instance.memory("memory");
        if (m != null) bind(m);
        WasmFunction start = instance.function("_start");
        if (start == null) throw new IllegalArgumentException("the module exports no _start function");
        try {
            start.call();
            return 0;
        } catch (WasiExitException e) {
            return e.code();
        } finally {
            flush(cx.config.stdout);
            flush(cx.config.stderr);
        }
    }

    private static void flush(OutputStream out) {
        try {
            out.flush();
        } catch (IOException e) {
            // nothing to report it to
        }
    }
}
