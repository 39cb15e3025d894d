package dev.wasm2jar.codegen;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

import java.util.HashMap;
import java.util.Map;

import static org.objectweb.asm.Opcodes.*;

/**
 * Helpers for br_tables with many targets (interpreter dispatch loops have hundreds): static
 * methods {@code int name$<chunk>(int index)} return the target depth of an index, each covering
 * {@link #CHUNK} indices so that every method stays small enough to be JIT-compiled.
 */
final class BrTables {
    /** br_tables with more targets than this use helpers (all but the smallest in the split stress test mode). */
    static final int BIG = SplitPlan.STRESS ? 2 : 256;
    /** Indices per helper: a table entry and at most one {@code sipush; ireturn} each, about 4 KB. */
    static final int CHUNK = SplitPlan.STRESS ? 4 : 512;

    private BrTables() {
    }

    /** With the index on the stack, emits code leaving its target depth (helpers go into {@code cw}). */
    static void emitDepthOf(ClassWriter cw, MethodVisitor mv, String owner, String name, int[] targets, int dflt) {
        int chunks = (targets.length + CHUNK - 1) / CHUNK;
        for (int c = 0; c < chunks; c++) chunk(cw, name + "$" + c, targets, c * CHUNK, Math.min(targets.length, (c + 1) * CHUNK), dflt);
        if (chunks == 1) {
            mv.visitMethodInsn(INVOKESTATIC, owner, name + "$0", "(I)I", false);
            return;
        }
        // Chunk c serves indices [c * CHUNK, (c + 1) * CHUNK); others (and negative ones) the default.
        Label done = new Label(), dfltLabel = new Label();
        Label[] labels = new Label[chunks];
        for (int c = 0; c < chunks; c++) labels[c] = new Label();
        mv.visitInsn(DUP);
        mv.visitJumpInsn(IFLT, dfltLabel);
        mv.visitInsn(DUP);
        Emit.iconst(mv, Integer.numberOfTrailingZeros(CHUNK));
        mv.visitInsn(IUSHR);
        mv.visitTableSwitchInsn(0, chunks - 1, dfltLabel, labels);
        for (int c = 0; c < chunks; c++) {
            mv.visitLabel(labels[c]);
            mv.visitMethodInsn(INVOKESTATIC, owner, name + "$" + c, "(I)I", false);
            mv.visitJumpInsn(GOTO, done);
        }
        mv.visitLabel(dfltLabel);
        mv.visitInsn(POP);
        Emit.iconst(mv, dflt);
        mv.visitLabel(done);
    }

    private static void chunk(ClassWriter cw, String name, int[] targets, int from, int to, int dflt) {
        MethodVisitor m = cw.visitMethod(ACC_STATIC, name, "(I)I", null, null);
        m.visitCode();
        Map<Integer, Label> byDepth = new HashMap<>();
        Label dfltLabel = new Label();
        byDepth.put(dflt, dfltLabel);
        Label[] table = new Label[to - from];
        for (int i = from; i < to; i++) table[i - from] = byDepth.computeIfAbsent(targets[i], d -> new Label());
        m.visitVarInsn(ILOAD, 0);
        m.visitTableSwitchInsn(from, to - 1, dfltLabel, table);
        for (Map.Entry<Integer, Label> e : byDepth.entrySet()) {
            m.visitLabel(e.getValue());
            Emit.iconst(m, e.getKey());
            m.visitInsn(IRETURN);
        }
        m.visitMaxs(0, 0);
        m.visitEnd();
    }
}
