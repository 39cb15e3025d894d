package dev.wasm2jar.codegen;

import dev.wasm2jar.model.FuncType;
import dev.wasm2jar.model.ValType;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.objectweb.asm.Opcodes.*;

/**
 * call_indirect dispatchers (spec section 4.4.9 call_indirect), one static method per
 * (function type, table):
 * <pre>
 *   int k = inst.tN.ownFunction(index, inst);          // traps: undefined element; -1: not one of ours
 *   if (k >= 0) goto SWITCH;                            // a table this instance created keeps these
 *   WasmFunction f = inst.tN.function(index);          // traps: uninitialized element
 *   if (f.owner == inst) { k = f.index; SWITCH: switch (k) { case k: return fk(args, inst); ... default: trap mismatch } }
 *   if (!f.type().equals(inst.data.types[T])) trap mismatch;
 *   return f.handle().invokeExact(args);                // another instance's or a host function
 * </pre>
 * The switch holds this module's functions of a structurally equal type; large switches are
 * split into chunk methods by function index so each method stays small enough to be JIT-compiled.
 */
final class DispatchGenerator {
    private DispatchGenerator() {
    }

    private static final String WF = ModuleLayout.RT + "WasmFunction";
    private static final String FT = ModuleLayout.RT + "FunctionType";
    private static final String OPS = ModuleLayout.RT + "Ops";

    static void generate(ModuleLayout layout, Map<String, byte[]> out) {
        Map<String, ClassWriter> writers = new java.util.LinkedHashMap<>();
        for (String cls : layout.dispatchClasses) writers.put(cls, ClassFiles.newWriter(cls, "java/lang/Object", null));
        for (ModuleLayout.Dispatcher d : layout.dispatchers.values()) dispatcher(writers, layout, d);
        for (Map.Entry<String, ClassWriter> e : writers.entrySet()) out.put(e.getKey(), ClassFiles.toBytes(e.getValue(), layout));
    }

    private static void dispatcher(Map<String, ClassWriter> writers, ModuleLayout layout, ModuleLayout.Dispatcher d) {
        FuncType ft = SimdTypes.flat(layout.canonicalTypes.get(d.type()));
        MethodVisitor mv = writers.get(d.owner()).visitMethod(ACC_PUBLIC | ACC_STATIC, d.name(), d.desc(), null, null);
        mv.visitCode();
        int idx = JvmType.slotSize(ft.params());
        int inst = idx + 1, f = inst + 1, tmp = f + 1, table = tmp + 1;
        Label slow = new Label(), mismatch = new Label(), own = new Label();
        // The table's own index of this instance's functions (a table it created), or -1.
        mv.visitVarInsn(ALOAD, inst);
        mv.visitFieldInsn(GETFIELD, layout.className, "t" + d.table(), "L" + ModuleLayout.RT + "Table;");
        mv.visitInsn(DUP);
        mv.visitVarInsn(ASTORE, table);
        mv.visitVarInsn(ILOAD, idx);
        mv.visitVarInsn(ALOAD, inst);
        mv.visitMethodInsn(INVOKEVIRTUAL, ModuleLayout.RT + "Table", "ownFunction", "(ILjava/lang/Object;)I", false);
        mv.visitInsn(DUP);
        mv.visitJumpInsn(IFGE, own);
        mv.visitInsn(POP);
        mv.visitVarInsn(ALOAD, table);
        mv.visitVarInsn(ILOAD, idx);
        mv.visitMethodInsn(INVOKEVIRTUAL, ModuleLayout.RT + "Table", "function", "(I)L" + WF + ";", false);
        mv.visitVarInsn(ASTORE, f);
        mv.visitVarInsn(ALOAD, f);
        mv.visitFieldInsn(GETFIELD, WF, "owner", "Ljava/lang/Object;");
        mv.visitVarInsn(ALOAD, inst);
        mv.visitJumpInsn(IF_ACMPNE, slow);
        mv.visitVarInsn(ALOAD, f);
        mv.visitFieldInsn(GETFIELD, WF, "index", "I");
        mv.visitLabel(own);
        if (d.chunkShift() == 0) {
            switchOver(mv, layout, ft, d.cases(), inst, mismatch);
        } else {
            chunkedSwitch(writers, mv, layout, d, ft, idx, inst, mismatch);
        }
        mv.visitLabel(mismatch);
        mv.visitMethodInsn(INVOKESTATIC, OPS, "indirectCallTypeMismatch", "()L" + ModuleLayout.RT + "Trap;", false);
        mv.visitInsn(ATHROW);

        mv.visitLabel(slow);
        mv.visitVarInsn(ALOAD, f);
        mv.visitMethodInsn(INVOKEVIRTUAL, WF, "type", "()L" + FT + ";", false);
        mv.visitVarInsn(ALOAD, inst);
        mv.visitFieldInsn(GETFIELD, ModuleLayout.MODULE_INSTANCE, "data", "L" + ModuleLayout.RT + "ModuleData;");
        mv.visitFieldInsn(GETFIELD, ModuleLayout.RT + "ModuleData", "types", "[L" + FT + ";");
        Emit.iconst(mv, d.type());
        mv.visitInsn(AALOAD);
        mv.visitMethodInsn(INVOKEVIRTUAL, FT, "equals", "(Ljava/lang/Object;)Z", false);
        mv.visitJumpInsn(IFEQ, mismatch);
        mv.visitVarInsn(ALOAD, f);
        mv.visitMethodInsn(INVOKEVIRTUAL, WF, "handle", "()Ljava/lang/invoke/MethodHandle;", false);
        Emit.loadParams(mv, ft.params(), 0);
        mv.visitMethodInsn(INVOKEVIRTUAL, "java/lang/invoke/MethodHandle", "invokeExact", JvmType.boundaryDesc(ft), false);
        returnBoundaryResult(mv, ft.results(), inst, tmp);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** Returns what a boundary call (MethodHandle of FunctionType.methodType()) left on the stack. */
    static void returnBoundaryResult(MethodVisitor mv, List<ValType> results, int inst, int tmp) {
        if (results.isEmpty()) {
            mv.visitInsn(RETURN);
            return;
        }
        if (results.size() > 1) Emit.unpackResults(mv, results, inst, tmp);
        mv.visitInsn(JvmType.of(results.get(0)).ret);
    }

    /** With a function index on the stack: switch to direct calls of {@code cases}; default to {@code dflt}. */
    private static void switchOver(MethodVisitor mv, ModuleLayout layout, FuncType ft, List<Integer> cases, int inst, Label dflt) {
        if (cases.isEmpty()) {
            mv.visitInsn(POP);
            mv.visitJumpInsn(GOTO, dflt);
            return;
        }
        int n = cases.size();
        int min = cases.get(0), max = cases.get(n - 1);
        Label[] labels = new Label[n];
        for (int i = 0; i < n; i++) labels[i] = new Label();
        if ((long) max - min + 1 <= 2L * n + 8) {
            Label[] table = new Label[max - min + 1];
            java.util.Arrays.fill(table, dflt);
            for (int i = 0; i < n; i++) table[cases.get(i) - min] = labels[i];
            mv.visitTableSwitchInsn(min, max, dflt, table);
        } else {
            int[] keys = new int[n];
            for (int i = 0; i < n; i++) keys[i] = cases.get(i);
            mv.visitLookupSwitchInsn(dflt, keys, labels);
        }
        for (int i = 0; i < n; i++) {
            int fn = cases.get(i);
            mv.visitLabel(labels[i]);
            Emit.loadParams(mv, ft.params(), 0);
            mv.visitVarInsn(ALOAD, inst);
            mv.visitMethodInsn(INVOKESTATIC, layout.funcOwner(fn), layout.methodName[fn], layout.funcDesc(fn), false);
            mv.visitInsn(ft.results().isEmpty() ? RETURN : JvmType.of(ft.results().get(0)).ret);
        }
    }

    /** Switches on {@code index >> shift} to chunk methods {@code name$<chunk>(params..., int index, Inst)}. */
    private static void chunkedSwitch(Map<String, ClassWriter> writers, MethodVisitor mv, ModuleLayout layout, ModuleLayout.Dispatcher d,
                                      FuncType ft, int idx, int inst, Label mismatch) {
        int shift = d.chunkShift();
        List<List<Integer>> chunks = new ArrayList<>();
        int first = d.cases().get(0) >> shift, last = d.cases().get(d.cases().size() - 1) >> shift;
        for (int c = first; c <= last; c++) chunks.add(new ArrayList<>());
        for (int fn : d.cases()) chunks.get((fn >> shift) - first).add(fn);
        mv.visitInsn(DUP);
        mv.visitVarInsn(ISTORE, idx); // the table index is no longer needed: reuse its local
        Emit.iconst(mv, shift);
        mv.visitInsn(ISHR);
        Label[] labels = new Label[chunks.size()];
        for (int c = 0; c < labels.length; c++) labels[c] = chunks.get(c).isEmpty() ? mismatch : new Label();
        mv.visitTableSwitchInsn(first, last, mismatch, labels);
        String chunkDesc = d.desc();
        for (int c = 0; c < labels.length; c++) {
            if (chunks.get(c).isEmpty()) continue;
            String chunkName = d.name() + "$" + (first + c);
            mv.visitLabel(labels[c]);
            Emit.loadParams(mv, ft.params(), 0);
            mv.visitVarInsn(ILOAD, idx);
            mv.visitVarInsn(ALOAD, inst);
            String chunkOwner = d.chunkOwner(first + c);
            mv.visitMethodInsn(INVOKESTATIC, chunkOwner, chunkName, chunkDesc, false);
            mv.visitInsn(ft.results().isEmpty() ? RETURN : JvmType.of(ft.results().get(0)).ret);

            MethodVisitor cm = writers.get(chunkOwner).visitMethod(ACC_PUBLIC | ACC_STATIC, chunkName, chunkDesc, null, null);
            cm.visitCode();
            Label dflt = new Label();
            cm.visitVarInsn(ILOAD, idx);
            switchOver(cm, layout, ft, chunks.get(c), inst, dflt);
            cm.visitLabel(dflt);
            cm.visitMethodInsn(INVOKESTATIC, OPS, "indirectCallTypeMismatch", "()L" + ModuleLayout.RT + "Trap;", false);
            cm.visitInsn(ATHROW);
            cm.visitMaxs(0, 0);
            cm.visitEnd();
        }
    }
}
