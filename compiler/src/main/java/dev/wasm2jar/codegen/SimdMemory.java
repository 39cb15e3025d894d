package dev.wasm2jar.codegen;

import dev.wasm2jar.model.Instruction;
import org.objectweb.asm.MethodVisitor;

import static org.objectweb.asm.Opcodes.*;

/**
 * v128 loads and stores (spec section 4.4.7: plain, extending, splat, zero-filling and lane
 * accesses). The effective address is computed and bounds-checked for the whole access width first
 * ({@code V128Memory.address}), so a store that traps writes nothing; then the halves are read
 * or written with the little-endian accessors of {@code MemoryAccess}.
 */
final class SimdMemory {
    private static final String MEM = ModuleLayout.RT + "V128Memory";

    private final SimdOps ops;
    private final MethodVisitor mv;
    private int address = -1;

    SimdMemory(SimdOps ops) {
        this.ops = ops;
        this.mv = ops.mv;
    }

    boolean emit(Instruction in) {
        switch (in.op) {
            case V128_LOAD:
                address(in, 16);
                get("getLong", in, 0);
                get("getLong", in, 8);
                ops.pushV();
                return true;
            case V128_LOAD8X8_S: extending(in, "i16x8ExtendS"); return true;
            case V128_LOAD8X8_U: extending(in, "i16x8ExtendU"); return true;
            case V128_LOAD16X4_S: extending(in, "i32x4ExtendS"); return true;
            case V128_LOAD16X4_U: extending(in, "i32x4ExtendU"); return true;
            case V128_LOAD32X2_S: extending(in, "i64x2ExtendS"); return true;
            case V128_LOAD32X2_U: extending(in, "i64x2ExtendU"); return true;
            case V128_LOAD8_SPLAT: splat(in, 1, "getByte", "splat8"); return true;
            case V128_LOAD16_SPLAT: splat(in, 2, "getShort", "splat16"); return true;
            case V128_LOAD32_SPLAT: splat(in, 4, "getInt", "splat32"); return true;
            case V128_LOAD64_SPLAT: splat(in, 8, "getLong", null); return true;
            case V128_LOAD32_ZERO:
                address(in, 4);
                get("getInt", in, 0);
                mv.visitInsn(LCONST_0);
                ops.pushV();
                return true;
            case V128_LOAD64_ZERO:
                address(in, 8);
                get("getLong", in, 0);
                mv.visitInsn(LCONST_0);
                ops.pushV();
                return true;
            case V128_STORE:
                ops.operands(1);
                address(in, 16);
                set("setLong", in, 0, SimdOps.A_LO, 0);
                set("setLong", in, 8, SimdOps.A_HI, 0);
                return true;
            case V128_LOAD8_LANE: loadLane(in, 8, "getByte"); return true;
            case V128_LOAD16_LANE: loadLane(in, 16, "getShort"); return true;
            case V128_LOAD32_LANE: loadLane(in, 32, "getInt"); return true;
            case V128_LOAD64_LANE: loadLane(in, 64, "getLong"); return true;
            case V128_STORE8_LANE: storeLane(in, 8, "setByte"); return true;
            case V128_STORE16_LANE: storeLane(in, 16, "setShort"); return true;
            case V128_STORE32_LANE: storeLane(in, 32, "setInt"); return true;
            case V128_STORE64_LANE: storeLane(in, 64, "setLong"); return true;
            default:
                return false;
        }
    }

    /** Pops the i32 base address; stores the checked effective address in a scratch local. */
    private void address(Instruction in, int width) {
        ops.stack.materialize(1);
        ops.stack.pop(1);
        if (address < 0) address = ops.fc.locals.alloc(1);
        mv.visitVarInsn(ALOAD, ops.fc.memLocal(in.memory));
        mv.visitInsn(SWAP);
        mv.visitLdcInsn(in.offset);
        Emit.iconst(mv, width);
        mv.visitMethodInsn(INVOKESTATIC, MEM, "address", "([BIJI)I", false);
        mv.visitVarInsn(ISTORE, address);
    }

    /** Pushes the value (a long) read by {@code getter} at the effective address + {@code plus}. */
    private void get(String getter, Instruction in, int plus) {
        mv.visitVarInsn(ALOAD, ops.fc.memLocal(in.memory));
        mv.visitVarInsn(ILOAD, address);
        if (plus != 0) {
            Emit.iconst(mv, plus);
            mv.visitInsn(IADD);
        }
        mv.visitMethodInsn(INVOKESTATIC, MEM, getter, "([BI)J", false);
    }

    /** Writes operand half {@code half} shifted right by {@code shift} with {@code setter}. */
    private void set(String setter, Instruction in, int plus, int half, int shift) {
        mv.visitVarInsn(ALOAD, ops.fc.memLocal(in.memory));
        mv.visitVarInsn(ILOAD, address);
        if (plus != 0) {
            Emit.iconst(mv, plus);
            mv.visitInsn(IADD);
        }
        ops.ld(half);
        if (shift != 0) {
            Emit.iconst(mv, shift);
            mv.visitInsn(LUSHR);
        }
        mv.visitMethodInsn(INVOKESTATIC, MEM, setter, "([BIJ)V", false);
    }

    /** load8x8 etc.: 8 bytes widened by the extend helper (part 0 -> lo, part 1 -> hi). */
    private void extending(Instruction in, String extend) {
        address(in, 8);
        get("getLong", in, 0);
        mv.visitVarInsn(LSTORE, ops.half(SimdOps.C_LO));
        for (int part = 0; part < 2; part++) {
            ops.ld(SimdOps.C_LO);
            Emit.iconst(mv, part);
            ops.call(SimdOps.LANES, extend, "(JI)J");
        }
        ops.pushV();
    }

    private void splat(Instruction in, int width, String getter, String splat) {
        address(in, width);
        get(getter, in, 0);
        if (splat != null) {
            mv.visitInsn(L2I);
            ops.call(SimdOps.LANES, splat, "(I)J");
        }
        mv.visitInsn(DUP2);
        ops.pushV();
    }

    /** [i32 v128] -> v128 with lane {@code in.index} read from memory. */
    private void loadLane(Instruction in, int bits, String getter) {
        ops.operands(1);
        address(in, bits / 8);
        int at = in.index * bits;
        for (int h = 0; h < 2; h++) {
            ops.ld(h == 0 ? SimdOps.A_LO : SimdOps.A_HI);
            if ((at >= 64) == (h == 1)) {
                Emit.iconst(mv, at & 63);
                Emit.iconst(mv, bits);
                get(getter, in, 0);
                ops.call(SimdOps.LANES, "replace", "(JIIJ)J");
            }
        }
        ops.pushV();
    }

    /** [i32 v128] -> [] writing lane {@code in.index}. */
    private void storeLane(Instruction in, int bits, String setter) {
        ops.operands(1);
        address(in, bits / 8);
        int at = in.index * bits;
        set(setter, in, 0, at >= 64 ? SimdOps.A_HI : SimdOps.A_LO, at & 63);
    }

}
