package dev.wasm2jar.codegen;

import dev.wasm2jar.binary.CodeReader;
import dev.wasm2jar.error.UnsupportedFeatureException;
import dev.wasm2jar.model.ConstExpr;
import dev.wasm2jar.model.Instruction;
import org.objectweb.asm.MethodVisitor;

import static org.objectweb.asm.Opcodes.*;

/**
 * Constant expressions (spec section 3.3.10, with the extended-const arithmetic) compiled into
 * the instance initializer: the value is left on the JVM stack.
 */
final class ConstExprCompiler {
    private ConstExprCompiler() {
    }

    static void emit(MethodVisitor mv, ModuleLayout layout, ConstExpr e, int instLocal) {
        CodeReader r = new CodeReader(e.bytes(), e.start(), e.end());
        while (r.hasNext()) {
            Instruction in = r.next();
            switch (in.op) {
                case I32_CONST: Emit.iconst(mv, in.intValue()); break;
                case I64_CONST: Emit.lconst(mv, in.longValue); break;
                case F32_CONST: Emit.fconst(mv, (int) in.longValue); break;
                case F64_CONST: Emit.dconst(mv, in.longValue); break;
                case V128_CONST: SimdOps.constant(mv, in.bytes); break; // two longs
                case REF_NULL: mv.visitInsn(ACONST_NULL); break;
                case REF_FUNC:
                    mv.visitVarInsn(ALOAD, instLocal);
                    Emit.iconst(mv, in.index);
                    mv.visitMethodInsn(INVOKEVIRTUAL, ModuleLayout.MODULE_INSTANCE, "funcRef", "(I)L" + ModuleLayout.RT + "WasmFunction;", false);
                    break;
                case GLOBAL_GET: Emit.globalGet(mv, layout, in.index, instLocal); break;
                case I32_ADD: mv.visitInsn(IADD); break;
                case I32_SUB: mv.visitInsn(ISUB); break;
                case I32_MUL: mv.visitInsn(IMUL); break;
                case I64_ADD: mv.visitInsn(LADD); break;
                case I64_SUB: mv.visitInsn(LSUB); break;
                case I64_MUL: mv.visitInsn(LMUL); break;
                case END: return;
                default:
                    throw new UnsupportedFeatureException(FunctionScan.unsupportedFeature(in.op) != null
                            ? FunctionScan.unsupportedFeature(in.op) : "gc", "constant instruction " + in.op.mnemonic, in.offsetInCode);
            }
        }
    }

    /** If the expression is only ref.func/ref.null: the function index, or -1 for null; else null. */
    static Integer functionIndexOf(ConstExpr e) {
        CodeReader r = new CodeReader(e.bytes(), e.start(), e.end());
        if (!r.hasNext()) return null;
        Instruction in = r.next();
        int v;
        if (in.op == dev.wasm2jar.model.Opcode.REF_FUNC) v = in.index;
        else if (in.op == dev.wasm2jar.model.Opcode.REF_NULL) v = -1;
        else return null;
        if (!r.hasNext() || r.next().op != dev.wasm2jar.model.Opcode.END) return null;
        return v;
    }
}
