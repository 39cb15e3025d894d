package dev.wasm2jar.codegen;

import dev.wasm2jar.model.Instruction;
import dev.wasm2jar.model.ValType;
import org.objectweb.asm.MethodVisitor;

import static org.objectweb.asm.Opcodes.*;

/** Table instructions (spec section 4.4.6) as calls of {@code runtime.Ops} with the table last. */
final class TableOps {
    private TableOps() {
    }

    private static final String OPS = ModuleLayout.RT + "Ops";
    private static final String TABLE = "L" + ModuleLayout.RT + "Table;";

    static void loadTable(FunctionCompiler fc, int table) {
        fc.mv.visitVarInsn(ALOAD, fc.instLocal);
        fc.mv.visitFieldInsn(GETFIELD, fc.layout.className, "t" + table, TABLE);
    }

    static boolean emit(FunctionCompiler fc, Instruction in) {
        MethodVisitor mv = fc.mv;
        OperandStack s = fc.stack;
        switch (in.op) {
            case TABLE_GET: {
                ValType t = fc.module.tableType(in.index).elemType();
                s.materialize(1);
                s.pop(1);
                loadTable(fc, in.index);
                mv.visitMethodInsn(INVOKESTATIC, OPS, "tableGet", "(I" + TABLE + ")Ljava/lang/Object;", false);
                s.pushJvm(t);
                return true;
            }
            case TABLE_SET:
                s.materialize(2);
                s.pop(2);
                loadTable(fc, in.index);
                mv.visitMethodInsn(INVOKESTATIC, OPS, "tableSet", "(ILjava/lang/Object;" + TABLE + ")V", false);
                return true;
            case TABLE_SIZE:
                loadTable(fc, in.index);
                mv.visitMethodInsn(INVOKESTATIC, OPS, "tableSize", "(" + TABLE + ")I", false);
                s.pushJvm(ValType.I32);
                return true;
            case TABLE_GROW:
                s.materialize(2);
                s.pop(2);
                loadTable(fc, in.index);
                mv.visitMethodInsn(INVOKESTATIC, OPS, "tableGrow", "(Ljava/lang/Object;I" + TABLE + ")I", false);
                s.pushJvm(ValType.I32);
                return true;
            case TABLE_FILL:
                s.materialize(3);
                s.pop(3);
                loadTable(fc, in.index);
                mv.visitMethodInsn(INVOKESTATIC, OPS, "tableFill", "(ILjava/lang/Object;I" + TABLE + ")V", false);
                return true;
            case TABLE_COPY:
                s.materialize(3);
                s.pop(3);
                loadTable(fc, in.index);
                loadTable(fc, in.index2);
                mv.visitMethodInsn(INVOKESTATIC, OPS, "tableCopy", "(III" + TABLE + TABLE + ")V", false);
                return true;
            case TABLE_INIT:
                s.materialize(3);
                s.pop(3);
                loadTable(fc, in.index2);
                MemoryOps.segment(fc, "elemSegments", "[[Ljava/lang/Object;", in.index);
                mv.visitMethodInsn(INVOKESTATIC, OPS, "tableInit", "(III" + TABLE + "[Ljava/lang/Object;)V", false);
                return true;
            case ELEM_DROP:
                MemoryOps.dropSegment(fc, "elemSegments", "[[Ljava/lang/Object;", in.index);
                return true;
            default:
                return false;
        }
    }
}
