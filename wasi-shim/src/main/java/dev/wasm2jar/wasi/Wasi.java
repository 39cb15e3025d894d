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
import java.util.Collections;
import java.util.HashMap;
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
 * One guest thread at a time. Start-up stays cheap: no reflection, and a function object is only
 * made for a name that is asked for; its method handle only when someone needs one (compiled code
 * calls {@link WasiImports} directly).
 */
public final class Wasi {
    public static final String MODULE = "wasi_snapshot_preview1";

    /** Every function name, in order. */
    private static final String[] NAMES = {
        "args_get",
        "args_sizes_get",
        "clock_res_get",
        "clock_time_get",
        "environ_get",
        "environ_sizes_get",
        "fd_advise",
        "fd_allocate",
        "fd_close",
        "fd_datasync",
        "fd_fdstat_get",
        "fd_fdstat_set_flags",
        "fd_fdstat_set_rights",
        "fd_filestat_get",
        "fd_filestat_set_size",
        "fd_filestat_set_times",
        "fd_pread",
        "fd_prestat_dir_name",
        "fd_prestat_get",
        "fd_pwrite",
        "fd_read",
        "fd_readdir",
        "fd_renumber",
        "fd_seek",
        "fd_sync",
        "fd_tell",
        "fd_write",
        "path_create_directory",
        "path_filestat_get",
        "path_filestat_set_times",
        "path_link",
        "path_open",
        "path_readlink",
        "path_remove_directory",
        "path_rename",
        "path_symlink",
        "path_unlink_file",
        "poll_oneoff",
        "proc_exit",
        "proc_raise",
        "random_get",
        "sched_yield",
        "sock_accept",
        "sock_recv",
        "sock_send",
        "sock_shutdown"
    };

    private final WasiContext cx;
    private final WasiHost host;
    private final Map<String, WasmFunction> made = new HashMap<>();

    public Wasi(WasiConfig config) {
        this.cx = new WasiContext(config);
        this.host = new WasiHost(cx);
    }

    /** The JVM descriptor of a function ({@code I} = i32, {@code J} = i64, result I = errno), or null if there is none. */
    static String descriptor(String name) {
        return switch (name) {
            case "args_get" -> "(II)I";
            case "args_sizes_get" -> "(II)I";
            case "clock_res_get" -> "(II)I";
            case "clock_time_get" -> "(IJI)I";
            case "environ_get" -> "(II)I";
            case "environ_sizes_get" -> "(II)I";
            case "fd_advise" -> "(IJJI)I";
            case "fd_allocate" -> "(IJJ)I";
            case "fd_close" -> "(I)I";
            case "fd_datasync" -> "(I)I";
            case "fd_fdstat_get" -> "(II)I";
            case "fd_fdstat_set_flags" -> "(II)I";
            case "fd_fdstat_set_rights" -> "(IJJ)I";
            case "fd_filestat_get" -> "(II)I";
            case "fd_filestat_set_size" -> "(IJ)I";
            case "fd_filestat_set_times" -> "(IJJI)I";
            case "fd_pread" -> "(IIIJI)I";
            case "fd_prestat_dir_name" -> "(III)I";
            case "fd_prestat_get" -> "(II)I";
            case "fd_pwrite" -> "(IIIJI)I";
            case "fd_read" -> "(IIII)I";
            case "fd_readdir" -> "(IIIJI)I";
            case "fd_renumber" -> "(II)I";
            case "fd_seek" -> "(IJII)I";
            case "fd_sync" -> "(I)I";
            case "fd_tell" -> "(II)I";
            case "fd_write" -> "(IIII)I";
            case "path_create_directory" -> "(III)I";
            case "path_filestat_get" -> "(IIIII)I";
            case "path_filestat_set_times" -> "(IIIIJJI)I";
            case "path_link" -> "(IIIIIII)I";
            case "path_open" -> "(IIIIIJJII)I";
            case "path_readlink" -> "(IIIIII)I";
            case "path_remove_directory" -> "(III)I";
            case "path_rename" -> "(IIIIII)I";
            case "path_symlink" -> "(IIIII)I";
            case "path_unlink_file" -> "(III)I";
            case "poll_oneoff" -> "(IIII)I";
            case "proc_exit" -> "(I)V";
            case "proc_raise" -> "(I)I";
            case "random_get" -> "(II)I";
            case "sched_yield" -> "()I";
            case "sock_accept" -> "(III)I";
            case "sock_recv" -> "(IIIIII)I";
            case "sock_send" -> "(IIIII)I";
            case "sock_shutdown" -> "(II)I";
            default -> null;
        };
    }

    /** The functions as plain Java methods, for compiled code and embedders. */
    public WasiImports host() {
        return host;
    }

    /** The host function of that name (one object per name and instance), or null if WASI has none. */
    public WasmFunction function(String name) {
        WasmFunction f = made.get(name);
        if (f == null) {
            String desc = descriptor(name);
            if (desc == null) return null;
            f = new HostFunction(name, functionType(desc), host);
            made.put(name, f);
        }
        return f;
    }

    private static FunctionType functionType(String desc) {
        int close = desc.indexOf(')');
        ValueType[] params = new ValueType[close - 1];
        for (int i = 1; i < close; i++) params[i - 1] = desc.charAt(i) == 'J' ? ValueType.I64 : ValueType.I32;
        ValueType[] results = desc.charAt(close + 1) == 'V' ? new ValueType[0] : new ValueType[] {ValueType.I32};
        return FunctionType.of(params, results);
    }

    /** Resolves {@code wasi_snapshot_preview1} imports; anything else (or an unknown name) is null. */
    public ImportResolver imports() {
        return new Resolver(this);
    }

    /** A class, not a lambda: a lambda's bootstrap would cost start-up time. */
    private static final class Resolver implements ImportResolver {
        private final Wasi wasi;

        Resolver(Wasi wasi) {
            this.wasi = wasi;
        }

        @Override
        public Object resolve(String module, String name) {
            return MODULE.equals(module) ? wasi.function(name) : null;
        }
    }

    /** A WASI function: {@link WasmFunction#direct} is the {@link WasiImports}; the handle is made on first use. */
    private static final class HostFunction extends WasmFunction {
        HostFunction(String name, FunctionType type, WasiHost host) {
            super(type, null, -1, name, host);
        }

        @Override
        protected MethodHandle resolveHandle() {
            try {
                return MethodHandles.publicLookup().findVirtual(WasiImports.class, name(), type().methodType()).bindTo(direct);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("no WASI method for " + name(), e);
            }
        }
    }

    /** Every host function by name. */
    public Map<String, WasmFunction> functions() {
        Map<String, WasmFunction> all = new TreeMap<>();
        for (String n : NAMES) all.put(n, function(n));
        return Collections.unmodifiableMap(all);
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
            start.callVoid();
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
