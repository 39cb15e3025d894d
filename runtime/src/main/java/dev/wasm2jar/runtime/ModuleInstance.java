package dev.wasm2jar.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;

/**
 * Base class of generated instance classes: the parts of an instance that are the same for every
 * module (function references, exports, segments, the multi-value return area). The generated
 * subclass adds typed fields for its memory, tables and globals and an {@link #initialize} method
 * that performs instantiation (spec section 4.5.4). Fields are public because the generated code
 * classes, which live in another package, read them.
 */
public abstract class ModuleInstance implements Instance {
    public final ModuleData data;
    private final MethodHandles.Lookup lookup;
    /** One function object per function, created on demand (imports: the imported object). */
    public final WasmFunction[] funcs;
    public final Memory[] memories;
    public final Table[] tables;
    /** Boxes of imported and exported globals by global index; null for globals kept in fields. */
    public final Global[] globals;
    /** Data segments for memory.init; null once dropped. */
    public final byte[][] dataSegments;
    /** Element segments for table.init; null once dropped. */
    public final Object[][] elemSegments;
    /** Results 2..n of multi-result calls: numbers as raw bits at [i-1], references at [i-1]. */
    public final long[] ret;
    public final Object[] retRef;

    protected ModuleInstance(MethodHandles.Lookup lookup, ModuleData data, int memoryCount, int tableCount, int globalCount) {
        this.data = data;
        this.lookup = lookup;
        this.funcs = new WasmFunction[data.functionTypes.length];
        this.memories = new Memory[memoryCount];
        this.tables = new Table[tableCount];
        this.globals = new Global[globalCount];
        this.dataSegments = data.dataSegments.clone();
        this.elemSegments = new Object[data.elemSegments.length][];
        int extra = Math.max(0, data.maxResults - 1);
        this.ret = new long[extra];
        this.retRef = new Object[extra];
    }

    /** Instantiation steps after allocation (imports, globals, segments, start); generated. */
    protected abstract void initialize(ImportResolver imports);

    /** Runs {@link #initialize}; whatever it throws comes out as a Trap or LinkException. */
    public static <T extends ModuleInstance> T instantiate(T instance, ImportResolver imports) {
        try {
            instance.initialize(imports);
        } catch (Throwable t) {
            throw Trap.of(t);
        }
        return instance;
    }

    /** {@code ref.func}: the one function object of function {@code index} in this instance. */
    public final WasmFunction funcRef(int index) {
        WasmFunction f = funcs[index];
        if (f == null) {
            f = new ModuleFunction(data.types[data.functionTypes[index]], this, index, data.functionNames[index]);
            funcs[index] = f;
        }
        return f;
    }

    /**
     * Calls exported function {@code index} of type {@code [] -> []} directly if the generated class
     * knows it (it overrides this with a switch over such exports); false if not.
     */
    protected boolean callVoid(int index) throws Throwable {
        return false;
    }

    /**
     * Records an imported function whose module the compiler knows a Java interface for and returns
     * {@link WasmFunction#direct} (null if the resolver gave some other function: the generated
     * code then calls through the function's handle).
     */
    public final Object importDirect(int index, WasmFunction f) {
        funcs[index] = f;
        return f.direct;
    }

    /** Records an imported function (called in import order by the generated initializer). */
    public final MethodHandle importFunction(int index, WasmFunction f) {
        funcs[index] = f;
        return f.handle();
    }

    /** The references of element segment {@code segment} when it is given as function indices. */
    public final Object[] elemFunctions(int segment) {
        int[] idx = data.elemSegments[segment];
        Object[] out = new Object[idx.length];
        for (int i = 0; i < idx.length; i++) out[i] = idx[i] < 0 ? null : funcRef(idx[i]);
        return out;
    }

    /** Active element segment initialization (table.init then elem.drop): traps when out of bounds. */
    public final void initActiveElem(int segment, Object[] refs, Table t, int offset) {
        t.init(refs, offset, 0, refs.length);
        elemSegments[segment] = null;
    }

    /** Active data segment initialization (memory.init then data.drop): traps when out of bounds. */
    public final void initActiveData(int segment, Memory m, int offset) {
        byte[] b = dataSegments[segment];
        m.init(b, offset, 0, b.length);
        dataSegments[segment] = null;
    }

    MethodHandle resolveHandle(int index) {
        FunctionType type = data.types[data.functionTypes[index]];
        MethodType mt = type.methodType();
        String name = data.methodNames[index];
        if (type.flatResultCount() > 1) name += "$box"; // a v128 result counts as two
        try {
            Class<?> code = Class.forName(data.codeClasses[data.functionClasses[index]], true, getClass().getClassLoader());
            MethodHandle mh = lookup.findStatic(code, name, mt.appendParameterTypes(getClass()));
            return MethodHandles.insertArguments(mh, mt.parameterCount(), this);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot link function " + index + " (" + name + ")", e);
        }
    }

    @Override
    public Object export(String name) {
        int i = data.exportIndex(name);
        if (i < 0) return null;
        int index = data.exportIndices[i];
        switch (data.exportKinds[i]) {
            case ModuleData.FUNC: return funcRef(index);
            case ModuleData.TABLE: return tables[index];
            case ModuleData.MEMORY: return memories[index];
            case ModuleData.GLOBAL: return globals[index];
            default: return null;
        }
    }

    @Override
    public List<String> exportNames() {
        return data.exportNames;
    }
}
