package dev.wasm2jar.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * What a host function may throw at the guest: a {@link Trap}, an {@link Error} (including
 * StackOverflowError, which becomes "call stack exhausted" at the boundary) and a runtime exception
 * of the host's own (a class outside the JDK, e.g. WASI's exit) pass unchanged; anything else (a
 * JDK exception such as IndexOutOfBoundsException, or a checked one) is the host's failure, not
 * the guest's, and becomes a {@link Trap} of kind {@link TrapKind#HOST_ERROR} with it as cause,
 * rather than an internal error or a guest out-of-bounds trap.
 */
final class HostBoundary {
    private static final MethodHandle FAILURE;

    static {
        try {
            FAILURE = MethodHandles.lookup().findStatic(HostBoundary.class, "failure",
                    MethodType.methodType(Object.class, String.class, Throwable.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private HostBoundary() {
    }

    /** {@code target} with its exceptions converted as the class comment says. */
    static MethodHandle guard(MethodHandle target, String name) {
        MethodType mt = target.type();
        MethodHandle handler = FAILURE.bindTo(name).asType(MethodType.methodType(mt.returnType(), Throwable.class));
        handler = MethodHandles.dropArguments(handler, 1, mt.parameterList());
        return MethodHandles.catchException(target, Throwable.class, handler);
    }

    private static Object failure(String name, Throwable t) throws Throwable {
        if (t instanceof Trap || t instanceof Error) throw t;
        if (t instanceof RuntimeException && !isJdkClass(t.getClass())) throw t;
        throw new Trap(TrapKind.HOST_ERROR, name + ": " + t, t);
    }

    static boolean isJdkClass(Class<?> c) {
        String n = c.getName();
        return n.startsWith("java.") || n.startsWith("javax.") || n.startsWith("jdk.") || n.startsWith("sun.");
    }
}
