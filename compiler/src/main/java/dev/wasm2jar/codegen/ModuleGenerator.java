package dev.wasm2jar.codegen;

import dev.wasm2jar.error.UnsupportedFeatureException;
import dev.wasm2jar.model.DataSegment;
import dev.wasm2jar.model.ElementSegment;
import dev.wasm2jar.model.Import;
import dev.wasm2jar.model.Limits;
import dev.wasm2jar.model.MemoryType;
import dev.wasm2jar.model.Module;
import dev.wasm2jar.model.SegmentMode;
import dev.wasm2jar.model.TableType;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Compiles a validated module to JVM classes: an instance class ({@link InstanceClassGenerator}),
 * code classes with one static method per function ({@link CodeClassGenerator},
 * {@link FunctionCompiler}), call_indirect dispatchers ({@link DispatchGenerator}) and a data
 * resource ({@link ModuleDataWriter}). The layout of all of them is planned first ({@link ModuleLayout}).
 */
public final class ModuleGenerator {
    /** {@code -Dwasm2jar.stats=true}: one line per generated module (largest method, split functions). */
    private static final boolean LOG_STATS = Boolean.getBoolean("wasm2jar.stats");

    private ModuleGenerator() {
    }

    /** Generates all classes into memory (small modules, tests, running in process). */
    public static CompiledModule generate(Module module, CodegenOptions options) {
        Map<String, byte[]> classes = new java.util.TreeMap<>();
        Map<String, byte[]> resources = new LinkedHashMap<>();
        GenerationStats stats = generate(module, options, new ClassSink() {
            @Override
            public synchronized void classFile(String name, byte[] bytes) {
                classes.put(name, bytes);
            }

            @Override
            public synchronized void resource(String path, byte[] bytes) {
                resources.put(path, bytes);
            }
        });
        return new CompiledModule(options.className(), new LinkedHashMap<>(classes), resources, stats);
    }

    /**
     * Generates all classes and hands each to {@code sink} as soon as it is done. Code classes are
     * independent once the layout is planned, so big modules compile them on all cores; the sink
     * may be called from several threads.
     */
    public static GenerationStats generate(Module module, CodegenOptions options, ClassSink sink) {
        checkFeatures(module);
        ModuleLayout layout = new ModuleLayout(module, options);
        int total = module.functions.size();
        AtomicInteger done = new AtomicInteger();
        Object progressLock = new Object();
        Runnable afterFunction = () -> {
            int d = done.incrementAndGet();
            synchronized (progressLock) {
                options.progress().functionsCompiled(d, total);
            }
        };
        Stats stats = new Stats();
        int n = layout.codeClasses.size();
        IntConsumer codeClass = k -> {
            byte[] b = CodeClassGenerator.generate(layout, k, afterFunction);
            stats.add(b);
            sink.classFile(layout.codeClasses.get(k), b);
        };
        int threads = Integer.getInteger("wasm2jar.threads", Runtime.getRuntime().availableProcessors());
        if (n > 1 && threads > 1) {
            ForkJoinPool pool = new ForkJoinPool(threads);
            try {
                pool.submit(() -> IntStream.range(0, n).parallel().forEach(codeClass)).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) throw re;
                if (e.getCause() instanceof Error er) throw er;
                throw new IllegalStateException(e.getCause());
            } finally {
                pool.shutdown();
            }
        } else {
            for (int k = 0; k < n; k++) codeClass.accept(k);
        }
        Map<String, byte[]> dispatch = new LinkedHashMap<>();
        DispatchGenerator.generate(layout, dispatch);
        for (Map.Entry<String, byte[]> e : dispatch.entrySet()) {
            stats.add(e.getValue());
            sink.classFile(e.getKey(), e.getValue());
        }
        byte[] inst = InstanceClassGenerator.generate(layout);
        stats.add(inst);
        sink.classFile(layout.className, inst);
        sink.resource(InstanceClassGenerator.resourceName(layout), ModuleDataWriter.write(layout));
        int split = 0, parts = 0;
        for (FunctionScan s : layout.scans) {
            if (s.plan == null) continue;
            split++;
            parts += s.plan.regions.size();
        }
        GenerationStats result = new GenerationStats(stats.classes, stats.bytes, stats.largest, stats.largestName, split, parts);
        if (LOG_STATS) System.err.println("wasm2jar: " + options.className() + ": " + result);
        return result;
    }

    /** Totals over the generated classes (updated from several threads). */
    private static final class Stats {
        int classes;
        long bytes;
        int largest;
        String largestName;

        void add(byte[] cls) {
            String[] name = new String[1];
            int size = MethodSizes.largest(cls, name, 0);
            synchronized (this) {
                classes++;
                bytes += cls.length;
                if (size > largest) {
                    largest = size;
                    largestName = name[0];
                }
            }
        }
    }

    /** Module-level features outside what the generator supports (instructions are checked per function). */
    private static void checkFeatures(Module m) {
        // Several memories are allocated, linked, exported and initialized; instructions on a memory
        // other than 0 are rejected per function (FunctionScan).
        for (int i = 0; i < m.memoryCount(); i++) checkMemory(m.memoryType(i).limits());
        for (int i = 0; i < m.tableCount(); i++) {
            TableType t = m.tableType(i);
            if (t.limits().is64()) throw new UnsupportedFeatureException("table64", "64-bit table " + i, -1);
            if (!ModuleLayout.isFuncOrExtern(t.elemType())) throw new UnsupportedFeatureException("function-references", "table of " + t.elemType(), -1);
        }
        if (m.tagCount() > 0) throw new UnsupportedFeatureException("exceptions", "tags", -1);
        ParamSlots.checkFunctions(m);
        for (Import imp : m.imports) {
            if (imp.type() instanceof MemoryType mt) checkMemory(mt.limits());
        }
        for (ElementSegment e : m.elements) {
            if (!ModuleLayout.isFuncOrExtern(e.type())) throw new UnsupportedFeatureException("function-references", "element segment of " + e.type(), e.byteOffset());
        }
    }

    private static void checkMemory(Limits l) {
        if (l.is64()) throw new UnsupportedFeatureException("memory64", "64-bit memory", -1);
        if (l.shared()) throw new UnsupportedFeatureException("threads", "shared memory", -1);
        if (l.pageSizeLog2() != 16) throw new UnsupportedFeatureException("custom-page-sizes", "page size 2^" + l.pageSizeLog2(), -1);
    }
}
