package dev.wasm2jar.codegen;

import dev.wasm2jar.model.Instruction;
import dev.wasm2jar.model.ValType;
import org.objectweb.asm.MethodVisitor;

import static org.objectweb.asm.Opcodes.*;

/**
 * Memory instructions (spec section 4.4.7), inline: every load and store calls a guest accessor
 * of {@code MemoryAccess} (small static methods that the JIT inlines into a plain load or store)
 * with the memory's byte[] and size from the function's locals. The accessor's bounds check
 * against the size, for the whole width, traps out-of-range accesses (the array may be longer
 * than the memory). The effective address {@code base + offset} (both unsigned) must not wrap
 * into the memory, so a non-zero offset is added only after checking that the base is below 2^31.
 */
final class MemoryOps {
    private MemoryOps() {
    }

    private static final String MEMORY = ModuleLayout.RT + "Memory";
    private static final String OPS = ModuleLayout.RT + "Ops";
    private static final String ACCESS = ModuleLayout.RT + "MemoryAccess";

    static boolean emit(FunctionCompiler fc, Instruction in) {
        MethodVisitor mv = fc.mv;
        switch (in.op) {
            case I32_LOAD: load(fc, in, "I32", "I", ValType.I32); return true;
            case I64_LOAD: load(fc, in, "I64", "J", ValType.I64); return true;
            case F32_LOAD: load(fc, in, "F32", "F", ValType.F32); return true;
            case F64_LOAD: load(fc, in, "F64", "D", ValType.F64); return true;
            case I32_LOAD8_S: load(fc, in, "I8", "B", ValType.I32); return true;
            case I32_LOAD8_U: if (load(fc, in, "I8", "B", ValType.I32)) fc.stack.markNonNegative(); mask8(mv); return true;
            case I32_LOAD16_S: load(fc, in, "I16", "S", ValType.I32); return true;
            case I32_LOAD16_U: if (load(fc, in, "I16", "S", ValType.I32)) fc.stack.markNonNegative(); mv.visitInsn(I2C); return true;
            case I64_LOAD8_S: load(fc, in, "I8", "B", ValType.I64); mv.visitInsn(I2L); return true;
            case I64_LOAD8_U: load(fc, in, "I8", "B", ValType.I64); mask8(mv); mv.visitInsn(I2L); return true;
            case I64_LOAD16_S: load(fc, in, "I16", "S", ValType.I64); mv.visitInsn(I2L); return true;
            case I64_LOAD16_U: load(fc, in, "I16", "S", ValType.I64); mv.visitInsn(I2C); mv.visitInsn(I2L); return true;
            case I64_LOAD32_S: load(fc, in, "I32", "I", ValType.I64); mv.visitInsn(I2L); return true;
            case I64_LOAD32_U:
                load(fc, in, "I32", "I", ValType.I64);
                Emit.zeroExtend(mv);
                return true;
            case I32_STORE: store(fc, in, "I32", "I", JvmType.INT, 0); return true;
            case I64_STORE: store(fc, in, "I64", "J", JvmType.LONG, 0); return true;
            case F32_STORE: store(fc, in, "F32", "F", JvmType.FLOAT, 0); return true;
            case F64_STORE: store(fc, in, "F64", "D", JvmType.DOUBLE, 0); return true;
            case I32_STORE8: store(fc, in, "I8", "B", JvmType.INT, 0); return true;
            case I32_STORE16: store(fc, in, "I16", "S", JvmType.INT, I2S); return true;
            case I64_STORE8: store(fc, in, "I8", "B", JvmType.LONG, L2I); return true;
            case I64_STORE16: store(fc, in, "I16", "S", JvmType.LONG, L2I); return true;
            case I64_STORE32: store(fc, in, "I32", "I", JvmType.LONG, L2I); return true;
            case MEMORY_SIZE:
                fc.loadMemory(in.index);
                mv.visitFieldInsn(GETFIELD, MEMORY, "size", "I");
                Emit.iconst(mv, 16);
                mv.visitInsn(IUSHR);
                fc.stack.pushJvm(ValType.I32);
                return true;
            case MEMORY_GROW:
                fc.stack.materialize(1);
                fc.loadMemory(in.index);
                mv.visitMethodInsn(INVOKESTATIC, OPS, "memoryGrow", "(IL" + MEMORY + ";)I", false);
                fc.refreshMemory();
                return true; // i32 -> i32: the model is unchanged
            case MEMORY_FILL:
                fc.stack.materialize(3);
                fc.stack.pop(3);
                fc.loadMemory(in.index);
                mv.visitMethodInsn(INVOKESTATIC, OPS, "memoryFill", "(IIIL" + MEMORY + ";)V", false);
                return true;
            case MEMORY_COPY:
                fc.stack.materialize(3);
                fc.stack.pop(3);
                fc.loadMemory(in.index);
                fc.loadMemory(in.index2);
                mv.visitMethodInsn(INVOKESTATIC, OPS, "memoryCopy", "(IIIL" + MEMORY + ";L" + MEMORY + ";)V", false);
                return true;
            case MEMORY_INIT:
                fc.stack.materialize(3);
                fc.stack.pop(3);
                fc.loadMemory(in.index2);
                segment(fc, "dataSegments", "[[B", in.index);
                mv.visitMethodInsn(INVOKESTATIC, OPS, "memoryInit", "(IIIL" + MEMORY + ";[B)V", false);
                return true;
            case DATA_DROP:
                dropSegment(fc, "dataSegments", "[[B", in.index);
                return true;
            default:
                return false;
        }
    }

    /** Pushes {@code inst.<field>[index]}. */
    static void segment(FunctionCompiler fc, String field, String desc, int index) {
        fc.mv.visitVarInsn(ALOAD, fc.instLocal);
        fc.mv.visitFieldInsn(GETFIELD, ModuleLayout.MODULE_INSTANCE, field, desc);
        Emit.iconst(fc.mv, index);
        fc.mv.visitInsn(AALOAD);
    }

    /** {@code data.drop} / {@code elem.drop}: the instance's segment slot becomes null (an empty segment). */
    static void dropSegment(FunctionCompiler fc, String field, String desc, int index) {
        fc.mv.visitVarInsn(ALOAD, fc.instLocal);
        fc.mv.visitFieldInsn(GETFIELD, ModuleLayout.MODULE_INSTANCE, field, desc);
        Emit.iconst(fc.mv, index);
        fc.mv.visitInsn(ACONST_NULL);
        fc.mv.visitInsn(AASTORE);
    }

    private static void mask8(MethodVisitor mv) {
        mv.visitIntInsn(SIPUSH, 0xFF);
        mv.visitInsn(IAND);
    }

    /**
     * With the base address on top of the JVM stack (and in the model), leaves the effective
     * address. Returns false (after emitting a trap) when the offset alone is out of any memory.
     */
    static boolean address(FunctionCompiler fc, long offset) {
        MethodVisitor mv = fc.mv;
        if (offset == 0) return true; // a negative base is a negative index: the array traps
        if (offset > Integer.MAX_VALUE) {
            // No byte[] is that large: the access always traps.
            mv.visitMethodInsn(INVOKESTATIC, OPS, "outOfBoundsMemory", "()L" + ModuleLayout.RT + "Trap;", false);
            mv.visitInsn(ATHROW);
            fc.markUnreachable();
            return false;
        }
        // base >= 2^31 (unsigned) is out of bounds; below that base + offset < 2^32 cannot wrap
        // around to a valid index: an int overflow makes it negative, which the array rejects.
        mv.visitInsn(DUP);
        mv.visitJumpInsn(IFLT, fc.oobStub());
        Emit.iconst(mv, (int) offset);
        mv.visitInsn(IADD);
        return true;
    }

    /**
     * The effective address of a constant base, or -1 if it is 2^31 or more (out of any byte[]):
     * then a trap is emitted and the rest of the block is unreachable.
     */
    private static int constantAddress(FunctionCompiler fc, int entry, long offset) {
        long ea = (fc.stack.constBits(entry) & 0xFFFF_FFFFL) + offset;
        if (ea <= Integer.MAX_VALUE) return (int) ea;
        fc.mv.visitMethodInsn(INVOKESTATIC, OPS, "outOfBoundsMemory", "()L" + ModuleLayout.RT + "Trap;", false);
        fc.mv.visitInsn(ATHROW);
        fc.markUnreachable();
        return -1;
    }

    /**
     * A load through the accessor of {@code width} (its suffix: I8, I16, I32, I64, F32, F64); false
     * when it traps for sure (a constant address out of bounds) and pushes nothing.
     */
    private static boolean load(FunctionCompiler fc, Instruction in, String width, String jvmDesc, ValType result) {
        MethodVisitor mv = fc.mv;
        int top = fc.stack.size() - 1;
        if (fc.stack.isConst(top)) {
            int ea = constantAddress(fc, top, in.offset);
            if (ea < 0) return false;
            fc.stack.pop(1);
            mv.visitVarInsn(ALOAD, fc.memLocal(in.memory));
            Emit.iconst(mv, ea);
            accessGet(fc, in.memory, width, jvmDesc);
            fc.stack.pushJvm(result);
            return true;
        }
        fc.stack.materialize(1);
        if (!address(fc, in.offset)) return false;
        fc.stack.pop(1);
        mv.visitVarInsn(ALOAD, fc.memLocal(in.memory));
        mv.visitInsn(SWAP);
        accessGet(fc, in.memory, width, jvmDesc);
        fc.stack.pushJvm(result);
        return true;
    }

    /**
     * With the array and the index on the stack: pushes memory {@code memory}'s size and calls
     * {@code MemoryAccess.get<width>} (I8, I16, I32, I64, F32, F64) of JVM type {@code jvmDesc}.
     */
    static void accessGet(FunctionCompiler fc, int memory, String width, String jvmDesc) {
        fc.mv.visitVarInsn(ILOAD, fc.sizeLocal(memory));
        fc.mv.visitMethodInsn(INVOKESTATIC, ACCESS, "get" + width, "([BII)" + jvmDesc, false);
    }

    /**
     * With the array and the index on the stack, then the memory's size and the value: calls
     * {@code MemoryAccess.set<width>}.
     */
    static void accessSet(MethodVisitor mv, String width, String jvmDesc) {
        mv.visitMethodInsn(INVOKESTATIC, ACCESS, "set" + width, "([BII" + jvmDesc + ")V", false);
    }

    /** A store of a value of type {@code value}, narrowed by {@code narrow} (an opcode or 0) first. */
    private static void store(FunctionCompiler fc, Instruction in, String width, String jvmDesc, JvmType value, int narrow) {
        MethodVisitor mv = fc.mv;
        int addrEntry = fc.stack.size() - 2;
        boolean constAddr = fc.stack.isConst(addrEntry);
        fc.stack.materialize(constAddr ? 1 : 2);
        int tmp = fc.scratch(value);
        mv.visitVarInsn(value.store, tmp);
        fc.stack.pop(1);
        if (constAddr) {
            int ea = constantAddress(fc, addrEntry, in.offset);
            if (ea < 0) return;
            fc.stack.pop(1);
            mv.visitVarInsn(ALOAD, fc.memLocal(in.memory));
            Emit.iconst(mv, ea);
        } else {
            if (!address(fc, in.offset)) return;
            fc.stack.pop(1);
            mv.visitVarInsn(ALOAD, fc.memLocal(in.memory));
            mv.visitInsn(SWAP);
        }
        mv.visitVarInsn(ILOAD, fc.sizeLocal(in.memory));
        mv.visitVarInsn(value.load, tmp);
        if (narrow != 0) mv.visitInsn(narrow);
        if (jvmDesc.equals("S") && narrow != I2S) mv.visitInsn(I2S);
        if (jvmDesc.equals("B")) mv.visitInsn(I2B);
        accessSet(mv, width, jvmDesc);
    }
}
