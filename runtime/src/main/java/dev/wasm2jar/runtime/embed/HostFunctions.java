package dev.wasm2jar.runtime.embed;

import dev.wasm2jar.runtime.FunctionType;
import dev.wasm2jar.runtime.Trap;
import dev.wasm2jar.runtime.TrapKind;
import dev.wasm2jar.runtime.V128;
import dev.wasm2jar.runtime.ValueType;
import dev.wasm2jar.runtime.WasmFunction;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Host functions from Java code: lambdas, method references, method handles, or one boxed callback.
 *
 * <p>Java types map to Wasm types as follows: {@code int} i32, {@code long} i64, {@code float} f32,
 * {@code double} f64, {@link V128} v128, {@link WasmFunction} funcref, any other reference type
 * externref (the guest's value is cast to it); a {@code void} method has no result. A function with several results cannot
 * be described by a Java signature: give its {@link FunctionType} and return {@code Object[]} (boxed
 * values, in order).
 *
 * <p>What a host function throws reaches the caller of the guest as follows: a {@link Trap}, an
 * {@link Error}, and a {@link RuntimeException} of the embedder's own (a class outside {@code java.*}
 * and {@code jdk.*}, e.g. to abort the guest) pass through unchanged; anything else (a JDK runtime
 * exception such as {@code IllegalStateException}, or a checked exception) becomes a {@link Trap} of
 * kind {@link TrapKind#HOST_ERROR} with the exception as its cause.
 */
public final class HostFunctions {
    private HostFunctions() {
    }

    /** A host function taking and returning boxed values (Integer, Long, Float, Double, references). */
    @FunctionalInterface
    public interface Boxed {
        /** The results in order: an empty array (or null) for none. */
        Object[] call(Object[] args) throws Exception;
    }

    /** A host function of the given type; {@code handle} is adapted to it with {@link MethodHandle#asType}. */
    public static WasmFunction of(String name, FunctionType type, MethodHandle handle) {
        MethodHandle exact;
        try {
            exact = handle.asType(type.methodType());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("host function " + name + ": " + handle.type() + " cannot implement " + type, e);
        }
        return WasmFunction.host(name, type, exact); // host() guards what it throws
    }

    /** A host function whose Wasm type is read from the handle's Java types (see the class comment). */
    public static WasmFunction of(String name, MethodHandle handle) {
        return of(name, typeOf(handle.type(), name), flattenV128(handle));
    }

    /** Handles take and return a v128 as two longs (see {@link V128}); Java code takes and returns V128 records. */
    private static MethodHandle flattenV128(MethodHandle h) {
        MethodType mt = h.type();
        for (int i = mt.parameterCount() - 1; i >= 0; i--) {
            if (mt.parameterType(i) == V128.class) h = MethodHandles.collectArguments(h, i, V128_NEW);
        }
        if (mt.returnType() == V128.class) h = MethodHandles.filterReturnValue(h, V128_SPLIT);
        return h;
    }

    /**
     * A host function from an object implementing one functional interface (a lambda, a method
     * reference, or any class): its single abstract method is the function, and its Java signature
     * gives the Wasm type. Looked up once here; calls go straight to the object.
     */
    public static WasmFunction of(String name, Object functionalObject) {
        Method sam = singleAbstractMethod(functionalObject.getClass(), name);
        return of(name, unreflect(sam, name).bindTo(functionalObject));
    }

    /** As {@link #of(String, Object)} with the interface named, for lambdas written in place. */
    public static <F> WasmFunction of(String name, Class<F> functionalInterface, F implementation) {
        Method sam = abstractMethod(functionalInterface);
        if (sam == null) throw new IllegalArgumentException(functionalInterface.getName() + " is not a functional interface");
        return of(name, unreflect(sam, name).bindTo(functionalInterface.cast(implementation)));
    }

    /** A host function of any type that takes and returns boxed values. */
    public static WasmFunction boxed(String name, FunctionType type, Boxed function) {
        MethodHandle call = BOXED_CALL.bindTo(function).bindTo(type);
        MethodHandle h = call.asCollector(Object[].class, type.methodType().parameterCount());
        if (type.flatResultCount() == 0) h = h.asType(h.type().changeReturnType(void.class));
        else if (type.flatResultCount() == 1) h = MethodHandles.filterReturnValue(h, FIRST_RESULT);
        return of(name, type, h);
    }

    /** The Wasm type of a Java method type (see the class comment). */
    public static FunctionType typeOf(MethodType mt, String name) {
        ValueType[] params = new ValueType[mt.parameterCount()];
        for (int i = 0; i < params.length; i++) params[i] = valueType(mt.parameterType(i), name);
        Class<?> r = mt.returnType();
        if (r == Object[].class) {
            throw new IllegalArgumentException("host function " + name + " returns Object[]: give its FunctionType explicitly");
        }
        ValueType[] results = r == void.class ? new ValueType[0] : new ValueType[] {valueType(r, name)};
        return FunctionType.of(params, results);
    }

    private static ValueType valueType(Class<?> c, String name) {
        if (c == int.class) return ValueType.I32;
        if (c == long.class) return ValueType.I64;
        if (c == float.class) return ValueType.F32;
        if (c == double.class) return ValueType.F64;
        if (c == WasmFunction.class) return ValueType.FUNCREF;
        if (c == V128.class) return ValueType.V128;
        if (!c.isPrimitive()) return ValueType.EXTERNREF;
        throw new IllegalArgumentException("host function " + name + ": Java type " + c + " has no Wasm type (use int, long, float, double)");
    }

    // ---- Exceptions thrown by host code (see the class comment). ----

    private static final MethodHandle BOXED_CALL, FIRST_RESULT, V128_NEW, V128_SPLIT;

    static {
        MethodHandles.Lookup l = MethodHandles.lookup();
        try {
            BOXED_CALL = l.findStatic(HostFunctions.class, "callBoxed",
                    MethodType.methodType(Object[].class, Boxed.class, FunctionType.class, Object[].class));
            FIRST_RESULT = l.findStatic(HostFunctions.class, "firstResult", MethodType.methodType(Object.class, Object[].class));
            V128_NEW = l.findConstructor(V128.class, MethodType.methodType(void.class, long.class, long.class));
            V128_SPLIT = l.findStatic(HostFunctions.class, "split", MethodType.methodType(Object[].class, V128.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Calls a boxed host function with flat arguments (a v128 as two Longs) and returns flat results. */
    private static Object[] callBoxed(Boxed f, FunctionType type, Object[] flatArgs) throws Exception {
        Object[] args = new Object[type.paramCount()];
        for (int i = 0, k = 0; i < args.length; i++) {
            args[i] = type.param(i) == ValueType.V128 ? new V128((Long) flatArgs[k++], (Long) flatArgs[k++]) : flatArgs[k++];
        }
        Object[] r = f.call(args);
        if (r == null) r = new Object[0];
        if (r.length != type.resultCount()) {
            throw new IllegalStateException("host function returned " + r.length + " results, its type " + type + " has " + type.resultCount());
        }
        if (!type.hasV128()) return r;
        Object[] flat = new Object[type.flatResultCount()];
        for (int i = 0, k = 0; i < r.length; i++) {
            if (type.result(i) == ValueType.V128) {
                V128 v = (V128) r[i];
                flat[k++] = v.lo();
                flat[k++] = v.hi();
            } else {
                flat[k++] = r[i];
            }
        }
        return flat;
    }

    private static Object[] split(V128 v) {
        return new Object[] {v.lo(), v.hi()};
    }

    private static Object firstResult(Object[] results) {
        return results[0];
    }

    // ---- Functional interfaces. ----

    private static Method singleAbstractMethod(Class<?> c, String name) {
        Set<Class<?>> interfaces = new LinkedHashSet<>();
        for (Class<?> k = c; k != null; k = k.getSuperclass()) collectInterfaces(k, interfaces);
        List<Method> sams = new ArrayList<>();
        for (Class<?> i : interfaces) {
            Method m = abstractMethod(i);
            if (m != null) sams.add(m);
        }
        if (sams.size() != 1) {
            throw new IllegalArgumentException("host function " + name + ": " + c.getName() + " implements "
                    + (sams.isEmpty() ? "no" : "more than one") + " functional interface; cast the lambda or name the interface");
        }
        return sams.get(0);
    }

    private static void collectInterfaces(Class<?> c, Set<Class<?>> out) {
        for (Class<?> i : c.getInterfaces()) {
            if (out.add(i)) collectInterfaces(i, out);
        }
    }

    /** The one abstract method of an interface (counting inherited ones), or null. */
    private static Method abstractMethod(Class<?> iface) {
        if (!iface.isInterface()) return null;
        Method found = null;
        for (Method m : iface.getMethods()) {
            if (!Modifier.isAbstract(m.getModifiers()) || isObjectMethod(m)) continue;
            if (found != null && !sameSignature(found, m)) return null;
            found = m;
        }
        return found;
    }

    private static boolean sameSignature(Method a, Method b) {
        return a.getName().equals(b.getName()) && java.util.Arrays.equals(a.getParameterTypes(), b.getParameterTypes());
    }

    private static boolean isObjectMethod(Method m) {
        try {
            Object.class.getMethod(m.getName(), m.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static MethodHandle unreflect(Method m, String name) {
        try {
            return MethodHandles.publicLookup().unreflect(m);
        } catch (IllegalAccessException notPublic) {
            try {
                m.setAccessible(true); // an interface of the embedder's that is not public
                return MethodHandles.lookup().unreflect(m);
            } catch (RuntimeException | IllegalAccessException e) {
                throw new IllegalArgumentException("host function " + name + ": cannot call " + m + " (make the interface public)", e);
            }
        }
    }
}
