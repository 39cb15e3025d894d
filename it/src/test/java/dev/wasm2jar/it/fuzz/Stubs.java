package dev.wasm2jar.it.fuzz;

import dev.wasm2jar.model.FuncImportType;
import dev.wasm2jar.model.FuncType;
import dev.wasm2jar.model.GlobalType;
import dev.wasm2jar.model.Import;
import dev.wasm2jar.model.MemoryType;
import dev.wasm2jar.model.Module;
import dev.wasm2jar.model.TableType;
import dev.wasm2jar.model.TagType;
import dev.wasm2jar.model.TypeDef;
import dev.wasm2jar.runtime.FunctionType;
import dev.wasm2jar.runtime.Global;
import dev.wasm2jar.runtime.ImportResolver;
import dev.wasm2jar.runtime.Memory;
import dev.wasm2jar.runtime.Table;
import dev.wasm2jar.runtime.Tag;
import dev.wasm2jar.runtime.V128;
import dev.wasm2jar.runtime.ValueType;
import dev.wasm2jar.runtime.WasmFunction;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Imports for any module: every imported function is a host stub that returns zeros (and, when a
 * log is given, records its call as {@code log NAME ARGS} the way the JS driver does); memories,
 * tables, globals and tags are fresh ones of the minimum size and zero value. An import that
 * cannot be made (a memory too large for the host, a type the runtime has no value type for) is
 * left out, so instantiation fails with the documented LinkException.
 */
final class Stubs implements ImportResolver {
    private static final MethodHandle CALL;

    static {
        try {
            CALL = MethodHandles.lookup().findVirtual(HostStub.class, "call", MethodType.methodType(Object.class, Object[].class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Map<String, Object> values = new HashMap<>();

    Stubs(Module module, List<String> log) {
        for (Import imp : module.imports) {
            String key = imp.module() + "\0" + imp.name();
            if (values.containsKey(key)) continue; // the first import of a name decides, as for a real host
            try {
                Object v = make(module, imp, log);
                if (v != null) values.put(key, v);
            } catch (RuntimeException e) {
                // not representable here (e.g. a memory above the host limit): leave it unresolved
            }
        }
    }

    @Override
    public Object resolve(String module, String name) {
        return values.get(module + "\0" + name);
    }

    private static Object make(Module module, Import imp, List<String> log) {
        if (imp.type() instanceof FuncImportType f) {
            FunctionType type = functionType(module, f.typeIndex());
            if (type == null) return null;
            HostStub stub = new HostStub(imp.name(), type, log);
            MethodHandle h = CALL.bindTo(stub).asCollector(Object[].class, type.methodType().parameterCount()).asType(type.methodType());
            return WasmFunction.host(imp.module() + "." + imp.name(), type, h);
        }
        if (imp.type() instanceof MemoryType m) {
            if (m.limits().min() > Memory.MAX_PAGES) return null;
            return new Memory((int) m.limits().min(), m.limits().max());
        }
        if (imp.type() instanceof TableType t) {
            if (t.limits().min() > 1_000_000) return null;
            return new Table(Values.runtimeType(t.elemType()), (int) t.limits().min(), t.limits().max(), null);
        }
        if (imp.type() instanceof GlobalType g) {
            return new Global(Values.runtimeType(g.type()), g.mutable());
        }
        if (imp.type() instanceof TagType t) {
            FunctionType type = functionType(module, t.typeIndex());
            return type == null ? null : new Tag(type);
        }
        return null;
    }

    static FunctionType functionType(Module module, int typeIndex) {
        if (typeIndex < 0 || typeIndex >= module.types.size()) return null;
        TypeDef d = module.types.get(typeIndex);
        if (!(d.type() instanceof FuncType ft)) return null;
        return new FunctionType(Values.runtimeTypes(ft.params()), Values.runtimeTypes(ft.results()));
    }

    /** One imported function: logs its arguments and returns zeros. */
    static final class HostStub {
        private final String name;
        private final FunctionType type;
        private final List<String> log;

        HostStub(String name, FunctionType type, List<String> log) {
            this.name = name;
            this.type = type;
            this.log = log;
        }

        /** Called with the handle's arguments: a v128 comes as two longs (lo, hi), and goes back so. */
        public Object call(Object[] flat) {
            if (log != null) {
                StringBuilder sb = new StringBuilder("log ").append(name);
                int k = 0;
                for (int i = 0; i < type.paramCount(); i++) {
                    ValueType t = type.param(i);
                    Object v = t == ValueType.V128 ? new V128((Long) flat[k++], (Long) flat[k++]) : flat[k++];
                    sb.append(' ').append(Values.format(t, v));
                }
                log.add(sb.toString());
            }
            int n = type.flatResultCount();
            if (n == 0) return null;
            if (n == 1) return Values.zero(type.result(0));
            Object[] out = new Object[n];
            int k = 0;
            for (int i = 0; i < type.resultCount(); i++) {
                if (type.result(i) == ValueType.V128) {
                    out[k++] = 0L;
                    out[k++] = 0L;
                } else {
                    out[k++] = Values.zero(type.result(i));
                }
            }
            return out;
        }
    }
}
