package dev.wasm2jar.runtime.embed;

import dev.wasm2jar.runtime.FunctionType;
import dev.wasm2jar.runtime.Global;
import dev.wasm2jar.runtime.ImportResolver;
import dev.wasm2jar.runtime.Instance;
import dev.wasm2jar.runtime.Memory;
import dev.wasm2jar.runtime.Table;
import dev.wasm2jar.runtime.WasmFunction;

import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The imports of a module, supplied from Java: host functions, memories, tables and globals under a
 * module and a name, whole instances (all their exports under one module name), and other resolvers
 * such as {@code Wasi.imports()}. Immutable once built; one {@code Imports} may instantiate any number
 * of modules, which then share its memories, tables and globals.
 *
 * <pre>
 * Memory shared = new Memory(1, -1);
 * Imports imports = Imports.builder()
 *         .function("env", "log", (IntConsumer) x -&gt; System.out.println(x))
 *         .function("env", "add", IntBinaryOperator.class, (a, b) -&gt; a + b)
 *         .memory("env", "memory", shared)
 *         .add(wasi.imports())
 *         .build();
 * Instance instance = MyModule.instantiate(imports);   // or ModuleClasses.instantiate(MyModule.class, imports)
 * </pre>
 *
 * Entries given explicitly win over instances and resolvers, which are asked in the order added.
 * Types are checked when a module is instantiated ({@link dev.wasm2jar.runtime.LinkException}).
 */
public final class Imports implements ImportResolver {
    private final Map<String, Map<String, Object>> entries;
    private final List<ImportResolver> fallbacks;

    private Imports(Builder b) {
        Map<String, Map<String, Object>> e = new LinkedHashMap<>();
        b.entries.forEach((module, names) -> e.put(module, Map.copyOf(names)));
        this.entries = Map.copyOf(e);
        this.fallbacks = List.copyOf(b.fallbacks);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Object resolve(String module, String name) {
        Map<String, Object> names = entries.get(module);
        Object v = names != null ? names.get(name) : null;
        for (int i = 0; v == null && i < fallbacks.size(); i++) v = fallbacks.get(i).resolve(module, name);
        return v;
    }

    public static final class Builder {
        private final Map<String, Map<String, Object>> entries = new LinkedHashMap<>();
        private final List<ImportResolver> fallbacks = new ArrayList<>();

        private Builder() {
        }

        private Builder put(String module, String name, Object value) {
            Objects.requireNonNull(value, "value");
            Object old = entries.computeIfAbsent(module, k -> new LinkedHashMap<>()).put(name, value);
            if (old != null) throw new IllegalArgumentException("import " + module + "." + name + " given twice");
            return this;
        }

        /**
         * A host function from a lambda, method reference or other object implementing one
         * functional interface, e.g. {@code (IntBinaryOperator) (a, b) -> a + b}; its Java signature
         * gives the Wasm type ({@link HostFunctions}).
         */
        public Builder function(String module, String name, Object functionalObject) {
            return put(module, name, HostFunctions.of(module + "." + name, functionalObject));
        }

        /** A host function with its functional interface named, so a lambda needs no cast. */
        public <F> Builder function(String module, String name, Class<F> functionalInterface, F implementation) {
            return put(module, name, HostFunctions.of(module + "." + name, functionalInterface, implementation));
        }

        /** A host function from a method handle; its Java types give the Wasm type. */
        public Builder function(String module, String name, MethodHandle handle) {
            return put(module, name, HostFunctions.of(module + "." + name, handle));
        }

        /** A host function of an explicit type (for several results: the handle returns Object[]). */
        public Builder function(String module, String name, FunctionType type, MethodHandle handle) {
            return put(module, name, HostFunctions.of(module + "." + name, type, handle));
        }

        /** A host function of any type over boxed values. */
        public Builder function(String module, String name, FunctionType type, HostFunctions.Boxed function) {
            return put(module, name, HostFunctions.boxed(module + "." + name, type, function));
        }

        /** A function value as it is, e.g. another instance's export. */
        public Builder function(String module, String name, WasmFunction function) {
            return put(module, name, function);
        }

        public Builder memory(String module, String name, Memory memory) {
            return put(module, name, memory);
        }

        public Builder table(String module, String name, Table table) {
            return put(module, name, table);
        }

        public Builder global(String module, String name, Global global) {
            return put(module, name, global);
        }

        /**
         * All exports of {@code instance} as imports from {@code module}: functions, and the very
         * memory, table and global objects, so both instances share them.
         */
        public Builder instance(String module, Instance instance) {
            Objects.requireNonNull(instance, "instance");
            return add((m, n) -> module.equals(m) ? instance.export(n) : null);
        }

        /** A resolver asked for what the entries do not have, e.g. {@code wasi.imports()}. */
        public Builder add(ImportResolver resolver) {
            fallbacks.add(Objects.requireNonNull(resolver, "resolver"));
            return this;
        }

        public Imports build() {
            return new Imports(this);
        }
    }
}
