package dev.wasm2jar.runtime.embed;

import dev.wasm2jar.runtime.Global;
import dev.wasm2jar.runtime.Instance;
import dev.wasm2jar.runtime.Memory;
import dev.wasm2jar.runtime.Table;
import dev.wasm2jar.runtime.Trap;
import dev.wasm2jar.runtime.WasmFunction;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleProxies;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * An instance's exports by name, each of a given kind: a missing export, or one of another kind, is
 * a {@link NoSuchElementException} that lists what the module does export.
 *
 * <pre>
 * Exports exports = Exports.of(instance);
 * int sum = (int) exports.function("add").handle().invokeExact(2, 3);   // exact types, fastest
 * Object[] r = exports.function("add").call(2, 3);                      // boxed
 * IntBinaryOperator add = exports.function("add", IntBinaryOperator.class);
 * Memory memory = exports.memory("memory");
 * </pre>
 *
 * Calls through any of these surface guest failures as {@link Trap}.
 */
public final class Exports {
    private final Instance instance;

    private Exports(Instance instance) {
        this.instance = Objects.requireNonNull(instance, "instance");
    }

    public static Exports of(Instance instance) {
        return new Exports(instance);
    }

    public Instance instance() {
        return instance;
    }

    /** Export names in the module's order. */
    public List<String> names() {
        return instance.exportNames();
    }

    public WasmFunction function(String name) {
        return get(name, WasmFunction.class, "function");
    }

    public Memory memory(String name) {
        return get(name, Memory.class, "memory");
    }

    public Table table(String name) {
        return get(name, Table.class, "table");
    }

    public Global global(String name) {
        return get(name, Global.class, "global");
    }

    /**
     * The exported function as an implementation of a functional interface whose single method has
     * the function's Java types, e.g. {@code IntBinaryOperator} for {@code (i32, i32) -> i32}. A
     * convenience: each call goes through a JDK proxy; the typed facade or {@code handle()} are faster.
     */
    public <F> F function(String name, Class<F> functionalInterface) {
        WasmFunction f = function(name);
        Method sam = null;
        for (Method m : functionalInterface.getMethods()) {
            if (java.lang.reflect.Modifier.isAbstract(m.getModifiers())) {
                if (sam != null) throw new IllegalArgumentException(functionalInterface.getName() + " is not a functional interface");
                sam = m;
            }
        }
        if (sam == null) throw new IllegalArgumentException(functionalInterface.getName() + " is not a functional interface");
        MethodType want = MethodType.methodType(sam.getReturnType(), sam.getParameterTypes());
        MethodHandle h;
        try {
            h = f.handle().asType(want);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("export " + name + " of type " + f.type() + " does not fit " + sam, e);
        }
        return MethodHandleProxies.asInterfaceInstance(functionalInterface, trapping(h));
    }

    private static final MethodHandle TO_TRAP;

    static {
        try {
            TO_TRAP = MethodHandles.lookup().findStatic(Exports.class, "toTrap", MethodType.methodType(Object.class, Throwable.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** {@code h} with whatever generated code throws turned into a Trap ({@link Trap#of}). */
    static MethodHandle trapping(MethodHandle h) {
        MethodType mt = h.type();
        MethodHandle handler = TO_TRAP.asType(MethodType.methodType(mt.returnType(), Throwable.class));
        handler = MethodHandles.dropArguments(handler, 1, mt.parameterList());
        return MethodHandles.catchException(h, Throwable.class, handler);
    }

    private static Object toTrap(Throwable t) {
        throw Trap.of(t);
    }

    private <T> T get(String name, Class<T> kind, String what) {
        Object v = instance.export(name);
        if (kind.isInstance(v)) return kind.cast(v);
        throw new NoSuchElementException((v == null ? "no export named " : "the export is not a " + what + ": ")
                + "'" + name + "'; the module exports " + instance.exportNames());
    }
}
