package dev.wasm2jar.codegen;

import dev.wasm2jar.model.FuncType;
import dev.wasm2jar.model.ValType;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

import java.util.List;

import static org.objectweb.asm.Opcodes.*;

/**
 * A code class: the static methods {@code f<i>[_name](params..., Inst inst)} of a range of
 * functions, plus {@code $box} adapters (results as Object[]) for functions with several results,
 * which function references use.
 */
final class CodeClassGenerator {
    private CodeClassGenerator() {
    }

    static final String TAKE_FRAME = "takeFrame$", GIVE_FRAME = "giveFrame$";

    static byte[] generate(ModuleLayout layout, int classIndex, Runnable afterEachFunction) {
        String name = layout.codeClasses.get(classIndex);
        ClassWriter cw = ClassFiles.newWriter(name, "java/lang/Object", null);
        frameHelpers(cw, layout);
        for (int f = layout.importedFuncs; f < layout.module.functionCount(); f++) {
            if (layout.funcClass[f] != classIndex) continue;
            FunctionScan scan = layout.scan(f);
            while (scan.checkSize && !fitsTheJit(layout, f, name)) {
                if (!scan.replan(layout.module, f, layout.module.codes.get(f - layout.importedFuncs))) break;
            }
            emitFunction(cw, layout, f);
            FuncType ft = SimdTypes.flat(layout.module.functionType(f));
            if (ft.results().size() > 1) boxAdapter(cw, layout, f, ft);
            afterEachFunction.run();
        }
        return ClassFiles.toBytes(cw, layout);
    }

    /** The methods of function {@code f}: its own and, when it is split, one per part. */
    private static void emitFunction(ClassWriter cw, ModuleLayout layout, int f) {
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC | ACC_STATIC, layout.methodName[f], layout.funcDesc(f), null, null);
        FunctionCompiler fc = new FunctionCompiler(layout, f, mv);
        fc.classWriter = cw;
        fc.compile();
        SplitPlan plan = layout.scan(f).plan;
        if (plan != null) {
            for (SplitPlan.Region r : plan.regions) {
                MethodVisitor pm = cw.visitMethod(ACC_STATIC, layout.regionMethod(f, r), layout.regionDesc(), null, null);
                FunctionCompiler pc = new FunctionCompiler(layout, f, pm, r);
                pc.classWriter = cw;
                pc.compile();
            }
        }
    }

    /**
     * Whether every method of function {@code f}, as planned, is within HotSpot's limit for JIT
     * compilation: generated into a scratch class (no stack map frames: they do not change the
     * code's length) and measured.
     */
    private static boolean fitsTheJit(ModuleLayout layout, int f, String className) {
        ClassWriter scratch = ClassFiles.newWriter(className, "java/lang/Object", null, 0);
        emitFunction(scratch, layout, f);
        scratch.visitEnd();
        try {
            return MethodSizes.largest(scratch.toByteArray(), null, 0) <= MethodSizes.JIT_LIMIT;
        } catch (org.objectweb.asm.MethodTooLargeException e) {
            return false;
        }
    }

    /**
     * The frame arrays of split functions (see FunctionCompiler): {@code takeFrame$(inst, size)}
     * returns the instance's spare frame, cleared (locals that live only in the frame start at
     * zero), when it is big enough, else a new one; {@code giveFrame$(inst, frame)} makes a frame
     * the spare one when its function returns. One array per call was 360 bytes of fresh,
     * cache-cold memory for each of the millions of printf_core calls of a formatting loop, and a
     * young collection every few hundred thousand. A nested or recursive call finds no spare and
     * allocates; a trap loses its frame to the garbage collector.
     */
    private static void frameHelpers(ClassWriter cw, ModuleLayout layout) {
        String field = ModuleLayout.SPARE_FRAME;
        MethodVisitor mv = cw.visitMethod(ACC_STATIC, TAKE_FRAME, layout.takeFrameDesc(), null, null);
        mv.visitCode();
        Label allocate = new Label();
        mv.visitVarInsn(ALOAD, 0);
        mv.visitFieldInsn(GETFIELD, layout.className, field, "[J");
        mv.visitVarInsn(ASTORE, 2);
        mv.visitVarInsn(ALOAD, 2);
        mv.visitJumpInsn(IFNULL, allocate);
        mv.visitVarInsn(ALOAD, 2);
        mv.visitInsn(ARRAYLENGTH);
        mv.visitVarInsn(ILOAD, 1);
        mv.visitJumpInsn(IF_ICMPLT, allocate);
        mv.visitVarInsn(ALOAD, 0);
        mv.visitInsn(ACONST_NULL);
        mv.visitFieldInsn(PUTFIELD, layout.className, field, "[J");
        mv.visitVarInsn(ALOAD, 2);
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ILOAD, 1);
        mv.visitInsn(LCONST_0);
        mv.visitMethodInsn(INVOKESTATIC, "java/util/Arrays", "fill", "([JIIJ)V", false);
        mv.visitVarInsn(ALOAD, 2);
        mv.visitInsn(ARETURN);
        mv.visitLabel(allocate);
        mv.visitVarInsn(ILOAD, 1);
        mv.visitMethodInsn(INVOKESTATIC, ModuleLayout.RT + "Ops", "newFrame", "(I)[J", false);
        mv.visitInsn(ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();

        mv = cw.visitMethod(ACC_STATIC, GIVE_FRAME, layout.giveFrameDesc(), null, null);
        mv.visitCode();
        Label none = new Label();
        mv.visitVarInsn(ALOAD, 1);
        mv.visitJumpInsn(IFNULL, none);
        mv.visitVarInsn(ALOAD, 0);
        mv.visitVarInsn(ALOAD, 1);
        mv.visitFieldInsn(PUTFIELD, layout.className, field, "[J");
        mv.visitLabel(none);
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** {@code static Object[] f<i>$box(params..., Inst)}: calls the function and boxes all results. */
    private static void boxAdapter(ClassWriter cw, ModuleLayout layout, int f, FuncType ft) {
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC | ACC_STATIC, layout.methodName[f] + "$box",
                "(" + ModuleLayout.paramDesc(ft) + layout.instDesc + ")[Ljava/lang/Object;", null, null);
        mv.visitCode();
        int inst = Emit.loadParams(mv, ft.params(), 0);
        mv.visitVarInsn(ALOAD, inst);
        mv.visitMethodInsn(INVOKESTATIC, layout.funcOwner(f), layout.methodName[f], layout.funcDesc(f), false);
        List<ValType> rs = ft.results();
        JvmType t0 = JvmType.of(rs.get(0));
        int r0 = inst + 1;
        mv.visitVarInsn(t0.store, r0);
        Emit.iconst(mv, rs.size());
        mv.visitTypeInsn(ANEWARRAY, "java/lang/Object");
        mv.visitInsn(DUP);
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(t0.load, r0);
        Emit.box(mv, t0);
        mv.visitInsn(AASTORE);
        for (int i = 1; i < rs.size(); i++) {
            mv.visitInsn(DUP);
            Emit.iconst(mv, i);
            Emit.loadReturnArea(mv, rs.get(i), i, inst);
            Emit.box(mv, JvmType.of(rs.get(i)));
            mv.visitInsn(AASTORE);
        }
        mv.visitInsn(ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }
}
