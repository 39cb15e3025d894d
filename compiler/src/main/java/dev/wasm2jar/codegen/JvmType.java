package dev.wasm2jar.codegen;

import dev.wasm2jar.error.UnsupportedFeatureException;
import dev.wasm2jar.model.FuncType;
import dev.wasm2jar.model.ValType;
import dev.wasm2jar.runtime.ValueType;
import org.objectweb.asm.Opcodes;

import java.util.List;

/**
 * How a Wasm value type is carried on the JVM: i32 int, i64 long, f32 float, f64 double,
 * references Object. Gives descriptors and the typed load/store/return/pop opcodes.
 */
enum JvmType {
    INT("I", 1, Opcodes.ILOAD, Opcodes.ISTORE, Opcodes.IRETURN),
    LONG("J", 2, Opcodes.LLOAD, Opcodes.LSTORE, Opcodes.LRETURN),
    FLOAT("F", 1, Opcodes.FLOAD, Opcodes.FSTORE, Opcodes.FRETURN),
    DOUBLE("D", 2, Opcodes.DLOAD, Opcodes.DSTORE, Opcodes.DRETURN),
    REF("Ljava/lang/Object;", 1, Opcodes.ALOAD, Opcodes.ASTORE, Opcodes.ARETURN);

    final String desc;
    final int size;
    final int load, store, ret;

    JvmType(String desc, int size, int load, int store, int ret) {
        this.desc = desc;
        this.size = size;
        this.load = load;
        this.store = store;
        this.ret = ret;
    }

    int pop() {
        return size == 2 ? Opcodes.POP2 : Opcodes.POP;
    }

    static JvmType of(ValType t) {
        switch (t.kind) {
            case I32: return INT;
            case I64: return LONG;
            case F32: return FLOAT;
            case F64: return DOUBLE;
            case REF: return REF;
            default: throw new UnsupportedFeatureException("simd", "v128 values", -1);
        }
    }

    /** The runtime's ValueType of a Wasm 2.0 value type. */
    static ValueType runtimeType(ValType t) {
        switch (t.kind) {
            case I32: return ValueType.I32;
            case I64: return ValueType.I64;
            case F32: return ValueType.F32;
            case F64: return ValueType.F64;
            case V128: return ValueType.V128;
            default:
                if (t.heapType == ValType.HT_EXTERN || t.heapType == ValType.HT_NOEXTERN) return ValueType.EXTERNREF;
                return ValueType.FUNCREF;
        }
    }

    /** Descriptor of a function method: params, then the instance, returning the first result. */
    static String methodDesc(FuncType ft, String instDesc) {
        StringBuilder sb = new StringBuilder("(");
        for (ValType p : ft.params()) sb.append(of(p).desc);
        if (instDesc != null) sb.append(instDesc);
        sb.append(')').append(returnDesc(ft.results()));
        return sb.toString();
    }

    static String returnDesc(List<ValType> results) {
        return results.isEmpty() ? "V" : of(results.get(0)).desc;
    }

    /** Descriptor as FunctionType.methodType() gives it: no instance, Object[] for several results. */
    static String boundaryDesc(FuncType ft) {
        StringBuilder sb = new StringBuilder("(");
        for (ValType p : ft.params()) sb.append(of(p).desc);
        sb.append(')');
        if (ft.results().size() > 1) sb.append("[Ljava/lang/Object;");
        else sb.append(returnDesc(ft.results()));
        return sb.toString();
    }

    static int slotSize(List<ValType> types) {
        int n = 0;
        for (ValType t : types) n += of(t).size;
        return n;
    }
}
