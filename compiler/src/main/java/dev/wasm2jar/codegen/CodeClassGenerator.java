package dev.wasm2jar.codegen;

import dev.wasm2jar.model.FuncType;
import dev.wasm2jar.model.ValType;
import org.objectweb.asm.ClassWriter;
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

    static byte[] generate(ModuleLayout layout, int classIndex, Runnable afterEachFunction) {
        String name = layout.codeClasses.get(classIndex);
        ClassWriter cw = ClassFiles.newWriter(name, "java/lang/Object", null);
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
        ClassWriter scratch = new ClassWriter(0);
        scratch.visit(V17, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, className, null, "java/lang/Object", null);
        emitFunction(scratch, layout, f);
        scratch.visitEnd();
        try {
            return MethodSizes.largest(scratch.toByteArray(), null, 0) <= MethodSizes.JIT_LIMIT;
        } catch (org.objectweb.asm.MethodTooLargeException e) {
            return false;
        }
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
