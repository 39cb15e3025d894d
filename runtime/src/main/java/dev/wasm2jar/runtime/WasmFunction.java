package dev.wasm2jar.runtime;

import java.lang.invoke.MethodHandle;

/**
 * A function value: what a funcref holds, what tables store, and how functions cross module
 * boundaries (imports, exports, host functions).
 *
 * <p>{@link #handle()} has exactly the JVM type {@link FunctionType#methodType()}. Functions of a
 * compiled module also carry their {@link #owner} instance and function {@link #index}, so that
 * {@code call_indirect} in that module can call them directly with {@code invokestatic} instead of
 * through the handle.
 */
public class WasmFunction {
    private final FunctionType type;
    /** Null until first asked for when a subclass resolves it lazily ({@link #resolveHandle()}). */
    private MethodHandle handle;
    /** The module instance that defines this function, or null for host functions. */
    public final Object owner;
    /** The function's index in its owner's function index space, or -1 for host functions. */
    public final int index;
    private final String name;
    /**
     * For host functions that compiled code may call without a method handle: an object implementing
     * the Java interface the compiler knows for the import's module (for {@code wasi_snapshot_preview1},
     * {@code dev.wasm2jar.wasi.WasiImports}, with one method per function). Null otherwise.
     */
    public final Object direct;

    public WasmFunction(FunctionType type, MethodHandle handle, Object owner, int index, String name) {
        if (!handle.type().equals(type.methodType())) {
            throw new IllegalArgumentException("handle type " + handle.type() + " does not match " + type.methodType());
        }
        this.type = type;
        this.handle = handle;
        this.owner = owner;
        this.index = index;
        this.name = name;
        this.direct = null;
    }

    /**
     * For subclasses that create the handle only when first needed ({@link #resolveHandle()}):
     * compiled modules create one function object per table element at instantiation, and most are
     * only ever called directly by {@code call_indirect}, never through their handle.
     */
    protected WasmFunction(FunctionType type, Object owner, int index, String name) {
        this(type, owner, index, name, null);
    }

    /** As above, for a host function with a {@link #direct} implementation. */
    protected WasmFunction(FunctionType type, Object owner, int index, String name, Object direct) {
        this.type = type;
        this.handle = null;
        this.owner = owner;
        this.index = index;
        this.name = name;
        this.direct = direct;
    }

    /** Creates the handle of a lazily resolved function; must have type {@code type().methodType()}. */
    protected MethodHandle resolveHandle() {
        throw new IllegalStateException("no handle for " + name);
    }

    /**
     * A host function: {@code handle} must have the type {@code type.methodType()}. What it throws
     * reaches the guest's caller as {@link HostBoundary} says: a JDK exception becomes a
     * {@link TrapKind#HOST_ERROR} trap.
     */
    public static WasmFunction host(String name, FunctionType type, MethodHandle handle) {
        return new WasmFunction(type, HostBoundary.guard(handle, name), null, -1, name);
    }

    public FunctionType type() {
        return type;
    }

    public MethodHandle handle() {
        MethodHandle h = handle;
        if (h == null) {
            h = resolveHandle();
            if (!h.type().equals(type.methodType())) {
                throw new IllegalStateException("handle type " + h.type() + " does not match " + type.methodType());
            }
            handle = h;
        }
        return h;
    }

    public String name() {
        return name;
    }

    /**
     * Calls the function with boxed arguments (Integer, Long, Float, Double, V128, references) and returns
     * the results boxed (empty for none). Anything the guest raises comes out as a {@link Trap}.
     */
    public Object[] call(Object... args) {
        if (args.length != type.paramCount()) {
            throw new IllegalArgumentException(name + " takes " + type.paramCount() + " arguments, got " + args.length);
        }
        boolean v128 = type.hasV128();
        Object r;
        try {
            r = handle().invokeWithArguments(v128 ? V128.flattenArgs(type, args) : args);
        } catch (Throwable t) {
            throw Trap.of(t);
        }
        int n = type.flatResultCount();
        Object[] results = n == 0 ? new Object[0] : n == 1 ? new Object[] {r} : (Object[]) r;
        return v128 ? V128.joinResults(type, results) : results;
    }

    /**
     * Calls a function of type {@code [] -> []} (such as {@code _start}) without boxing or
     * {@code invokeWithArguments}. Anything the guest raises comes out as a {@link Trap}.
     */
    public void callVoid() {
        if (type.paramCount() != 0 || type.resultCount() != 0) throw new IllegalArgumentException(name + " is not [] -> []");
        try {
            invokeVoid();
        } catch (Throwable t) {
            throw Trap.of(t);
        }
    }

    /** Calls this {@code [] -> []} function; compiled modules override it to call the code directly. */
    protected void invokeVoid() throws Throwable {
        handle().invokeExact();
    }

    @Override
    public String toString() {
        return "function " + name + " " + type;
    }
}
