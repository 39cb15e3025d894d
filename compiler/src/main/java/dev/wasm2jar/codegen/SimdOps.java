package dev.wasm2jar.codegen;

import dev.wasm2jar.binary.CodeReader;
import dev.wasm2jar.model.ConstExpr;
import dev.wasm2jar.model.Instruction;
import dev.wasm2jar.model.Opcode;
import dev.wasm2jar.model.ValType;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

import static org.objectweb.asm.Opcodes.*;

/**
 * Fixed-width and relaxed SIMD instructions (spec sections 4.3.2 and 4.4.3, opcode prefix 0xFD).
 * A v128 is two i64 values, lo (bytes 0-7) then hi (bytes 8-15), see {@link SimdTypes}. Lane-wise
 * f32x4 and i32x4 instructions are computed lane by lane on floats or ints ({@link SimdLanes},
 * with the lanes kept for the next instruction, {@link SimdViews}). The others take their operands
 * off the JVM stack into scratch locals and compute the result one 64-bit half at a time:
 * lane-wise operations call a runtime helper once per half ({@code V128Ints}, {@code V128Floats}),
 * cross-lane ones compute each half from the inputs it needs ({@code V128Lanes}). Loads and stores
 * are in {@link SimdMemory}. Nothing is allocated.
 */
final class SimdOps {
    static final String INTS = ModuleLayout.RT + "V128Ints";
    static final String FLOATS = ModuleLayout.RT + "V128Floats";
    static final String LANES = ModuleLayout.RT + "V128Lanes";
    static final String V128 = ModuleLayout.RT + "V128";

    /** Scratch operand halves: A_LO, A_HI (first operand), B_*, C_*. */
    static final int A_LO = 0, A_HI = 1, B_LO = 2, B_HI = 3, C_LO = 4, C_HI = 5;

    final FunctionCompiler fc;
    final MethodVisitor mv;
    final OperandStack stack;
    private final int[] halves = new int[6];
    private int scalarInt = -1;
    final SimdMemory memory;
    final SimdViews views;
    final SimdLanes lanes;

    SimdOps(FunctionCompiler fc, int wasmLocals) {
        this.fc = fc;
        this.mv = fc.mv;
        this.stack = fc.stack;
        this.memory = new SimdMemory(this);
        this.views = new SimdViews(fc, wasmLocals);
        this.lanes = new SimdLanes(this, views);
    }

    // ---- operand handling ----

    /** The scratch local of operand half {@code k}. */
    int half(int k) {
        if (halves[k] == 0) halves[k] = fc.locals.alloc(2) + 1;
        return halves[k] - 1;
    }

    int intScratch() {
        if (scalarInt < 0) scalarInt = fc.locals.alloc(1);
        return scalarInt;
    }

    void ld(int k) {
        mv.visitVarInsn(LLOAD, half(k));
    }

    /** Moves the top v128 from the JVM stack into operand halves {@code k, k+1}. */
    void storeV(int k) {
        mv.visitVarInsn(LSTORE, half(k + 1));
        mv.visitVarInsn(LSTORE, half(k));
    }

    /** Takes {@code n} v128 operands (a, b, c) off the stack into the scratch halves. */
    void operands(int n) {
        stack.materialize(2 * n);
        for (int i = n - 1; i >= 0; i--) storeV(2 * i);
        stack.pop(2 * n);
    }

    /** As {@link #operands}(1) with a scalar of type {@code t} above the v128: the scalar stays on the JVM stack. */
    void vectorAndScalar(ValType t) {
        stack.materialize(3);
        JvmType jt = JvmType.of(t);
        int tmp = fc.scratch(jt);
        mv.visitVarInsn(jt.store, tmp);
        storeV(A_LO);
        mv.visitVarInsn(jt.load, tmp);
        stack.pop(3);
    }

    /** The result halves are on the JVM stack. */
    void pushV() {
        stack.pushJvm(ValType.I64);
        stack.pushJvm(SimdTypes.HI);
    }

    void call(String owner, String name, String desc) {
        mv.visitMethodInsn(INVOKESTATIC, owner, name, desc, false);
    }

    // ---- shapes ----

    /** lo = f(a.lo), hi = f(a.hi). */
    private void unary(String owner, String name) {
        operands(1);
        ld(A_LO);
        call(owner, name, "(J)J");
        ld(A_HI);
        call(owner, name, "(J)J");
        pushV();
    }

    /** lo = f(a.lo, b.lo), hi = f(a.hi, b.hi). */
    private void binary(String owner, String name) {
        operands(2);
        ld(A_LO);
        ld(B_LO);
        call(owner, name, "(JJ)J");
        ld(A_HI);
        ld(B_HI);
        call(owner, name, "(JJ)J");
        pushV();
    }

    private void ternary(String owner, String name) {
        operands(3);
        ld(A_LO);
        ld(B_LO);
        ld(C_LO);
        call(owner, name, "(JJJ)J");
        ld(A_HI);
        ld(B_HI);
        ld(C_HI);
        call(owner, name, "(JJJ)J");
        pushV();
    }

    /** A bitwise JVM instruction on both halves (b null: with a constant, e.g. not = xor -1). */
    private void bitwise(int insn, boolean invertB) {
        operands(2);
        ld(A_LO);
        ld(B_LO);
        if (invertB) invert();
        mv.visitInsn(insn);
        ld(A_HI);
        ld(B_HI);
        if (invertB) invert();
        mv.visitInsn(insn);
        pushV();
    }

    private void invert() {
        mv.visitLdcInsn(-1L);
        mv.visitInsn(LXOR);
    }

    /** Both halves combined with a constant by a JVM instruction (abs/neg of floats, not). */
    private void withConstant(int insn, long c) {
        operands(1);
        ld(A_LO);
        Emit.lconst(mv, c);
        mv.visitInsn(insn);
        ld(A_HI);
        Emit.lconst(mv, c);
        mv.visitInsn(insn);
        pushV();
    }

    /** [v128 i32] -> v128: lo = f(a.lo, s), hi = f(a.hi, s). */
    private void shift(String name) {
        vectorAndScalar(ValType.I32);
        int s = intScratch();
        mv.visitVarInsn(ISTORE, s);
        ld(A_LO);
        mv.visitVarInsn(ILOAD, s);
        call(INTS, name, "(JI)J");
        ld(A_HI);
        mv.visitVarInsn(ILOAD, s);
        call(INTS, name, "(JI)J");
        pushV();
    }

    /** Widening from one half ({@code high}: a.hi, else a.lo): lo = f(src, 0), hi = f(src, 1). */
    private void widen(String name, boolean high) {
        operands(1);
        for (int part = 0; part < 2; part++) {
            ld(high ? A_HI : A_LO);
            Emit.iconst(mv, part);
            call(LANES, name, "(JI)J");
        }
        pushV();
    }

    /** Widening multiply of one half of a and b: lo = f(a.x, b.x, 0), hi = f(a.x, b.x, 1). */
    private void extmul(String name, boolean high) {
        operands(2);
        for (int part = 0; part < 2; part++) {
            ld(high ? A_HI : A_LO);
            ld(high ? B_HI : B_LO);
            Emit.iconst(mv, part);
            call(LANES, name, "(JJI)J");
        }
        pushV();
    }

    /** Narrowing: lo = f(a.lo, a.hi), hi = f(b.lo, b.hi). */
    private void narrow(String name) {
        operands(2);
        ld(A_LO);
        ld(A_HI);
        call(LANES, name, "(JJ)J");
        ld(B_LO);
        ld(B_HI);
        call(LANES, name, "(JJ)J");
        pushV();
    }

    /** lo = f(a.lo, a.hi), hi = 0 (the "_zero" conversions). */
    private void zeroHigh(String name) {
        operands(1);
        ld(A_LO);
        ld(A_HI);
        call(LANES, name, "(JJ)J");
        mv.visitInsn(LCONST_0);
        pushV();
    }

    /** v128 -> i32 from both halves. */
    private void reduce(String name) {
        operands(1);
        ld(A_LO);
        ld(A_HI);
        call(LANES, name, "(JJ)I");
        stack.pushJvm(ValType.I32);
    }

    // ---- dispatch ----

    void emit(Instruction in) {
        if (memory.emit(in)) return;
        if (lanes.emit(in)) return;
        Opcode op = in.op;
        switch (op) {
            case V128_CONST:
                stack.pushConst(ValType.I64, le(in.bytes, 0));
                stack.pushConst(SimdTypes.HI, le(in.bytes, 8));
                return;
            case I8X16_SHUFFLE: {
                operands(2);
                for (int h = 0; h < 2; h++) {
                    ld(A_LO);
                    ld(A_HI);
                    ld(B_LO);
                    ld(B_HI);
                    Emit.lconst(mv, le(in.bytes, 8 * h));
                    call(LANES, "shuffle", "(JJJJJ)J");
                }
                pushV();
                return;
            }
            case I8X16_SWIZZLE: case I8X16_RELAXED_SWIZZLE:
                operands(2);
                for (int h = 0; h < 2; h++) {
                    ld(A_LO);
                    ld(A_HI);
                    ld(h == 0 ? B_LO : B_HI);
                    call(LANES, "swizzle", "(JJJ)J");
                }
                pushV();
                return;
            case I8X16_SPLAT: splat("splat8"); return;
            case I16X8_SPLAT: splat("splat16"); return;
            case I32X4_SPLAT: splat("splat32"); return;
            case F32X4_SPLAT:
                stack.materialize(1);
                mv.visitMethodInsn(INVOKESTATIC, "java/lang/Float", "floatToRawIntBits", "(F)I", false);
                splat("splat32");
                return;
            case I64X2_SPLAT:
                stack.materialize(1);
                stack.pop(1);
                mv.visitInsn(DUP2);
                pushV();
                return;
            case F64X2_SPLAT:
                stack.materialize(1);
                stack.pop(1);
                mv.visitMethodInsn(INVOKESTATIC, "java/lang/Double", "doubleToRawLongBits", "(D)J", false);
                mv.visitInsn(DUP2);
                pushV();
                return;
            case I8X16_EXTRACT_LANE_S: extract(in.index, 8, ValType.I32, I2B); return;
            case I8X16_EXTRACT_LANE_U: extract(in.index, 8, ValType.I32, 0xFF); return;
            case I16X8_EXTRACT_LANE_S: extract(in.index, 16, ValType.I32, I2S); return;
            case I16X8_EXTRACT_LANE_U: extract(in.index, 16, ValType.I32, I2C); return;
            case I32X4_EXTRACT_LANE: extract(in.index, 32, ValType.I32, 0); return;
            case I64X2_EXTRACT_LANE: extract(in.index, 64, ValType.I64, 0); return;
            case F32X4_EXTRACT_LANE: extract(in.index, 32, ValType.F32, 0); return;
            case F64X2_EXTRACT_LANE: extract(in.index, 64, ValType.F64, 0); return;
            case I8X16_REPLACE_LANE: replace(in.index, 8, ValType.I32); return;
            case I16X8_REPLACE_LANE: replace(in.index, 16, ValType.I32); return;
            case I32X4_REPLACE_LANE: replace(in.index, 32, ValType.I32); return;
            case I64X2_REPLACE_LANE: replace(in.index, 64, ValType.I64); return;
            case F32X4_REPLACE_LANE: replace(in.index, 32, ValType.F32); return;
            case F64X2_REPLACE_LANE: replace(in.index, 64, ValType.F64); return;

            case V128_NOT: withConstant(LXOR, -1L); return;
            case V128_AND: bitwise(LAND, false); return;
            case V128_ANDNOT: bitwise(LAND, true); return;
            case V128_OR: bitwise(LOR, false); return;
            case V128_XOR: bitwise(LXOR, false); return;
            case V128_BITSELECT: case I8X16_RELAXED_LANESELECT: case I16X8_RELAXED_LANESELECT:
            case I32X4_RELAXED_LANESELECT: case I64X2_RELAXED_LANESELECT:
                ternary(LANES, "bitselect");
                return;
            case V128_ANY_TRUE:
                operands(1);
                ld(A_LO);
                ld(A_HI);
                mv.visitInsn(LOR);
                mv.visitInsn(LCONST_0);
                mv.visitInsn(LCMP); // -1, 0 or 1
                mv.visitInsn(ICONST_1);
                mv.visitInsn(IAND);
                stack.pushJvm(ValType.I32);
                return;
            case I8X16_ALL_TRUE: reduce("i8x16AllTrue"); return;
            case I16X8_ALL_TRUE: reduce("i16x8AllTrue"); return;
            case I32X4_ALL_TRUE: reduce("i32x4AllTrue"); return;
            case I64X2_ALL_TRUE: reduce("i64x2AllTrue"); return;
            case I8X16_BITMASK: reduce("i8x16Bitmask"); return;
            case I16X8_BITMASK: reduce("i16x8Bitmask"); return;
            case I32X4_BITMASK: reduce("i32x4Bitmask"); return;
            case I64X2_BITMASK: reduce("i64x2Bitmask"); return;

            case I8X16_NARROW_I16X8_S: narrow("i8x16NarrowS"); return;
            case I8X16_NARROW_I16X8_U: narrow("i8x16NarrowU"); return;
            case I16X8_NARROW_I32X4_S: narrow("i16x8NarrowS"); return;
            case I16X8_NARROW_I32X4_U: narrow("i16x8NarrowU"); return;
            case I16X8_EXTEND_LOW_I8X16_S: widen("i16x8ExtendS", false); return;
            case I16X8_EXTEND_HIGH_I8X16_S: widen("i16x8ExtendS", true); return;
            case I16X8_EXTEND_LOW_I8X16_U: widen("i16x8ExtendU", false); return;
            case I16X8_EXTEND_HIGH_I8X16_U: widen("i16x8ExtendU", true); return;
            case I32X4_EXTEND_LOW_I16X8_S: widen("i32x4ExtendS", false); return;
            case I32X4_EXTEND_HIGH_I16X8_S: widen("i32x4ExtendS", true); return;
            case I32X4_EXTEND_LOW_I16X8_U: widen("i32x4ExtendU", false); return;
            case I32X4_EXTEND_HIGH_I16X8_U: widen("i32x4ExtendU", true); return;
            case I64X2_EXTEND_LOW_I32X4_S: widen("i64x2ExtendS", false); return;
            case I64X2_EXTEND_HIGH_I32X4_S: widen("i64x2ExtendS", true); return;
            case I64X2_EXTEND_LOW_I32X4_U: widen("i64x2ExtendU", false); return;
            case I64X2_EXTEND_HIGH_I32X4_U: widen("i64x2ExtendU", true); return;
            case I16X8_EXTMUL_LOW_I8X16_S: extmul("i16x8ExtmulS", false); return;
            case I16X8_EXTMUL_HIGH_I8X16_S: extmul("i16x8ExtmulS", true); return;
            case I16X8_EXTMUL_LOW_I8X16_U: extmul("i16x8ExtmulU", false); return;
            case I16X8_EXTMUL_HIGH_I8X16_U: extmul("i16x8ExtmulU", true); return;
            case I32X4_EXTMUL_LOW_I16X8_S: extmul("i32x4ExtmulS", false); return;
            case I32X4_EXTMUL_HIGH_I16X8_S: extmul("i32x4ExtmulS", true); return;
            case I32X4_EXTMUL_LOW_I16X8_U: extmul("i32x4ExtmulU", false); return;
            case I32X4_EXTMUL_HIGH_I16X8_U: extmul("i32x4ExtmulU", true); return;
            case I64X2_EXTMUL_LOW_I32X4_S: extmul("i64x2ExtmulS", false); return;
            case I64X2_EXTMUL_HIGH_I32X4_S: extmul("i64x2ExtmulS", true); return;
            case I64X2_EXTMUL_LOW_I32X4_U: extmul("i64x2ExtmulU", false); return;
            case I64X2_EXTMUL_HIGH_I32X4_U: extmul("i64x2ExtmulU", true); return;
            case I16X8_EXTADD_PAIRWISE_I8X16_S: unary(INTS, "i16x8ExtaddPairwiseS"); return;
            case I16X8_EXTADD_PAIRWISE_I8X16_U: unary(INTS, "i16x8ExtaddPairwiseU"); return;
            case I32X4_EXTADD_PAIRWISE_I16X8_S: unary(INTS, "i32x4ExtaddPairwiseS"); return;
            case I32X4_EXTADD_PAIRWISE_I16X8_U: unary(INTS, "i32x4ExtaddPairwiseU"); return;
            case I32X4_DOT_I16X8_S: binary(INTS, "i32x4DotI16x8S"); return;
            case I16X8_RELAXED_DOT_I8X16_I7X16_S: binary(INTS, "i16x8RelaxedDotS"); return;
            case I32X4_RELAXED_DOT_I8X16_I7X16_ADD_S: ternary(INTS, "i32x4RelaxedDotAddS"); return;
            case I16X8_Q15MULR_SAT_S: case I16X8_RELAXED_Q15MULR_S: binary(INTS, "i16x8Q15mulrSatS"); return;
            case I8X16_POPCNT: unary(INTS, "i8x16Popcnt"); return;

            case I8X16_SHL: shift("i8x16Shl"); return;
            case I8X16_SHR_S: shift("i8x16ShrS"); return;
            case I8X16_SHR_U: shift("i8x16ShrU"); return;
            case I16X8_SHL: shift("i16x8Shl"); return;
            case I16X8_SHR_S: shift("i16x8ShrS"); return;
            case I16X8_SHR_U: shift("i16x8ShrU"); return;
            case I32X4_SHL: shift("i32x4Shl"); return;
            case I32X4_SHR_S: shift("i32x4ShrS"); return;
            case I32X4_SHR_U: shift("i32x4ShrU"); return;
            case I64X2_SHL: shift("i64x2Shl"); return;
            case I64X2_SHR_S: shift("i64x2ShrS"); return;
            case I64X2_SHR_U: shift("i64x2ShrU"); return;

            case I64X2_ADD: bitwise(LADD, false); return;
            case I64X2_SUB: bitwise(LSUB, false); return;
            case I64X2_MUL: bitwise(LMUL, false); return;
            case I64X2_NEG:
                operands(1);
                ld(A_LO);
                mv.visitInsn(LNEG);
                ld(A_HI);
                mv.visitInsn(LNEG);
                pushV();
                return;
            case F32X4_ABS: withConstant(LAND, 0x7FFF_FFFF_7FFF_FFFFL); return;
            case F32X4_NEG: withConstant(LXOR, 0x8000_0000_8000_0000L); return;
            case F64X2_ABS: withConstant(LAND, 0x7FFF_FFFF_FFFF_FFFFL); return;
            case F64X2_NEG: withConstant(LXOR, 0x8000_0000_0000_0000L); return;

            case F32X4_DEMOTE_F64X2_ZERO: zeroHigh("demote"); return;
            case F64X2_PROMOTE_LOW_F32X4: widen("promote", false); return;
            case F64X2_CONVERT_LOW_I32X4_S: widen("f64x2ConvertS", false); return;
            case F64X2_CONVERT_LOW_I32X4_U: widen("f64x2ConvertU", false); return;
            case I32X4_TRUNC_SAT_F64X2_S_ZERO: case I32X4_RELAXED_TRUNC_F64X2_S_ZERO: zeroHigh("truncSatF64S"); return;
            case I32X4_TRUNC_SAT_F64X2_U_ZERO: case I32X4_RELAXED_TRUNC_F64X2_U_ZERO: zeroHigh("truncSatF64U"); return;
            case I32X4_TRUNC_SAT_F32X4_S: case I32X4_RELAXED_TRUNC_F32X4_S: unary(LANES, "truncSatF32S"); return;
            case I32X4_TRUNC_SAT_F32X4_U: case I32X4_RELAXED_TRUNC_F32X4_U: unary(LANES, "truncSatF32U"); return;
            case F32X4_CONVERT_I32X4_S: unary(LANES, "f32x4ConvertS"); return;
            case F32X4_CONVERT_I32X4_U: unary(LANES, "f32x4ConvertU"); return;

            case F32X4_RELAXED_MADD: ternary(FLOATS, "f32x4RelaxedMadd"); return;
            case F32X4_RELAXED_NMADD: ternary(FLOATS, "f32x4RelaxedNmadd"); return;
            case F64X2_RELAXED_MADD: ternary(FLOATS, "f64x2RelaxedMadd"); return;
            case F64X2_RELAXED_NMADD: ternary(FLOATS, "f64x2RelaxedNmadd"); return;
            case F32X4_RELAXED_MIN: binary(FLOATS, "f32x4Min"); return;
            case F32X4_RELAXED_MAX: binary(FLOATS, "f32x4Max"); return;
            case F64X2_RELAXED_MIN: binary(FLOATS, "f64x2Min"); return;
            case F64X2_RELAXED_MAX: binary(FLOATS, "f64x2Max"); return;
            default:
                break;
        }
        // The rest are lane-wise: the helper is named after the instruction (i8x16.add_sat_s ->
        // i8x16AddSatS) in V128Ints or V128Floats; unary ones take one operand.
        String name = helperName(op.mnemonic);
        String owner = op.mnemonic.startsWith("f") ? FLOATS : INTS;
        if (UNARY.contains(op)) unary(owner, name);
        else binary(owner, name);
    }

    private static final java.util.Set<Opcode> UNARY = java.util.EnumSet.of(
            Opcode.I8X16_ABS, Opcode.I8X16_NEG, Opcode.I16X8_ABS, Opcode.I16X8_NEG, Opcode.I32X4_ABS,
            Opcode.I32X4_NEG, Opcode.I64X2_ABS, Opcode.F32X4_SQRT, Opcode.F32X4_CEIL, Opcode.F32X4_FLOOR,
            Opcode.F32X4_TRUNC, Opcode.F32X4_NEAREST, Opcode.F64X2_SQRT, Opcode.F64X2_CEIL, Opcode.F64X2_FLOOR,
            Opcode.F64X2_TRUNC, Opcode.F64X2_NEAREST);

    /** "i8x16.add_sat_s" -> "i8x16AddSatS". */
    static String helperName(String mnemonic) {
        StringBuilder sb = new StringBuilder();
        boolean upper = false;
        for (char ch : mnemonic.toCharArray()) {
            if (ch == '.' || ch == '_') {
                upper = true;
            } else {
                sb.append(upper ? Character.toUpperCase(ch) : ch);
                upper = false;
            }
        }
        return sb.toString();
    }

    /** Little-endian long from 8 bytes at {@code at}. */
    static long le(byte[] b, int at) {
        long v = 0;
        for (int i = 7; i >= 0; i--) v = (v << 8) | (b[at + i] & 0xFF);
        return v;
    }

    private void splat(String name) {
        stack.materialize(1);
        stack.pop(1);
        call(LANES, name, "(I)J");
        mv.visitInsn(DUP2);
        pushV();
    }

    /** extract_lane: the lane's bits shifted down from its half; {@code conv} narrows (I2B, 0xFF mask, ...). */
    private void extract(int lane, int bits, ValType result, int conv) {
        operands(1);
        int shift = (lane * bits) & 63;
        ld(lane * bits < 64 ? A_LO : A_HI);
        if (shift != 0) {
            Emit.iconst(mv, shift);
            mv.visitInsn(LUSHR);
        }
        switch (result.kind) {
            case I64: break;
            case F64: mv.visitMethodInsn(INVOKESTATIC, "java/lang/Double", "longBitsToDouble", "(J)D", false); break;
            case F32:
                mv.visitInsn(L2I);
                mv.visitMethodInsn(INVOKESTATIC, "java/lang/Float", "intBitsToFloat", "(I)F", false);
                break;
            default:
                mv.visitInsn(L2I);
                if (conv == 0xFF) {
                    mv.visitIntInsn(SIPUSH, 0xFF);
                    mv.visitInsn(IAND);
                } else if (conv != 0) {
                    mv.visitInsn(conv);
                }
                break;
        }
        stack.pushJvm(result);
    }

    /** replace_lane: the half that holds the lane gets the scalar's bits. */
    private void replace(int lane, int bits, ValType scalar) {
        vectorAndScalar(scalar);
        switch (scalar.kind) {
            case I32: mv.visitInsn(I2L); break;
            case F32:
                mv.visitMethodInsn(INVOKESTATIC, "java/lang/Float", "floatToRawIntBits", "(F)I", false);
                mv.visitInsn(I2L);
                break;
            case F64: mv.visitMethodInsn(INVOKESTATIC, "java/lang/Double", "doubleToRawLongBits", "(D)J", false); break;
            default: break;
        }
        int v = half(C_LO); // the scalar's bits
        mv.visitVarInsn(LSTORE, v);
        boolean high = lane * bits >= 64;
        for (int h = 0; h < 2; h++) {
            ld(h == 0 ? A_LO : A_HI);
            if (high == (h == 1)) {
                Emit.iconst(mv, (lane * bits) & 63);
                Emit.iconst(mv, bits);
                mv.visitVarInsn(LLOAD, v);
                call(LANES, "replace", "(JIIJ)J");
            }
        }
        pushV();
    }

    // ---- hooks for FunctionCompiler, Emit, ConstExprCompiler, InstanceClassGenerator ----

    /** Zero-initializes a v128 local (two longs at {@code local}, {@code local + 2}). */
    static void zeroLocal(MethodVisitor mv, int local) {
        mv.visitInsn(LCONST_0);
        mv.visitVarInsn(LSTORE, local);
        mv.visitInsn(LCONST_0);
        mv.visitVarInsn(LSTORE, local + 2);
    }

    /** local.get/set/tee and global.get/set of a v128 variable; false for other instructions. */
    static boolean variable(FunctionCompiler fc, Instruction in, ValType[] localTypes, int[] localIndex) {
        switch (in.op) {
            case LOCAL_GET: case LOCAL_SET: case LOCAL_TEE:
                if (!SimdTypes.isV128(localTypes[in.index])) return false;
                local(fc, in.op, in.index, localIndex[in.index]);
                return true;
            case GLOBAL_GET:
                if (!SimdTypes.isV128(fc.layout.globals[in.index].type)) return false;
                Emit.globalGet(fc.mv, fc.layout, in.index, fc.instLocal);
                fc.stack.pushJvm(ValType.I64);
                fc.stack.pushJvm(SimdTypes.HI);
                return true;
            case GLOBAL_SET:
                if (!SimdTypes.isV128(fc.layout.globals[in.index].type)) return false;
                fc.stack.materialize(2);
                Emit.globalSet(fc.mv, fc.layout, in.index, fc.instLocal);
                fc.stack.pop(2);
                return true;
            default:
                return false;
        }
    }

    /** local.get/set/tee of v128 local {@code index} (JVM locals {@code local}, {@code local + 2}). */
    private static void local(FunctionCompiler fc, Opcode op, int index, int local) {
        MethodVisitor mv = fc.mv;
        if (op == Opcode.LOCAL_GET) {
            SimdViews.View v = fc.simd().views.ofLocal(index);
            if (v != null && fc.simd().lanes.nextReads(v.shape())) {
                // Its longs are not read here: they are dead where no other code reads them.
                fc.simd().lanes.pushLanes(v);
                return;
            }
            mv.visitVarInsn(LLOAD, local);
            mv.visitVarInsn(LLOAD, local + 2);
            fc.stack.pushJvm(ValType.I64);
            fc.stack.pushJvm(SimdTypes.HI);
            fc.simd().views.localGet(index, fc.stack.size() - 2);
            return;
        }
        int lo = fc.stack.size() - 2;
        fc.simd().views.localSet(index, lo);
        if (op == Opcode.LOCAL_TEE && fc.stack.isVirtual(lo) && fc.stack.isVirtual(lo + 1)) {
            // A constant or lanes stay so on the stack: only the local gets the bits.
            fc.stack.emitLoadResting(lo);
            mv.visitVarInsn(LSTORE, local);
            fc.stack.emitLoadResting(lo + 1);
            mv.visitVarInsn(LSTORE, local + 2);
            fc.simd().views.localStored(index, local);
            return;
        }
        fc.stack.materialize(2);
        mv.visitVarInsn(LSTORE, local + 2);
        mv.visitVarInsn(LSTORE, local);
        fc.simd().views.localStored(index, local);
        if (op == Opcode.LOCAL_SET) {
            fc.stack.pop(2);
            return;
        }
        mv.visitVarInsn(LLOAD, local);
        mv.visitVarInsn(LLOAD, local + 2);
    }

    /**
     * Pins ({@link SimdViews#pin}) the v128 locals whose value is read as lanes where a view of
     * the local would not be known otherwise: after a label, before the local is set again (a
     * loop's accumulator, read at the top of every iteration). Each such local.get must read one
     * shape. At entry of a function compiled in one method (outlined parts pass locals in frames).
     */
    void pinLocals(ValType[] localTypes, int[] localIndex) {
        CodeReader code = fc.readFrom(fc.bodyStart());
        SimdViews.Shape[] shape = new SimdViews.Shape[localTypes.length];
        boolean[] mixed = new boolean[localTypes.length];
        boolean[] setSinceLabel = new boolean[localTypes.length];
        while (code.hasNext()) {
            Instruction in = code.next();
            switch (in.op) {
                case BLOCK: case LOOP: case IF: case ELSE: case END:
                    java.util.Arrays.fill(setSinceLabel, false);
                    break;
                case LOCAL_SET: case LOCAL_TEE:
                    setSinceLabel[in.index] = true;
                    break;
                case LOCAL_GET: {
                    if (!SimdTypes.isV128(localTypes[in.index]) || setSinceLabel[in.index]) break;
                    SimdViews.Shape s = lanes.consumerShape(fc.readFrom(code.position()));
                    if (s == null) break;
                    if (shape[in.index] == null) shape[in.index] = s;
                    else if (shape[in.index] != s) mixed[in.index] = true;
                    break;
                }
                default:
                    break;
            }
        }
        for (int i = 0; i < localTypes.length; i++) {
            if (shape[i] != null && !mixed[i]) views.pin(i, shape[i], localIndex[i]);
        }
    }

    /** select of two v128 values: [a.lo a.hi b.lo b.hi cond] -> a or b. */
    static void select(FunctionCompiler fc) {
        MethodVisitor mv = fc.mv;
        fc.stack.materialize(5);
        int c = fc.scratch(JvmType.INT);
        int b = fc.locals.alloc(4);
        mv.visitVarInsn(ISTORE, c);
        mv.visitVarInsn(LSTORE, b + 2);
        mv.visitVarInsn(LSTORE, b);
        Label end = new Label();
        mv.visitVarInsn(ILOAD, c);
        mv.visitJumpInsn(IFNE, end); // true: keep a
        mv.visitInsn(POP2);
        mv.visitInsn(POP2);
        mv.visitVarInsn(LLOAD, b);
        mv.visitVarInsn(LLOAD, b + 2);
        mv.visitLabel(end);
        fc.stack.pop(5);
        fc.stack.pushJvm(ValType.I64);
        fc.stack.pushJvm(SimdTypes.HI);
    }

    /** v128.const in a constant expression: lo, hi. */
    static void constant(MethodVisitor mv, byte[] bytes) {
        Emit.lconst(mv, le(bytes, 0));
        Emit.lconst(mv, le(bytes, 8));
    }

    /** With a runtime Global holding a v128 on the stack: pushes lo, hi. */
    static void getBoxedGlobal(MethodVisitor mv) {
        String global = ModuleLayout.RT + "Global";
        mv.visitInsn(DUP);
        mv.visitFieldInsn(GETFIELD, global, "bits", "J");
        mv.visitInsn(DUP2_X1);
        mv.visitInsn(POP2);
        mv.visitFieldInsn(GETFIELD, global, "hi", "J");
    }

    /** global.set of a v128 global (always boxed) with lo, hi on the stack. */
    static void setGlobal(MethodVisitor mv, ModuleLayout layout, ModuleLayout.GlobalInfo g, int instLocal) {
        mv.visitVarInsn(ALOAD, instLocal);
        mv.visitFieldInsn(GETFIELD, layout.className, g.field, g.fieldDesc());
        mv.visitMethodInsn(INVOKESTATIC, V128, "setGlobal", "(JJL" + ModuleLayout.RT + "Global;)V", false);
    }

    /** Pushes a new runtime Global for a defined v128 global, from its initializer. */
    static void newGlobal(MethodVisitor mv, ModuleLayout layout, ModuleLayout.GlobalInfo g, ConstExpr init) {
        ConstExprCompiler.emit(mv, layout, init, 0);
        Emit.iconst(mv, g.mutable ? 1 : 0);
        mv.visitMethodInsn(INVOKESTATIC, V128, "global", "(JJZ)L" + ModuleLayout.RT + "Global;", false);
    }
}
