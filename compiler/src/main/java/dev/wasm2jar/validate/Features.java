package dev.wasm2jar.validate;

import dev.wasm2jar.model.ArrayType;
import dev.wasm2jar.model.FuncType;
import dev.wasm2jar.model.Limits;
import dev.wasm2jar.model.Module;
import dev.wasm2jar.model.Opcode;
import dev.wasm2jar.model.StructType;
import dev.wasm2jar.model.TypeDef;
import dev.wasm2jar.model.ValType;

/**
 * Which post-2.0 proposal a construct belongs to, for the features this compiler does not
 * implement yet. Every method returns the feature name used in
 * {@link dev.wasm2jar.error.UnsupportedFeatureException} or null when the construct is supported
 * (WebAssembly 2.0 with fixed-width and relaxed SIMD).
 */
public final class Features {
    public static final String SIMD = "simd";
    public static final String RELAXED_SIMD = "relaxed-simd";
    public static final String GC = "gc";
    public static final String FUNCTION_REFERENCES = "function-references";
    public static final String EXCEPTIONS = "exceptions";
    public static final String TAIL_CALL = "tail-call";
    public static final String MEMORY64 = "memory64";
    public static final String MULTI_MEMORY = "multi-memory";
    public static final String THREADS = "threads";
    public static final String CUSTOM_PAGE_SIZES = "custom-page-sizes";
    public static final String WIDE_ARITHMETIC = "wide-arithmetic";

    private Features() {
    }

    /** The feature an instruction belongs to, or null for a 2.0 instruction (SIMD included). */
    public static String ofOpcode(Opcode op) {
        switch (op.prefix) {
            case 0xFD:
                return null; // fixed-width and relaxed SIMD are implemented
            case 0xFE:
                return THREADS;
            case 0xFB:
                return GC;
            default:
                break;
        }
        switch (op) {
            case TRY: case CATCH: case THROW: case RETHROW: case THROW_REF: case DELEGATE: case CATCH_ALL:
            case TRY_TABLE:
                return EXCEPTIONS;
            case RETURN_CALL: case RETURN_CALL_INDIRECT: case RETURN_CALL_REF:
                return TAIL_CALL;
            case CALL_REF: case REF_AS_NON_NULL: case BR_ON_NULL: case BR_ON_NON_NULL:
                return FUNCTION_REFERENCES;
            case REF_EQ:
                return GC;
            case I64_ADD128: case I64_SUB128: case I64_MUL_WIDE_S: case I64_MUL_WIDE_U:
                return WIDE_ARITHMETIC;
            default:
                return null;
        }
    }

    /** The feature a value type belongs to, or null for i32, i64, f32, f64, funcref, externref. */
    public static String ofValType(ValType t, Module module) {
        if (t.kind == ValType.Kind.V128) return null;
        if (!t.isRef() || t.isWasm2Ref()) return null;
        return ofHeapType(t.heapType, module) != null ? ofHeapType(t.heapType, module) : FUNCTION_REFERENCES;
    }

    /**
     * The feature a heap type belongs to: null for func and extern (as in {@code ref.null}), else
     * typed references to a defined type, exceptions for exn, GC for the rest.
     */
    public static String ofHeapType(int ht, Module module) {
        if (ht == ValType.HT_FUNC || ht == ValType.HT_EXTERN) return null;
        if (ht == ValType.HT_EXN || ht == ValType.HT_NOEXN) return EXCEPTIONS;
        if (ht >= 0) {
            boolean func = ht < module.types.size() && module.types.get(ht).isFunc();
            return func || ht >= module.types.size() ? FUNCTION_REFERENCES : GC;
        }
        return GC;
    }

    /** The feature of a type section entry: GC for structs, arrays, subtyping and recursion groups. */
    public static String ofTypeDef(TypeDef def) {
        if (def.type() instanceof StructType || def.type() instanceof ArrayType) return GC;
        if (!def.isFinal() || def.supertypes().length > 0 || def.recGroupSize() > 1) return GC;
        return null;
    }

    /** The feature of the value types of a function type, or null. */
    public static String ofFuncType(FuncType ft, Module module) {
        for (ValType t : ft.params()) {
            String f = ofValType(t, module);
            if (f != null) return f;
        }
        for (ValType t : ft.results()) {
            String f = ofValType(t, module);
            if (f != null) return f;
        }
        return null;
    }

    /** The feature of memory or table limits: 64-bit addresses, shared memory, custom page sizes. */
    public static String ofLimits(Limits l) {
        if (l.is64()) return MEMORY64;
        if (l.shared()) return THREADS;
        if (l.pageSizeLog2() != 16) return CUSTOM_PAGE_SIZES;
        return null;
    }
}
