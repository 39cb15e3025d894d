package dev.wasm2jar.codegen;

import dev.wasm2jar.model.Opcode;
import dev.wasm2jar.model.ValType;
import org.objectweb.asm.MethodVisitor;

import static org.objectweb.asm.Opcodes.*;

/**
 * Numeric instructions (spec section 4.4.1 and 4.3): a JVM instruction where one has the Wasm
 * semantics, else an intrinsic JDK method or a small static method of {@code runtime.Numerics}.
 * Comparisons are left pending ({@link Cond}) for a following branch.
 */
final class NumericOps {
    private NumericOps() {
    }

    private static final String NUM = ModuleLayout.RT + "Numerics";
    private static final ValType I32 = ValType.I32, I64 = ValType.I64, F32 = ValType.F32, F64 = ValType.F64;

    static boolean emit(FunctionCompiler fc, Opcode op) {
        MethodVisitor mv = fc.mv;
        switch (op) {
            // comparisons
            case I64_EQZ: return cmp(fc, 1, Cond.I64_EQZ);
            case I32_EQ: return cmp(fc, 2, Cond.I32_EQ);
            case I32_NE: return cmp(fc, 2, Cond.I32_NE);
            case I32_LT_S: return cmp(fc, 2, Cond.I32_LT_S);
            case I32_LT_U: return cmp(fc, 2, Cond.I32_LT_U);
            case I32_GT_S: return cmp(fc, 2, Cond.I32_GT_S);
            case I32_GT_U: return cmp(fc, 2, Cond.I32_GT_U);
            case I32_LE_S: return cmp(fc, 2, Cond.I32_LE_S);
            case I32_LE_U: return cmp(fc, 2, Cond.I32_LE_U);
            case I32_GE_S: return cmp(fc, 2, Cond.I32_GE_S);
            case I32_GE_U: return cmp(fc, 2, Cond.I32_GE_U);
            case I64_EQ: return cmp(fc, 2, Cond.I64_EQ);
            case I64_NE: return cmp(fc, 2, Cond.I64_NE);
            case I64_LT_S: return cmp(fc, 2, Cond.I64_LT_S);
            case I64_LT_U: return cmp(fc, 2, Cond.I64_LT_U);
            case I64_GT_S: return cmp(fc, 2, Cond.I64_GT_S);
            case I64_GT_U: return cmp(fc, 2, Cond.I64_GT_U);
            case I64_LE_S: return cmp(fc, 2, Cond.I64_LE_S);
            case I64_LE_U: return cmp(fc, 2, Cond.I64_LE_U);
            case I64_GE_S: return cmp(fc, 2, Cond.I64_GE_S);
            case I64_GE_U: return cmp(fc, 2, Cond.I64_GE_U);
            case F32_EQ: return cmp(fc, 2, Cond.F32_EQ);
            case F32_NE: return cmp(fc, 2, Cond.F32_NE);
            case F32_LT: return cmp(fc, 2, Cond.F32_LT);
            case F32_GT: return cmp(fc, 2, Cond.F32_GT);
            case F32_LE: return cmp(fc, 2, Cond.F32_LE);
            case F32_GE: return cmp(fc, 2, Cond.F32_GE);
            case F64_EQ: return cmp(fc, 2, Cond.F64_EQ);
            case F64_NE: return cmp(fc, 2, Cond.F64_NE);
            case F64_LT: return cmp(fc, 2, Cond.F64_LT);
            case F64_GT: return cmp(fc, 2, Cond.F64_GT);
            case F64_LE: return cmp(fc, 2, Cond.F64_LE);
            case F64_GE: return cmp(fc, 2, Cond.F64_GE);

            // i32
            case I32_CLZ: return call(fc, 1, I32, "java/lang/Integer", "numberOfLeadingZeros", "(I)I");
            case I32_CTZ: return call(fc, 1, I32, "java/lang/Integer", "numberOfTrailingZeros", "(I)I");
            case I32_POPCNT: return call(fc, 1, I32, "java/lang/Integer", "bitCount", "(I)I");
            case I32_ADD: return insn(fc, 2, I32, IADD);
            case I32_SUB: return insn(fc, 2, I32, ISUB);
            case I32_MUL: return insn(fc, 2, I32, IMUL);
            case I32_DIV_S: return call(fc, 2, I32, NUM, "divS", "(II)I");
            case I32_DIV_U: return call(fc, 2, I32, NUM, "divU", "(II)I");
            case I32_REM_S: return call(fc, 2, I32, NUM, "remS", "(II)I");
            case I32_REM_U: return call(fc, 2, I32, NUM, "remU", "(II)I");
            case I32_AND: return insn(fc, 2, I32, IAND);
            case I32_OR: return insn(fc, 2, I32, IOR);
            case I32_XOR: return insn(fc, 2, I32, IXOR);
            case I32_SHL: return insn(fc, 2, I32, ISHL);
            case I32_SHR_S: return insn(fc, 2, I32, ISHR);
            case I32_SHR_U: return insn(fc, 2, I32, IUSHR);
            case I32_ROTL: return call(fc, 2, I32, "java/lang/Integer", "rotateLeft", "(II)I");
            case I32_ROTR: return call(fc, 2, I32, "java/lang/Integer", "rotateRight", "(II)I");

            // i64
            case I64_CLZ: return call(fc, 1, I64, "java/lang/Long", "numberOfLeadingZeros", "(J)I", I2L);
            case I64_CTZ: return call(fc, 1, I64, "java/lang/Long", "numberOfTrailingZeros", "(J)I", I2L);
            case I64_POPCNT: return call(fc, 1, I64, "java/lang/Long", "bitCount", "(J)I", I2L);
            case I64_ADD: return insn(fc, 2, I64, LADD);
            case I64_SUB: return insn(fc, 2, I64, LSUB);
            case I64_MUL: return insn(fc, 2, I64, LMUL);
            case I64_DIV_S: return call(fc, 2, I64, NUM, "divS", "(JJ)J");
            case I64_DIV_U: return call(fc, 2, I64, NUM, "divU", "(JJ)J");
            case I64_REM_S: return call(fc, 2, I64, NUM, "remS", "(JJ)J");
            case I64_REM_U: return call(fc, 2, I64, NUM, "remU", "(JJ)J");
            case I64_AND: return insn(fc, 2, I64, LAND);
            case I64_OR: return insn(fc, 2, I64, LOR);
            case I64_XOR: return insn(fc, 2, I64, LXOR);
            case I64_SHL: return insn(fc, 2, I64, L2I, LSHL);
            case I64_SHR_S: return insn(fc, 2, I64, L2I, LSHR);
            case I64_SHR_U: return insn(fc, 2, I64, L2I, LUSHR);
            case I64_ROTL: fc.stack.materialize(2); mv.visitInsn(L2I); return call(fc, 2, I64, "java/lang/Long", "rotateLeft", "(JI)J");
            case I64_ROTR: fc.stack.materialize(2); mv.visitInsn(L2I); return call(fc, 2, I64, "java/lang/Long", "rotateRight", "(JI)J");

            // f32
            case F32_ABS: return call(fc, 1, F32, NUM, "abs", "(F)F");
            case F32_NEG: return call(fc, 1, F32, NUM, "neg", "(F)F");
            case F32_CEIL: return call(fc, 1, F32, NUM, "ceil", "(F)F");
            case F32_FLOOR: return call(fc, 1, F32, NUM, "floor", "(F)F");
            case F32_TRUNC: return call(fc, 1, F32, NUM, "trunc", "(F)F");
            case F32_NEAREST: return call(fc, 1, F32, NUM, "nearest", "(F)F");
            case F32_SQRT: return call(fc, 1, F32, NUM, "sqrt", "(F)F");
            case F32_ADD: return insn(fc, 2, F32, FADD);
            case F32_SUB: return insn(fc, 2, F32, FSUB);
            case F32_MUL: return insn(fc, 2, F32, FMUL);
            case F32_DIV: return insn(fc, 2, F32, FDIV);
            case F32_MIN: return call(fc, 2, F32, NUM, "min", "(FF)F");
            case F32_MAX: return call(fc, 2, F32, NUM, "max", "(FF)F");
            case F32_COPYSIGN: return call(fc, 2, F32, NUM, "copysign", "(FF)F");

            // f64
            case F64_ABS: return call(fc, 1, F64, NUM, "abs", "(D)D");
            case F64_NEG: return call(fc, 1, F64, NUM, "neg", "(D)D");
            case F64_CEIL: return call(fc, 1, F64, NUM, "ceil", "(D)D");
            case F64_FLOOR: return call(fc, 1, F64, NUM, "floor", "(D)D");
            case F64_TRUNC: return call(fc, 1, F64, NUM, "trunc", "(D)D");
            case F64_NEAREST: return call(fc, 1, F64, NUM, "nearest", "(D)D");
            case F64_SQRT: return call(fc, 1, F64, "java/lang/Math", "sqrt", "(D)D");
            case F64_ADD: return insn(fc, 2, F64, DADD);
            case F64_SUB: return insn(fc, 2, F64, DSUB);
            case F64_MUL: return insn(fc, 2, F64, DMUL);
            case F64_DIV: return insn(fc, 2, F64, DDIV);
            case F64_MIN: return call(fc, 2, F64, NUM, "min", "(DD)D");
            case F64_MAX: return call(fc, 2, F64, NUM, "max", "(DD)D");
            case F64_COPYSIGN: return call(fc, 2, F64, NUM, "copysign", "(DD)D");

            // conversions
            case I32_WRAP_I64: return insn(fc, 1, I32, L2I);
            case I32_TRUNC_F32_S: return call(fc, 1, I32, NUM, "i32TruncS", "(F)I");
            case I32_TRUNC_F32_U: return call(fc, 1, I32, NUM, "i32TruncU", "(F)I");
            case I32_TRUNC_F64_S: return call(fc, 1, I32, NUM, "i32TruncS", "(D)I");
            case I32_TRUNC_F64_U: return call(fc, 1, I32, NUM, "i32TruncU", "(D)I");
            case I64_EXTEND_I32_S: return insn(fc, 1, I64, I2L);
            case I64_EXTEND_I32_U:
                fc.stack.materialize(1);
                Emit.zeroExtend(mv);
                fc.stack.pop(1);
                fc.stack.pushJvm(I64);
                return true;
            case I64_TRUNC_F32_S: return call(fc, 1, I64, NUM, "i64TruncS", "(F)J");
            case I64_TRUNC_F32_U: return call(fc, 1, I64, NUM, "i64TruncU", "(F)J");
            case I64_TRUNC_F64_S: return call(fc, 1, I64, NUM, "i64TruncS", "(D)J");
            case I64_TRUNC_F64_U: return call(fc, 1, I64, NUM, "i64TruncU", "(D)J");
            case F32_CONVERT_I32_S: return insn(fc, 1, F32, I2F);
            case F32_CONVERT_I32_U: return call(fc, 1, F32, NUM, "f32ConvertU", "(I)F");
            case F32_CONVERT_I64_S: return insn(fc, 1, F32, L2F);
            case F32_CONVERT_I64_U: return call(fc, 1, F32, NUM, "f32ConvertU", "(J)F");
            case F32_DEMOTE_F64: return insn(fc, 1, F32, D2F);
            case F64_CONVERT_I32_S: return insn(fc, 1, F64, I2D);
            case F64_CONVERT_I32_U: return call(fc, 1, F64, NUM, "f64ConvertU", "(I)D");
            case F64_CONVERT_I64_S: return insn(fc, 1, F64, L2D);
            case F64_CONVERT_I64_U: return call(fc, 1, F64, NUM, "f64ConvertU", "(J)D");
            case F64_PROMOTE_F32: return insn(fc, 1, F64, F2D);
            case I32_REINTERPRET_F32: return call(fc, 1, I32, "java/lang/Float", "floatToRawIntBits", "(F)I");
            case I64_REINTERPRET_F64: return call(fc, 1, I64, "java/lang/Double", "doubleToRawLongBits", "(D)J");
            case F32_REINTERPRET_I32: return call(fc, 1, F32, "java/lang/Float", "intBitsToFloat", "(I)F");
            case F64_REINTERPRET_I64: return call(fc, 1, F64, "java/lang/Double", "longBitsToDouble", "(J)D");
            case I32_EXTEND8_S: return insn(fc, 1, I32, I2B);
            case I32_EXTEND16_S: return insn(fc, 1, I32, I2S);
            case I64_EXTEND8_S: return insn(fc, 1, I64, L2I, I2B, I2L);
            case I64_EXTEND16_S: return insn(fc, 1, I64, L2I, I2S, I2L);
            case I64_EXTEND32_S: return insn(fc, 1, I64, L2I, I2L);
            // saturating: the JVM's f2i/d2l already saturate and map NaN to 0
            case I32_TRUNC_SAT_F32_S: return insn(fc, 1, I32, F2I);
            case I32_TRUNC_SAT_F32_U: return call(fc, 1, I32, NUM, "i32TruncSatU", "(F)I");
            case I32_TRUNC_SAT_F64_S: return insn(fc, 1, I32, D2I);
            case I32_TRUNC_SAT_F64_U: return call(fc, 1, I32, NUM, "i32TruncSatU", "(D)I");
            case I64_TRUNC_SAT_F32_S: return insn(fc, 1, I64, F2L);
            case I64_TRUNC_SAT_F32_U: return call(fc, 1, I64, NUM, "i64TruncSatU", "(F)J");
            case I64_TRUNC_SAT_F64_S: return insn(fc, 1, I64, D2L);
            case I64_TRUNC_SAT_F64_U: return call(fc, 1, I64, NUM, "i64TruncSatU", "(D)J");
            default:
                return false;
        }
    }

    private static boolean cmp(FunctionCompiler fc, int operands, Cond c) {
        fc.stack.materialize(operands);
        fc.stack.pop(operands);
        fc.stack.pushPending(c, false);
        return true;
    }

    private static boolean insn(FunctionCompiler fc, int operands, ValType result, int... opcodes) {
        fc.stack.materialize(operands);
        for (int op : opcodes) fc.mv.visitInsn(op);
        fc.stack.pop(operands);
        fc.stack.pushJvm(result);
        return true;
    }

    private static boolean call(FunctionCompiler fc, int operands, ValType result, String owner, String name, String desc, int... after) {
        fc.stack.materialize(operands);
        fc.mv.visitMethodInsn(INVOKESTATIC, owner, name, desc, false);
        for (int op : after) fc.mv.visitInsn(op);
        fc.stack.pop(operands);
        fc.stack.pushJvm(result);
        return true;
    }
}
