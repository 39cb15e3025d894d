package dev.wasm2jar.spec;

import dev.wasm2jar.runtime.FunctionType;
import dev.wasm2jar.runtime.Global;
import dev.wasm2jar.runtime.Memory;
import dev.wasm2jar.runtime.Table;
import dev.wasm2jar.runtime.ValueType;
import dev.wasm2jar.runtime.WasmFunction;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code spectest} host module of the spec's reference interpreter, which the testsuite's
 * scripts import from: print functions (silent here), four globals, a table and a memory. A fresh
 * one is made for every script, as the reference interpreter does.
 */
final class SpecTestHost {
    private SpecTestHost() {
    }

    static Map<String, Object> exports() {
        Map<String, Object> m = new HashMap<>();
        m.put("print", print("print"));
        m.put("print_i32", print("print_i32", ValueType.I32));
        m.put("print_i64", print("print_i64", ValueType.I64));
        m.put("print_f32", print("print_f32", ValueType.F32));
        m.put("print_f64", print("print_f64", ValueType.F64));
        m.put("print_i32_f32", print("print_i32_f32", ValueType.I32, ValueType.F32));
        m.put("print_f64_f64", print("print_f64_f64", ValueType.F64, ValueType.F64));
        m.put("global_i32", Global.ofI32(666, false));
        m.put("global_i64", Global.ofI64(666, false));
        m.put("global_f32", Global.ofF32(666.6f, false));
        m.put("global_f64", Global.ofF64(666.6, false));
        m.put("table", new Table(ValueType.FUNCREF, 10, 20, null));
        m.put("memory", new Memory(1, 2));
        return m;
    }

    private static final MethodHandle IGNORE;

    static {
        try {
            IGNORE = MethodHandles.lookup().findStatic(SpecTestHost.class, "ignore", MethodType.methodType(void.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused")
    private static void ignore() {
    }

    private static WasmFunction print(String name, ValueType... params) {
        FunctionType type = FunctionType.of(params);
        MethodHandle h = MethodHandles.dropArguments(IGNORE, 0, type.methodType().parameterList());
        return WasmFunction.host("spectest." + name, type, h);
    }
}
