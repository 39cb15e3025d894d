package dev.wasm2jar.codegen;

import dev.wasm2jar.model.ValType;
import org.objectweb.asm.MethodVisitor;

import static org.objectweb.asm.Opcodes.*;

/** Small bytecode idioms shared by the function compiler and the class generators. */
final class Emit {
    private Emit() {
    }

    static void iconst(MethodVisitor mv, int v) {
        if (v >= -1 && v <= 5) mv.visitInsn(ICONST_0 + v);
        else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) mv.visitIntInsn(BIPUSH, v);
        else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) mv.visitIntInsn(SIPUSH, v);
        else mv.visitLdcInsn(v);
    }

    /** Zero-extends the int on top of the stack to a long, inline (no call for the interpreter or C1 to make). */
    static void zeroExtend(MethodVisitor mv) {
        mv.visitInsn(I2L);
        mv.visitLdcInsn(0xFFFF_FFFFL);
        mv.visitInsn(LAND);
    }

    static void lconst(MethodVisitor mv, long v) {
        if (v == 0 || v == 1) mv.visitInsn(LCONST_0 + (int) v);
        else mv.visitLdcInsn(v);
    }

    /** An f32 constant from its raw bits; NaNs are built from bits so that the payload survives. */
    static void fconst(MethodVisitor mv, int bits) {
        float f = Float.intBitsToFloat(bits);
        if (bits == 0) mv.visitInsn(FCONST_0);
        else if (f == 1f) mv.visitInsn(FCONST_1);
        else if (f == 2f) mv.visitInsn(FCONST_2);
        else if (f != f) {
            mv.visitLdcInsn(bits);
            mv.visitMethodInsn(INVOKESTATIC, "java/lang/Float", "intBitsToFloat", "(I)F", false);
        } else mv.visitLdcInsn(f);
    }

    static void dconst(MethodVisitor mv, long bits) {
        double d = Double.longBitsToDouble(bits);
        if (bits == 0) mv.visitInsn(DCONST_0);
        else if (d == 1.0) mv.visitInsn(DCONST_1);
        else if (d != d) {
            mv.visitLdcInsn(bits);
            mv.visitMethodInsn(INVOKESTATIC, "java/lang/Double", "longBitsToDouble", "(J)D", false);
        } else mv.visitLdcInsn(d);
    }

    static void constant(MethodVisitor mv, ModuleLayout.ConstValue c) {
        if (c.isNull()) {
            mv.visitInsn(ACONST_NULL);
            return;
        }
        switch (JvmType.of(c.type())) {
            case INT: iconst(mv, (int) c.bits()); break;
            case LONG: lconst(mv, c.bits()); break;
            case FLOAT: fconst(mv, (int) c.bits()); break;
            case DOUBLE: dconst(mv, c.bits()); break;
            default: mv.visitInsn(ACONST_NULL); break;
        }
    }

    /** Pushes the value of a global. */
    static void globalGet(MethodVisitor mv, ModuleLayout layout, int index, int instLocal) {
        ModuleLayout.GlobalInfo g = layout.globals[index];
        if (g.constant != null) {
            constant(mv, g.constant);
            return;
        }
        mv.visitVarInsn(ALOAD, instLocal);
        mv.visitFieldInsn(GETFIELD, layout.className, g.field, g.fieldDesc());
        if (!g.boxed) return;
        if (SimdTypes.isV128(g.type)) {
            SimdOps.getBoxedGlobal(mv);
            return;
        }
        JvmType t = JvmType.of(g.type);
        if (t == JvmType.REF) {
            mv.visitFieldInsn(GETFIELD, ModuleLayout.RT + "Global", "ref", "Ljava/lang/Object;");
        } else {
            mv.visitFieldInsn(GETFIELD, ModuleLayout.RT + "Global", "bits", "J");
            fromBits(mv, t);
        }
    }

    /** Stores the value on top of the stack into a global. */
    static void globalSet(MethodVisitor mv, ModuleLayout layout, int index, int instLocal) {
        ModuleLayout.GlobalInfo g = layout.globals[index];
        if (SimdTypes.isV128(g.type)) {
            SimdOps.setGlobal(mv, layout, g, instLocal);
            return;
        }
        JvmType t = JvmType.of(g.type);
        mv.visitVarInsn(ALOAD, instLocal);
        if (g.boxed) {
            mv.visitFieldInsn(GETFIELD, layout.className, g.field, g.fieldDesc());
            String name = switch (t) {
                case INT -> "setI32";
                case LONG -> "setI64";
                case FLOAT -> "setF32";
                case DOUBLE -> "setF64";
                case REF -> "setRef";
            };
            mv.visitMethodInsn(INVOKESTATIC, ModuleLayout.RT + "Ops", name, "(" + t.desc + "L" + ModuleLayout.RT + "Global;)V", false);
            return;
        }
        swapUnder(mv, t);
        mv.visitFieldInsn(PUTFIELD, layout.className, g.field, g.fieldDesc());
    }

    /** With [value(t), x] on the stack (x one slot), makes it [x, value]. */
    static void swapUnder(MethodVisitor mv, JvmType valueType) {
        if (valueType.size == 1) {
            mv.visitInsn(SWAP);
        } else {
            mv.visitInsn(DUP_X2);
            mv.visitInsn(POP);
        }
    }

    /** Converts the number on top of the stack to raw bits in a long. */
    static void toBits(MethodVisitor mv, JvmType t) {
        switch (t) {
            case INT: mv.visitInsn(I2L); break;
            case FLOAT:
                mv.visitMethodInsn(INVOKESTATIC, "java/lang/Float", "floatToRawIntBits", "(F)I", false);
                mv.visitInsn(I2L);
                break;
            case DOUBLE: mv.visitMethodInsn(INVOKESTATIC, "java/lang/Double", "doubleToRawLongBits", "(D)J", false); break;
            default: break;
        }
    }

    /** Converts raw bits in a long to the number. */
    static void fromBits(MethodVisitor mv, JvmType t) {
        switch (t) {
            case INT: mv.visitInsn(L2I); break;
            case FLOAT:
                mv.visitInsn(L2I);
                mv.visitMethodInsn(INVOKESTATIC, "java/lang/Float", "intBitsToFloat", "(I)F", false);
                break;
            case DOUBLE: mv.visitMethodInsn(INVOKESTATIC, "java/lang/Double", "longBitsToDouble", "(J)D", false); break;
            default: break;
        }
    }

    /** Pushes result {@code i >= 1} of the last multi-result call from the instance's return area. */
    static void loadReturnArea(MethodVisitor mv, ValType type, int i, int instLocal) {
        JvmType t = JvmType.of(type);
        mv.visitVarInsn(ALOAD, instLocal);
        if (t == JvmType.REF) {
            mv.visitFieldInsn(GETFIELD, ModuleLayout.MODULE_INSTANCE, "retRef", "[Ljava/lang/Object;");
            iconst(mv, i - 1);
            mv.visitInsn(AALOAD);
        } else {
            mv.visitFieldInsn(GETFIELD, ModuleLayout.MODULE_INSTANCE, "ret", "[J");
            iconst(mv, i - 1);
            mv.visitInsn(LALOAD);
            fromBits(mv, t);
        }
    }

    /** Pushes the array and index of result {@code i >= 1} in the return area; then push the value and {@link #storeReturnArea}. */
    static void prepareReturnArea(MethodVisitor mv, ValType type, int i, int instLocal) {
        mv.visitVarInsn(ALOAD, instLocal);
        if (JvmType.of(type) == JvmType.REF) {
            mv.visitFieldInsn(GETFIELD, ModuleLayout.MODULE_INSTANCE, "retRef", "[Ljava/lang/Object;");
        } else {
            mv.visitFieldInsn(GETFIELD, ModuleLayout.MODULE_INSTANCE, "ret", "[J");
        }
        iconst(mv, i - 1);
    }

    static void storeReturnArea(MethodVisitor mv, ValType type) {
        JvmType t = JvmType.of(type);
        if (t == JvmType.REF) {
            mv.visitInsn(AASTORE);
        } else {
            toBits(mv, t);
            mv.visitInsn(LASTORE);
        }
    }

    static void box(MethodVisitor mv, JvmType t) {
        switch (t) {
            case INT: mv.visitMethodInsn(INVOKESTATIC, "java/lang/Integer", "valueOf", "(I)Ljava/lang/Integer;", false); break;
            case LONG: mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "valueOf", "(J)Ljava/lang/Long;", false); break;
            case FLOAT: mv.visitMethodInsn(INVOKESTATIC, "java/lang/Float", "valueOf", "(F)Ljava/lang/Float;", false); break;
            case DOUBLE: mv.visitMethodInsn(INVOKESTATIC, "java/lang/Double", "valueOf", "(D)Ljava/lang/Double;", false); break;
            default: break;
        }
    }

    static void unbox(MethodVisitor mv, JvmType t) {
        String ops = ModuleLayout.RT + "Ops";
        switch (t) {
            case INT: mv.visitMethodInsn(INVOKESTATIC, ops, "unboxI32", "(Ljava/lang/Object;)I", false); break;
            case LONG: mv.visitMethodInsn(INVOKESTATIC, ops, "unboxI64", "(Ljava/lang/Object;)J", false); break;
            case FLOAT: mv.visitMethodInsn(INVOKESTATIC, ops, "unboxF32", "(Ljava/lang/Object;)F", false); break;
            case DOUBLE: mv.visitMethodInsn(INVOKESTATIC, ops, "unboxF64", "(Ljava/lang/Object;)D", false); break;
            default: break;
        }
    }

    /** Loads method parameters from local 0 on; returns the next free local. */
    static int loadParams(MethodVisitor mv, java.util.List<ValType> params, int first) {
        int local = first;
        for (ValType p : params) {
            JvmType t = JvmType.of(p);
            mv.visitVarInsn(t.load, local);
            local += t.size;
        }
        return local;
    }

    /**
     * With the Object[] of a multi-result boundary call on the stack: stores results 1.. into the
     * return area and leaves result 0 unboxed on the stack. Uses local {@code tmp} for the array.
     */
    static void unpackResults(MethodVisitor mv, java.util.List<ValType> results, int instLocal, int tmp) {
        mv.visitVarInsn(ASTORE, tmp);
        for (int i = 1; i < results.size(); i++) {
            prepareReturnArea(mv, results.get(i), i, instLocal);
            mv.visitVarInsn(ALOAD, tmp);
            iconst(mv, i);
            mv.visitInsn(AALOAD);
            unbox(mv, JvmType.of(results.get(i)));
            storeReturnArea(mv, results.get(i));
        }
        mv.visitVarInsn(ALOAD, tmp);
        mv.visitInsn(ICONST_0);
        mv.visitInsn(AALOAD);
        unbox(mv, JvmType.of(results.get(0)));
    }
}
