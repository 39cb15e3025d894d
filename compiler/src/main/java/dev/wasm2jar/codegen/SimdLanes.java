package dev.wasm2jar.codegen;

import dev.wasm2jar.binary.CodeReader;
import dev.wasm2jar.codegen.SimdViews.Shape;
import dev.wasm2jar.codegen.SimdViews.View;
import dev.wasm2jar.model.FuncType;
import dev.wasm2jar.model.Instruction;
import dev.wasm2jar.model.Opcode;
import dev.wasm2jar.model.ValType;
import dev.wasm2jar.validate.OpcodeSignatures;
import org.objectweb.asm.MethodVisitor;

import static dev.wasm2jar.codegen.SimdViews.Shape.F32;
import static dev.wasm2jar.codegen.SimdViews.Shape.I32;
import static org.objectweb.asm.Opcodes.*;

/**
 * f32x4 and i32x4 instructions computed one lane at a time on JVM floats or ints (spec section
 * 4.3.2: lanes(op(a_i, b_i))), leaving the result as lanes ({@link SimdViews}) whose longs are
 * produced only where they are needed. An operand's lanes come from its view, from its constant,
 * or are unpacked from its longs. Float arithmetic always goes this way (with bits alone every
 * operation would unpack and pack); integer operations that are cheap on two longs (bitwise ones,
 * add, shifts) only where an operand has a view. {@link #emit} returns false for the rest, which
 * {@link SimdOps} computes on longs. {@link #consumerShape} looks a few instructions ahead for the
 * reader of a value, so that v128.load and local.get push lanes for readers of lanes.
 */
final class SimdLanes {
    private static final String NUM = ModuleLayout.RT + "Numerics";

    /** When an instruction is computed on lanes. */
    private enum When {
        /** Always: on two longs it would unpack and pack anyway. */
        ALWAYS,
        /** When some operand has a view (the others are unpacked). */
        ANY_VIEW,
        /** When every operand has a view or is a constant (cheap on longs, like xor). */
        ALL_VIEWS
    }

    /** The per-lane computation, with the lanes of the operands on the JVM stack. */
    private interface LaneOp {
        void emit(MethodVisitor mv);
    }

    /** One v128 operand and where its lanes come from: a view, a constant, or its halves in scratch locals. */
    private static final class Operand {
        View view;
        boolean constant;
        long lo, hi;
        /** The operand's first scratch half (SimdOps.A_LO, B_LO, C_LO). */
        int half;

        boolean fromLongs() {
            return view == null && !constant;
        }
    }

    private final SimdOps ops;
    private final SimdViews views;
    private final OperandStack stack;
    private final MethodVisitor mv;

    SimdLanes(SimdOps ops, SimdViews views) {
        this.ops = ops;
        this.views = views;
        this.stack = ops.stack;
        this.mv = ops.mv;
    }

    boolean emit(Instruction in) {
        switch (in.op) {
            case F32X4_ADD: return lanewise(F32, F32, 2, When.ALWAYS, insn(FADD));
            case F32X4_SUB: return lanewise(F32, F32, 2, When.ALWAYS, insn(FSUB));
            case F32X4_MUL: return lanewise(F32, F32, 2, When.ALWAYS, insn(FMUL));
            case F32X4_DIV: return lanewise(F32, F32, 2, When.ALWAYS, insn(FDIV));
            case F32X4_MIN: case F32X4_RELAXED_MIN: return lanewise(F32, F32, 2, When.ALWAYS, call(NUM, "min", "(FF)F"));
            case F32X4_MAX: case F32X4_RELAXED_MAX: return lanewise(F32, F32, 2, When.ALWAYS, call(NUM, "max", "(FF)F"));
            case F32X4_PMIN: return lanewise(F32, F32, 2, When.ALWAYS, call(SimdOps.FLOATS, "pmin", "(FF)F"));
            case F32X4_PMAX: return lanewise(F32, F32, 2, When.ALWAYS, call(SimdOps.FLOATS, "pmax", "(FF)F"));
            case F32X4_SQRT: return lanewise(F32, F32, 1, When.ALWAYS, call(NUM, "sqrt", "(F)F"));
            case F32X4_CEIL: return lanewise(F32, F32, 1, When.ALWAYS, call(NUM, "ceil", "(F)F"));
            case F32X4_FLOOR: return lanewise(F32, F32, 1, When.ALWAYS, call(NUM, "floor", "(F)F"));
            case F32X4_TRUNC: return lanewise(F32, F32, 1, When.ALWAYS, call(NUM, "trunc", "(F)F"));
            case F32X4_NEAREST: return lanewise(F32, F32, 1, When.ALWAYS, call(NUM, "nearest", "(F)F"));
            // relaxed_madd may or may not fuse (relaxed SIMD): unfused, as the long helpers
            case F32X4_RELAXED_MADD: return lanewise(F32, F32, 3, When.ALWAYS, mv -> {
                mv.visitInsn(DUP_X2);
                mv.visitInsn(POP);
                mv.visitInsn(FMUL);
                mv.visitInsn(FADD);
            });
            case F32X4_RELAXED_NMADD: return lanewise(F32, F32, 3, When.ALWAYS, mv -> {
                mv.visitInsn(DUP_X2);
                mv.visitInsn(POP);
                mv.visitInsn(FMUL);
                mv.visitInsn(FSUB);
            });
            case F32X4_CONVERT_I32X4_S: return lanewise(I32, F32, 1, When.ALWAYS, insn(I2F));
            case F32X4_CONVERT_I32X4_U: return lanewise(I32, F32, 1, When.ALWAYS, call(NUM, "f32ConvertU", "(I)F"));
            // JVM f2i is trunc_sat_s exactly: NaN to 0, out of range to the bound
            case I32X4_TRUNC_SAT_F32X4_S: case I32X4_RELAXED_TRUNC_F32X4_S:
                return lanewise(F32, I32, 1, When.ALWAYS, insn(F2I));
            case I32X4_TRUNC_SAT_F32X4_U: case I32X4_RELAXED_TRUNC_F32X4_U:
                return lanewise(F32, I32, 1, When.ALWAYS, call(NUM, "i32TruncSatU", "(F)I"));

            case I32X4_MUL: return lanewise(I32, I32, 2, When.ALWAYS, insn(IMUL));
            case I32X4_ADD: return lanewise(I32, I32, 2, When.ANY_VIEW, insn(IADD));
            case I32X4_SUB: return lanewise(I32, I32, 2, When.ANY_VIEW, insn(ISUB));
            case I32X4_NEG: return lanewise(I32, I32, 1, When.ANY_VIEW, insn(INEG));
            // The JVM shifts by the count mod 32, as i32x4 shifts do.
            case I32X4_SHL: return shift(ISHL);
            case I32X4_SHR_S: return shift(ISHR);
            case I32X4_SHR_U: return shift(IUSHR);
            case V128_AND: return lanewise(I32, I32, 2, When.ALL_VIEWS, insn(IAND));
            case V128_OR: return lanewise(I32, I32, 2, When.ALL_VIEWS, insn(IOR));
            case V128_XOR: return lanewise(I32, I32, 2, When.ALL_VIEWS, insn(IXOR));
            case V128_ANDNOT: return lanewise(I32, I32, 2, When.ALL_VIEWS, mv -> {
                mv.visitInsn(ICONST_M1);
                mv.visitInsn(IXOR);
                mv.visitInsn(IAND);
            });
            case V128_NOT: return lanewise(I32, I32, 1, When.ALL_VIEWS, mv -> {
                mv.visitInsn(ICONST_M1);
                mv.visitInsn(IXOR);
            });

            case F32X4_SPLAT: splat(F32); return true;
            case I32X4_SPLAT: splat(I32); return true;
            case F32X4_EXTRACT_LANE: return extract(F32, in.index);
            case I32X4_EXTRACT_LANE: return extract(I32, in.index);
            default:
                return false;
        }
    }

    /** The shape in which an instruction reads its v128 operands as lanes, or null. */
    private static Shape readsLanes(Opcode op) {
        switch (op) {
            case F32X4_ADD: case F32X4_SUB: case F32X4_MUL: case F32X4_DIV: case F32X4_MIN: case F32X4_MAX:
            case F32X4_RELAXED_MIN: case F32X4_RELAXED_MAX: case F32X4_PMIN: case F32X4_PMAX: case F32X4_SQRT:
            case F32X4_CEIL: case F32X4_FLOOR: case F32X4_TRUNC: case F32X4_NEAREST: case F32X4_RELAXED_MADD:
            case F32X4_RELAXED_NMADD: case I32X4_TRUNC_SAT_F32X4_S: case I32X4_RELAXED_TRUNC_F32X4_S:
            case I32X4_TRUNC_SAT_F32X4_U: case I32X4_RELAXED_TRUNC_F32X4_U: case F32X4_EXTRACT_LANE:
                return F32;
            case I32X4_MUL: case F32X4_CONVERT_I32X4_S: case F32X4_CONVERT_I32X4_U: case I32X4_EXTRACT_LANE:
                return I32;
            // on lanes when an operand has a view: given one, they read lanes (bitwise ones, cheap on
            // longs and common in code of other shapes, only compute on lanes they are given)
            case I32X4_ADD: case I32X4_SUB: case I32X4_NEG: case I32X4_SHL: case I32X4_SHR_S: case I32X4_SHR_U:
                return I32;
            default:
                return null;
        }
    }

    /**
     * True if the value the current instruction pushes will be read as lanes of shape {@code s}
     * (see {@link #consumerShape}). The value is then better pushed as lanes (see
     * {@link #pushLanes}) than as longs.
     */
    boolean nextReads(Shape s) {
        return consumerShape(ops.fc.readAhead()) == s;
    }

    /**
     * The shape in which the consumer of a value pushed just before {@code r} reads it as lanes, or
     * null: the consumer is found by following the stack depth through the next few instructions
     * of straight-line code (local.tee passes the value on).
     */
    Shape consumerShape(CodeReader r) {
        int depth = 1; // the value, counted from the top
        for (int n = 0; n < 16 && r.hasNext(); n++) {
            Instruction in = r.next();
            if (in.op == Opcode.LOCAL_TEE && depth == 1) continue;
            int e = effect(in);
            if (e < 0) return null;
            if ((e >> 8) >= depth) return readsLanes(in.op);
            depth += (e & 0xFF) - (e >> 8);
        }
        return null;
    }

    /** {@code pops << 8 | pushes} in Wasm values, or -1 for control and the like. */
    private int effect(Instruction in) {
        if (in.op.prefix != 0xFD) return SplitPlan.effect(ops.fc.module, in);
        FuncType t = OpcodeSignatures.simd(in.op);
        return t == null ? -1 : t.params().size() << 8 | t.results().size();
    }

    private static LaneOp insn(int opcode) {
        return mv -> mv.visitInsn(opcode);
    }

    private static LaneOp call(String owner, String name, String desc) {
        return mv -> mv.visitMethodInsn(INVOKESTATIC, owner, name, desc, false);
    }

    // ---- operands ----

    /** The {@code n} v128 operands whose low halves start at entry {@code first}, in shape {@code s}; no code. */
    private Operand[] peek(int first, int n, Shape s) {
        Operand[] o = new Operand[n];
        for (int j = 0; j < n; j++) {
            int e = first + 2 * j;
            Operand op = o[j] = new Operand();
            op.half = 2 * j;
            View v = views.get(e);
            if (v != null && v.shape() == s) {
                op.view = v;
            } else if (stack.isConst(e) && stack.isConst(e + 1)) {
                op.constant = true;
                op.lo = stack.constBits(e);
                op.hi = stack.constBits(e + 1);
            }
        }
        return o;
    }

    private static boolean wanted(Operand[] o, When when) {
        boolean any = false, all = true;
        for (Operand op : o) {
            any |= op.view != null;
            all &= !op.fromLongs();
        }
        return switch (when) {
            case ALWAYS -> true;
            case ANY_VIEW -> any;
            case ALL_VIEWS -> any && all;
        };
    }

    /**
     * Takes the top operands off the stack: those read from their longs into their scratch halves,
     * the others dropped (the JVM-stack values popped, slots and constants left alone).
     */
    private void take(Operand[] o) {
        int first = stack.size() - 2 * o.length;
        for (int i = stack.size() - 1; i >= first && !stack.inSlot(i); i--) {
            Operand op = o[(i - first) / 2];
            if (op.fromLongs()) mv.visitVarInsn(LSTORE, ops.half(op.half + (i - first) % 2));
            else mv.visitInsn(POP2);
        }
        for (int i = first; i < stack.size() && stack.inSlot(i); i++) {
            Operand op = o[(i - first) / 2];
            if (!op.fromLongs()) continue;
            stack.emitLoadResting(i);
            mv.visitVarInsn(LSTORE, ops.half(op.half + (i - first) % 2));
        }
        stack.pop(2 * o.length);
    }

    /** Pushes lane {@code lane} of an operand as a value of shape {@code s}. */
    private void pushLane(Operand o, Shape s, int lane) {
        if (o.view != null) {
            mv.visitVarInsn(s.load, o.view.local() + lane);
            return;
        }
        if (o.constant) {
            int bits = (int) ((lane < 2 ? o.lo : o.hi) >>> (32 * (lane & 1)));
            if (s == F32) Emit.fconst(mv, bits);
            else Emit.iconst(mv, bits);
            return;
        }
        s.unpack(mv, ops.half(o.half + lane / 2), lane & 1);
    }

    /** If the top v128 has a view, takes it off the stack (its longs are not needed) and returns the view; else null. */
    View takeViewed() {
        int first = stack.size() - 2;
        View v = views.get(first);
        if (v == null) return null;
        take(peek(first, 1, F32));
        return v;
    }

    // ---- results ----

    /**
     * local.get of a local with view {@code v}, for a consumer of its lanes: its lanes, not its
     * longs, on the stack (the local's own lanes: should the local be set while the value is on the
     * stack, {@link SimdViews} copies them first).
     */
    void pushLanes(View v) {
        result(v);
    }

    /**
     * With the lanes of a result of shape {@code s} in {@code local..local + 3}: pushes it as its
     * view's two halves, computed only where they are used (values on the JVM stack go to their
     * slots first: produced values rest below them, like constants).
     */
    void result(Shape s, int local) {
        result(new View(s, local, -1));
    }

    private void result(View v) {
        stack.spillAll();
        stack.pushProduced(ValType.I64, new SimdViews.Half(v, 0));
        stack.pushProduced(SimdTypes.HI, new SimdViews.Half(v, 1));
    }

    // ---- shapes of instructions ----

    /** {@code n} operands of shape {@code in}, a result of shape {@code out}, lane i from lanes i. */
    private boolean lanewise(Shape in, Shape out, int n, When when, LaneOp op) {
        int first = stack.size() - 2 * n;
        Operand[] o = peek(first, n, in);
        if (!wanted(o, when)) return false;
        take(o);
        int r = views.resultLocals(out, first);
        for (int lane = 0; lane < 4; lane++) {
            for (Operand x : o) pushLane(x, in, lane);
            op.emit(mv);
            mv.visitVarInsn(out.store, r + lane);
        }
        result(out, r);
        return true;
    }

    /** i32x4 shifts, [v128 i32] -> v128. */
    private boolean shift(int opcode) {
        int first = stack.size() - 3;
        Operand[] o = peek(first, 1, I32);
        if (!wanted(o, When.ANY_VIEW)) return false;
        stack.materialize(1);
        int count = ops.intScratch();
        mv.visitVarInsn(ISTORE, count);
        stack.pop(1);
        take(o);
        int r = views.resultLocals(I32, first);
        for (int lane = 0; lane < 4; lane++) {
            pushLane(o[0], I32, lane);
            mv.visitVarInsn(ILOAD, count);
            mv.visitInsn(opcode);
            mv.visitVarInsn(ISTORE, r + lane);
        }
        result(I32, r);
        return true;
    }

    /** f32x4.splat, i32x4.splat: the scalar into all four lanes. */
    private void splat(Shape s) {
        int first = stack.size() - 1;
        stack.materialize(1);
        stack.pop(1);
        int r = views.resultLocals(s, first);
        mv.visitVarInsn(s.store, r);
        for (int lane = 1; lane < 4; lane++) {
            mv.visitVarInsn(s.load, r);
            mv.visitVarInsn(s.store, r + lane);
        }
        result(s, r);
    }

    /** extract_lane of a value with a view (of either shape: the other one's bits are converted). */
    private boolean extract(Shape s, int lane) {
        int first = stack.size() - 2;
        View v = views.get(first);
        if (v == null) return false;
        Operand[] o = peek(first, 1, v.shape());
        take(o);
        mv.visitVarInsn(v.shape().load, v.local() + lane);
        if (v.shape() != s) {
            mv.visitMethodInsn(INVOKESTATIC, "java/lang/Float", s == I32 ? "floatToRawIntBits" : "intBitsToFloat",
                    s == I32 ? "(F)I" : "(I)F", false);
        }
        stack.pushJvm(s == F32 ? ValType.F32 : ValType.I32);
        return true;
    }
}
