package dev.wasm2jar.cli;

import dev.wasm2jar.codegen.CompiledModule;
import dev.wasm2jar.runtime.FunctionType;
import dev.wasm2jar.runtime.Instance;
import dev.wasm2jar.runtime.ValueType;
import dev.wasm2jar.runtime.WasmFunction;
import dev.wasm2jar.wasi.Wasi;
import dev.wasm2jar.wasi.WasiConfig;
import dev.wasm2jar.wasi.launch.Launcher;
import dev.wasm2jar.wasi.launch.Timeout;

import java.util.List;

/**
 * {@code wasm2jar run --invoke FUNC MODULE ARGS...}: calls one export with ARGS parsed as its
 * parameter types and prints each result on its own line, as {@code wasmtime run --invoke} does.
 */
final class Invoker {
    private Invoker() {
    }

    static int invoke(CompiledModule compiled, WasiConfig config, String name, List<String> args, long stackBytes, long timeoutMillis) {
        return Launcher.onGuestThread(Timeout.limit(() -> {
            Wasi wasi = new Wasi(config);
            Instance instance = compiled.instantiate(wasi.imports());
            wasi.bind(instance.memory("memory"));
            WasmFunction f = instance.function(name);
            if (f == null) {
                System.err.println("wasm2jar: the module has no exported function '" + name + "'");
                return 1;
            }
            FunctionType type = f.type();
            if (args.size() != type.paramCount()) {
                System.err.println("wasm2jar: " + name + " takes " + type.paramCount() + " arguments, got " + args.size());
                return 1;
            }
            Object[] values = new Object[args.size()];
            for (int i = 0; i < values.length; i++) {
                try {
                    values[i] = parse(type.param(i), args.get(i));
                } catch (NumberFormatException e) {
                    System.err.println("wasm2jar: argument " + (i + 1) + " '" + args.get(i) + "' is not a valid " + type.param(i));
                    return 1;
                }
            }
            for (Object r : f.call(values)) System.out.println(format(r));
            System.out.flush();
            return 0;
        }, timeoutMillis), stackBytes, System.err);
    }

    static Object parse(ValueType t, String s) {
        switch (t) {
            case I32: return (int) parseInteger(s, 32);
            case I64: return parseInteger(s, 64);
            case F32: return Float.parseFloat(s);
            case F64: return Double.parseDouble(s);
            default: throw new NumberFormatException("cannot pass a " + t + " from the command line");
        }
    }

    /** Decimal or 0x hex, signed or unsigned within the type's bit width. */
    private static long parseInteger(String s, int bits) {
        String t = s.replace("_", "");
        boolean neg = t.startsWith("-");
        if (neg || t.startsWith("+")) t = t.substring(1);
        long v = t.startsWith("0x") || t.startsWith("0X") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseUnsignedLong(t);
        if (bits == 32 && (v >>> 32) != 0) throw new NumberFormatException(s);
        return neg ? -v : v;
    }

    static String format(Object r) {
        if (r == null) return "null";
        return r.toString();
    }
}
