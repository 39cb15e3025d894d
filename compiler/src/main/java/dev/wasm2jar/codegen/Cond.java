package dev.wasm2jar.codegen;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

import static org.objectweb.asm.Opcodes.*;

/**
 * A comparison whose operands are on the JVM stack but whose 0/1 result has not been computed:
 * {@code br_if}, {@code if} and {@code select} jump on it directly ({@code i32.lt_s; br_if} becomes
 * one {@code if_icmplt}). Other consumers materialize it first.
 */
enum Cond {
    I32_EQ(Group.INT, IFEQ), I32_NE(Group.INT, IFNE), I32_LT_S(Group.INT, IFLT), I32_GT_S(Group.INT, IFGT),
    I32_LE_S(Group.INT, IFLE), I32_GE_S(Group.INT, IFGE),
    I32_LT_U(Group.INT_U, IFLT), I32_GT_U(Group.INT_U, IFGT), I32_LE_U(Group.INT_U, IFLE), I32_GE_U(Group.INT_U, IFGE),
    I64_EQ(Group.LONG, IFEQ), I64_NE(Group.LONG, IFNE), I64_LT_S(Group.LONG, IFLT), I64_GT_S(Group.LONG, IFGT),
    I64_LE_S(Group.LONG, IFLE), I64_GE_S(Group.LONG, IFGE),
    I64_LT_U(Group.LONG_U, IFLT), I64_GT_U(Group.LONG_U, IFGT), I64_LE_U(Group.LONG_U, IFLE), I64_GE_U(Group.LONG_U, IFGE),
    F32_EQ(Group.FLOAT, IFEQ), F32_NE(Group.FLOAT, IFNE), F32_LT(Group.FLOAT, IFLT), F32_GT(Group.FLOAT, IFGT),
    F32_LE(Group.FLOAT, IFLE), F32_GE(Group.FLOAT, IFGE),
    F64_EQ(Group.DOUBLE, IFEQ), F64_NE(Group.DOUBLE, IFNE), F64_LT(Group.DOUBLE, IFLT), F64_GT(Group.DOUBLE, IFGT),
    F64_LE(Group.DOUBLE, IFLE), F64_GE(Group.DOUBLE, IFGE),
    /** i32.eqz; also a plain i32 tested for zero when negated. */
    I32_EQZ(Group.ZERO, IFEQ),
    I64_EQZ(Group.LONG_ZERO, IFEQ),
    IS_NULL(Group.NULL, IFEQ);

    private enum Group { INT, INT_U, LONG, LONG_U, FLOAT, DOUBLE, ZERO, LONG_ZERO, NULL }

    private final Group group;
    /** The IFxx opcode (compare against zero) for the relation. */
    private final int rel;

    Cond(Group group, int rel) {
        this.group = group;
        this.rel = rel;
    }

    private static int negate(int rel) {
        switch (rel) {
            case IFEQ: return IFNE;
            case IFNE: return IFEQ;
            case IFLT: return IFGE;
            case IFGE: return IFLT;
            case IFGT: return IFLE;
            case IFLE: return IFGT;
            default: throw new IllegalArgumentException();
        }
    }

    /** The relation with its operands exchanged: {@code a < b} is {@code b > a}. */
    private static int mirror(int rel) {
        switch (rel) {
            case IFLT: return IFGT;
            case IFGT: return IFLT;
            case IFLE: return IFGE;
            case IFGE: return IFLE;
            default: return rel;
        }
    }

    /** Flips the sign bit of the int or long on top of the stack, mapping unsigned order onto signed. */
    private static void flipSign(MethodVisitor mv, boolean wide) {
        if (wide) {
            mv.visitLdcInsn(Long.MIN_VALUE);
            mv.visitInsn(LXOR);
        } else {
            mv.visitLdcInsn(Integer.MIN_VALUE);
            mv.visitInsn(IXOR);
        }
    }

    /** JVM stack values (not slots) this condition's operands occupy. */
    int operandWords() {
        switch (group) {
            case INT: case INT_U: case FLOAT: return 2;
            case LONG: case LONG_U: case DOUBLE: return 4;
            case LONG_ZERO: return 2;
            default: return 1;
        }
    }

    /** Pops the operands without testing them. */
    void pop(MethodVisitor mv) {
        switch (operandWords()) {
            case 1: mv.visitInsn(POP); break;
            case 2: mv.visitInsn(POP2); break;
            default: mv.visitInsn(POP2); mv.visitInsn(POP2); break;
        }
    }

    /** Consumes the operands and jumps to {@code target} if the condition is {@code when}. */
    void jump(MethodVisitor mv, boolean when, Label target) {
        int r = when ? rel : negate(rel);
        switch (group) {
            case INT:
                mv.visitJumpInsn(r - IFEQ + IF_ICMPEQ, target);
                return;
            case INT_U:
                // a <u b  ==  (a ^ MIN) < (b ^ MIN), compared inline: C2 folds a constant side, while
                // Integer.compareUnsigned's three-way result left a diamond in hot loops (mandelbrot 2x).
                // Flipping b, swapping, flipping a leaves [b', a'], so the relation is mirrored.
                flipSign(mv, false);
                mv.visitInsn(SWAP);
                flipSign(mv, false);
                mv.visitJumpInsn(mirror(r) - IFEQ + IF_ICMPEQ, target);
                return;
            case LONG:
                mv.visitInsn(LCMP);
                break;
            case LONG_U:
                flipSign(mv, true);
                mv.visitInsn(DUP2_X2); // swap the two longs
                mv.visitInsn(POP2);
                flipSign(mv, true);
                mv.visitInsn(LCMP);
                mv.visitJumpInsn(mirror(r), target);
                return;
            case FLOAT:
                // fcmpg gives 1 for NaN, fcmpl -1: pick the one that makes a NaN comparison false
                // for lt/le (g) and for gt/ge/eq/ne (l); the negated jump then is taken on NaN.
                mv.visitInsn(rel == IFLT || rel == IFLE ? FCMPG : FCMPL);
                break;
            case DOUBLE:
                mv.visitInsn(rel == IFLT || rel == IFLE ? DCMPG : DCMPL);
                break;
            case ZERO:
                break;
            case LONG_ZERO:
                mv.visitInsn(LCONST_0);
                mv.visitInsn(LCMP);
                break;
            case NULL:
                mv.visitJumpInsn(when ? IFNULL : IFNONNULL, target);
                return;
        }
        mv.visitJumpInsn(r, target);
    }
}
