package dev.wasm2jar.codegen;

import dev.wasm2jar.runtime.ImportResolver;
import dev.wasm2jar.runtime.Instance;
import dev.wasm2jar.runtime.ModuleInstance;
import dev.wasm2jar.runtime.Trap;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Collections;
import java.util.Map;

/**
 * The output of {@link ModuleGenerator}: class files and resources, which can be written to a jar
 * or instantiated directly.
 */
public final class CompiledModule {
    private final String className;
    private final Map<String, byte[]> classFiles;
    private final Map<String, byte[]> resources;
    private final GenerationStats stats;
    private Loader loader;

    CompiledModule(String className, Map<String, byte[]> classFiles, Map<String, byte[]> resources, GenerationStats stats) {
        this.className = className;
        this.stats = stats;
        this.classFiles = Collections.unmodifiableMap(classFiles);
        this.resources = Collections.unmodifiableMap(resources);
    }

    /** Sizes of what was generated (largest method, split functions). */
    public GenerationStats stats() {
        return stats;
    }

    /** Binary name of the instance class (e.g. {@code wasm.Module}). */
    public String className() {
        return className;
    }

    /** Class files by internal name (e.g. {@code wasm/Module$Code0}). */
    public Map<String, byte[]> classFiles() {
        return classFiles;
    }

    /** Resources by path (e.g. {@code wasm/Module.data}), to be stored next to the classes. */
    public Map<String, byte[]> resources() {
        return resources;
    }

    /**
     * Defines the classes in a class loader of their own (parent: the runtime's loader; created once
     * per compiled module) and instantiates the module. Throws {@link dev.wasm2jar.runtime.LinkException}
     * when imports do not match and {@link Trap} when instantiation traps.
     */
    public Instance instantiate(ImportResolver imports) {
        MethodHandle mh;
        try {
            Class<?> c = loader().loadClass(className);
            mh = MethodHandles.publicLookup().findStatic(c, "instantiate", MethodType.methodType(c, ImportResolver.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load generated class " + className, e);
        }
        try {
            return (Instance) mh.invoke(imports);
        } catch (Throwable t) {
            throw Trap.of(t);
        }
    }

    private synchronized Loader loader() {
        if (loader == null) loader = new Loader(ModuleInstance.class.getClassLoader(), classFiles, resources);
        return loader;
    }

    /** Serves the generated classes and resources from memory. */
    private static final class Loader extends ClassLoader {
        private final Map<String, byte[]> classes;
        private final Map<String, byte[]> resources;

        Loader(ClassLoader parent, Map<String, byte[]> classes, Map<String, byte[]> resources) {
            super(parent);
            this.classes = classes;
            this.resources = resources;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] b = classes.get(name.replace('.', '/'));
            if (b == null) throw new ClassNotFoundException(name);
            return defineClass(name, b, 0, b.length);
        }

        @Override
        public InputStream getResourceAsStream(String name) {
            byte[] b = resources.get(name);
            return b != null ? new ByteArrayInputStream(b) : super.getResourceAsStream(name);
        }
    }
}
