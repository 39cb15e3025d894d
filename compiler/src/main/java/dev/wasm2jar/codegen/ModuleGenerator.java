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

/**
 * Compiles a validated module to JVM classes: an instance class ({@link InstanceClassGenerator}),
 * code classes with one static method per function ({@link CodeClassGenerator},
 * {@link FunctionCompiler}), call_indirect dispatchers ({@link DispatchGenerator}) and a data
 * resource ({@link ModuleDataWriter}). The layout of all of them is planned first ({@link ModuleLayout}).
 */
public final class ModuleGenerator {
    private ModuleGenerator() {
    }

    public static CompiledModule generate(Module module, CodegenOptions options) {
        checkFeatures(module);
        ModuleLayout layout = new ModuleLayout(module, options);
        Map<String, byte[]> classes = new LinkedHashMap<>();
        int total = module.functions.size();
        int[] done = {0};
        for (int k = 0; k < layout.codeClasses.size(); k++) {
            classes.put(layout.codeClasses.get(k), CodeClassGenerator.generate(layout, k,
                    () -> options.progress().functionsCompiled(++done[0], total)));
        }
        DispatchGenerator.generate(layout, classes);
        classes.put(layout.className, InstanceClassGenerator.generate(layout));
        Map<String, byte[]> resources = new LinkedHashMap<>();
        resources.put(InstanceClassGenerator.resourceName(layout), ModuleDataWriter.write(layout));
        return new CompiledModule(options.className(), classes, resources);
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
