package dev.wasm2jar.codegen;

import dev.wasm2jar.model.Instruction;
import org.objectweb.asm.MethodVisitor;

import static org.objectweb.asm.Opcodes.*;

/**
 * v128 loads and stores (spec section 4.4.7: plain, extending, splat, zero-filling and lane
 * accesses), inline like the scalar ones in {@link MemoryOps}: the effective address goes to a
 * scratch local, then the halves are read or written with the little-endian guest accessors of
 * {@code MemoryAccess}, whose own bounds checks (against the memory's size) trap. The 16-byte v128.load and
 * v128.store check all their bytes first, so that a store that traps writes nothing. A value
 * read or written as lanes ({@link SimdLanes}) is loaded or stored as four floats or ints.
 */
final class SimdMemory {
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
                for (SimdViews.Shape s : SimdViews.Shape.values()) {
                    if (ops.lanes.nextReads(s)) {
                        loadLanes(in, s);
                        return true;
                    }
                }
                if (!address(in)) return true;
                checkAll16(in, 8);
                get(in, 8, 0);
                get(in, 8, 8);
                ops.pushV();
                return true;
            case V128_LOAD8X8_S: extending(in, "i16x8ExtendS"); return true;
            case V128_LOAD8X8_U: extending(in, "i16x8ExtendU"); return true;
            case V128_LOAD16X4_S: extending(in, "i32x4ExtendS"); return true;
            case V128_LOAD16X4_U: extending(in, "i32x4ExtendU"); return true;
            case V128_LOAD32X2_S: extending(in, "i64x2ExtendS"); return true;
            case V128_LOAD32X2_U: extending(in, "i64x2ExtendU"); return true;
            case V128_LOAD8_SPLAT: splat(in, 1, "splat8"); return true;
            case V128_LOAD16_SPLAT: splat(in, 2, "splat16"); return true;
            case V128_LOAD32_SPLAT: splat(in, 4, "splat32"); return true;
            case V128_LOAD64_SPLAT: splat(in, 8, null); return true;
            case V128_LOAD32_ZERO:
                if (!address(in)) return true;
                get(in, 4, 0);
                mv.visitInsn(LCONST_0);
                ops.pushV();
                return true;
            case V128_LOAD64_ZERO:
                if (!address(in)) return true;
                get(in, 8, 0);
                mv.visitInsn(LCONST_0);
                ops.pushV();
                return true;
            case V128_STORE: {
                // Lanes are stored as four floats or ints: packing them into longs costs more.
                SimdViews.View v = ops.lanes.takeViewed();
                if (v == null) ops.operands(1);
                if (!address(in)) return true;
                checkAll16(in, v == null ? 8 : 4);
                if (v == null) {
                    set(in, 8, 0, SimdOps.A_LO, 0);
                    set(in, 8, 8, SimdOps.A_HI, 0);
                    return true;
                }
                for (int lane = 0; lane < 4; lane++) {
                    at(in, 4 * lane);
                    mv.visitVarInsn(ILOAD, ops.fc.sizeLocal(in.memory));
                    mv.visitVarInsn(v.shape().load, v.local() + lane);
                    boolean f = v.shape() == SimdViews.Shape.F32;
                    MemoryOps.accessSet(mv, f ? "F32" : "I32", f ? "F" : "I");
                }
                return true;
            }
            case V128_LOAD8_LANE: loadLane(in, 8); return true;
            case V128_LOAD16_LANE: loadLane(in, 16); return true;
            case V128_LOAD32_LANE: loadLane(in, 32); return true;
            case V128_LOAD64_LANE: loadLane(in, 64); return true;
            case V128_STORE8_LANE: storeLane(in, 8); return true;
            case V128_STORE16_LANE: storeLane(in, 16); return true;
            case V128_STORE32_LANE: storeLane(in, 32); return true;
            case V128_STORE64_LANE: storeLane(in, 64); return true;
            default:
                return false;
        }
    }

    /**
     * Pops the i32 base address and stores the effective address in a scratch local; false (after
     * emitting a trap) if the offset alone is beyond any memory.
     */
    private boolean address(Instruction in) {
        ops.stack.materialize(1);
        if (!MemoryOps.address(ops.fc, in.offset)) return false;
        ops.stack.pop(1);
        if (address < 0) address = ops.fc.locals.alloc(1);
        mv.visitVarInsn(ISTORE, address);
        return true;
    }

    /**
     * Checks that all 16 bytes at the effective address are in bounds (an IndexOutOfBoundsException
     * is a trap, also for a negative address) before accesses of {@code width} bytes each: a
     * v128.store must not write a part when another is out of bounds. Two 8-byte halves: one
     * {@code Objects.checkIndex(address, length - 15)}. Four 4-byte lanes: the checks of the first
     * and last lane as the 4-byte accessors make them ({@code checkIndex(i, size - 3)}), which C2
     * then finds already done for all four accesses. Each measured best for its case.
     */
    private void checkAll16(Instruction in, int width) {
        int[] at = width == 8 ? new int[] {0} : new int[] {0, 12};
        for (int plus : at) {
            mv.visitVarInsn(ILOAD, address);
            if (plus != 0) {
                Emit.iconst(mv, plus);
                mv.visitInsn(IADD);
            }
            mv.visitVarInsn(ILOAD, ops.fc.sizeLocal(in.memory));
            Emit.iconst(mv, width == 8 ? 15 : 3);
            mv.visitInsn(ISUB);
            mv.visitMethodInsn(INVOKESTATIC, "java/util/Objects", "checkIndex", "(II)I", false);
            mv.visitInsn(POP);
        }
    }

    /**
     * v128.load of a value read as lanes of shape {@code s} next: four floats or ints, without the
     * detour through longs (the float VarHandle reads the bits as they are: C2 turns int load +
     * intBitsToFloat into a float load). Measured faster in steady state, slower interpreted (four
     * VarHandle calls instead of two).
     */
    private void loadLanes(Instruction in, SimdViews.Shape s) {
        int entry = ops.stack.size() - 1; // where the address is and the result will be
        if (!address(in)) return;
        checkAll16(in, 4);
        int r = ops.views.resultLocals(s, entry);
        for (int lane = 0; lane < 4; lane++) {
            at(in, 4 * lane);
            boolean f = s == SimdViews.Shape.F32;
            MemoryOps.accessGet(ops.fc, in.memory, f ? "F32" : "I32", f ? "F" : "I");
            mv.visitVarInsn(s.store, r + lane);
        }
        ops.lanes.result(s, r);
    }

    /** Pushes memory and effective address + {@code plus}. */
    private void at(Instruction in, int plus) {
        mv.visitVarInsn(ALOAD, ops.fc.memLocal(in.memory));
        mv.visitVarInsn(ILOAD, address);
        if (plus != 0) {
            Emit.iconst(mv, plus);
            mv.visitInsn(IADD);
        }
    }

    /** The MemoryAccess method name suffix for {@code bytes}. */
    private static String width(int bytes) {
        return bytes == 8 ? "I64" : bytes == 4 ? "I32" : bytes == 2 ? "I16" : "I8";
    }

    private static String desc(int bytes) {
        return bytes == 8 ? "J" : bytes == 4 ? "I" : bytes == 2 ? "S" : "B";
    }

    /** Pushes the {@code bytes}-wide value at the effective address + {@code plus}, zero-extended to a long. */
    private void get(Instruction in, int bytes, int plus) {
        at(in, plus);
        MemoryOps.accessGet(ops.fc, in.memory, width(bytes), desc(bytes));
        if (bytes == 1) {
            mv.visitIntInsn(SIPUSH, 0xFF);
            mv.visitInsn(IAND);
            mv.visitInsn(I2L);
        } else if (bytes == 4) {
            Emit.zeroExtend(mv);
        } else if (bytes == 2) {
            mv.visitInsn(I2C);
            mv.visitInsn(I2L);
        }
    }

    /** Writes the low {@code bytes} of operand half {@code half} shifted right by {@code shift}. */
    private void set(Instruction in, int bytes, int plus, int half, int shift) {
        at(in, plus);
        mv.visitVarInsn(ILOAD, ops.fc.sizeLocal(in.memory));
        ops.ld(half);
        if (shift != 0) {
            Emit.iconst(mv, shift);
            mv.visitInsn(LUSHR);
        }
        if (bytes < 8) mv.visitInsn(L2I);
        if (bytes == 1) mv.visitInsn(I2B);
        if (bytes == 2) mv.visitInsn(I2S);
        MemoryOps.accessSet(mv, width(bytes), desc(bytes));
    }

    /** load8x8 etc.: 8 bytes widened by the extend helper (part 0 -> lo, part 1 -> hi). */
    private void extending(Instruction in, String extend) {
        if (!address(in)) return;
        get(in, 8, 0);
        mv.visitVarInsn(LSTORE, ops.half(SimdOps.C_LO));
        for (int part = 0; part < 2; part++) {
            ops.ld(SimdOps.C_LO);
            Emit.iconst(mv, part);
            ops.call(SimdOps.LANES, extend, "(JI)J");
        }
        ops.pushV();
    }

    private void splat(Instruction in, int bytes, String splat) {
        if (!address(in)) return;
        get(in, bytes, 0);
        if (splat != null) {
            mv.visitInsn(L2I);
            ops.call(SimdOps.LANES, splat, "(I)J");
        }
        mv.visitInsn(DUP2);
        ops.pushV();
    }

    /** [i32 v128] -> v128 with lane {@code in.index} read from memory. */
    private void loadLane(Instruction in, int bits) {
        ops.operands(1);
        if (!address(in)) return;
        int at = in.index * bits;
        for (int h = 0; h < 2; h++) {
            ops.ld(h == 0 ? SimdOps.A_LO : SimdOps.A_HI);
            if ((at >= 64) == (h == 1)) {
                Emit.iconst(mv, at & 63);
                Emit.iconst(mv, bits);
                get(in, bits / 8, 0);
                ops.call(SimdOps.LANES, "replace", "(JIIJ)J");
            }
        }
        ops.pushV();
    }

    /** [i32 v128] -> [] writing lane {@code in.index}. */
    private void storeLane(Instruction in, int bits) {
        ops.operands(1);
        if (!address(in)) return;
        int at = in.index * bits;
        set(in, bits / 8, 0, at >= 64 ? SimdOps.A_HI : SimdOps.A_LO, at & 63);
    }
}
