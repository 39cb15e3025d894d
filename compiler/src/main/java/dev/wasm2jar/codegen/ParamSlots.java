package dev.wasm2jar.codegen;

import dev.wasm2jar.error.UnsupportedFeatureException;
import dev.wasm2jar.model.Module;

/**
 * The JVM's limit of 255 parameter slots per method (a long or double takes two, a v128 four)
 * less what our calling convention adds: a function's method takes the instance, a call_indirect
 * dispatcher the instance and the table index, and a call through a MethodHandle (imports,
 * exports, funcrefs, {@code invokeWithArguments}) needs two slots of the invoker's. So a
 * function type has at most {@link #MAX} parameter slots; functions and call_indirect types over
 * it are rejected at compile time rather than failing at run time with a ClassFormatError.
 */
final class ParamSlots {
    static final int JVM_LIMIT = 255;
    static final int MAX = JVM_LIMIT - 2;

    private ParamSlots() {
    }

    static int of(Module m, int typeIndex) {
        return JvmType.slotSize(SimdTypes.flat(m.funcType(typeIndex)).params());
    }

    private static String why(int slots) {
        return slots + " parameter slots, the JVM allows 255 (" + MAX + " + 2 for the calling convention)";
    }

    static void checkFunctions(Module m) {
        for (int f = 0; f < m.functionCount(); f++) {
            int slots = of(m, m.functionTypeIndex(f));
            if (slots > MAX) {
                throw new UnsupportedFeatureException("many-params", "function " + f + " has " + why(slots), -1, f, m.functionName(f));
            }
        }
    }

    static void checkIndirect(Module m, int typeIndex, long offset, int caller) {
        int slots = of(m, typeIndex);
        if (slots > MAX) {
            throw new UnsupportedFeatureException("many-params", "call_indirect of type " + typeIndex + " has " + why(slots),
                    offset, caller, m.functionName(caller));
        }
    }
}
