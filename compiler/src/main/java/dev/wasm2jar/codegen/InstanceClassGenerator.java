package dev.wasm2jar.codegen;

import dev.wasm2jar.model.DataSegment;
import dev.wasm2jar.model.ElementSegment;
import dev.wasm2jar.model.ExternKind;
import dev.wasm2jar.model.FuncImportType;
import dev.wasm2jar.model.FuncType;
import dev.wasm2jar.model.GlobalType;
import dev.wasm2jar.model.Import;
import dev.wasm2jar.model.Limits;
import dev.wasm2jar.model.MemoryType;
import dev.wasm2jar.model.Module;
import dev.wasm2jar.model.SegmentMode;
import dev.wasm2jar.model.TableType;
import dev.wasm2jar.model.ValType;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

import static org.objectweb.asm.Opcodes.*;

/**
 * The instance class {@code <Name> extends runtime.ModuleInstance}: typed fields for memory 0,
 * tables, globals and import handles; {@code public static <Name> instantiate(ImportResolver)};
 * {@code initialize}, which performs instantiation in the order of spec section 4.5.4 (imports,
 * memories, tables, globals, element segments, data segments, start function); and the static
 * bridges {@code import<i>(params..., inst)} through which code calls imported functions.
 */
final class InstanceClassGenerator {
    private InstanceClassGenerator() {
    }

    private static final String RT = ModuleLayout.RT;
    private static final String MI = ModuleLayout.MODULE_INSTANCE;
    private static final String MEMORY = RT + "Memory", TABLE = RT + "Table", GLOBAL = RT + "Global";
    private static final String RESOLVER = "L" + RT + "ImportResolver;";
    private static final String DATA_DESC = "L" + RT + "ModuleData;";

    static String resourceName(ModuleLayout layout) {
        return layout.className + ".data";
    }

    static byte[] generate(ModuleLayout layout) {
        Module m = layout.module;
        String cls = layout.className;
        ClassWriter cw = ClassFiles.newWriter(cls, MI, null);
        cw.visitField(ACC_PUBLIC | ACC_STATIC | ACC_FINAL, "DATA", DATA_DESC, null, null).visitEnd();
        for (int i = 0; i < m.memoryCount(); i++) cw.visitField(ACC_PUBLIC, "m" + i, "L" + MEMORY + ";", null, null).visitEnd();
        for (int t = 0; t < m.tableCount(); t++) cw.visitField(ACC_PUBLIC, "t" + t, "L" + TABLE + ";", null, null).visitEnd();
        // The frame array of the last split function that returned, reused by the next call of one.
        cw.visitField(ACC_PUBLIC, ModuleLayout.SPARE_FRAME, "[J", null, null).visitEnd();
        for (ModuleLayout.GlobalInfo g : layout.globals) {
            if (g.boxed || g.constant == null) cw.visitField(ACC_PUBLIC, g.field, g.fieldDesc(), null, null).visitEnd();
        }
        for (int f = 0; f < layout.importedFuncs; f++) {
            if (hostInterface(layout, f) != null) cw.visitField(ACC_PUBLIC, "host" + f, "Ljava/lang/Object;", null, null).visitEnd();
            else cw.visitField(ACC_PUBLIC, "imp" + f, "Ljava/lang/invoke/MethodHandle;", null, null).visitEnd();
        }

        // static { DATA = ModuleData.load(<Name>.class, "<Simple>.data"); }
        MethodVisitor mv = cw.visitMethod(ACC_STATIC, "<clinit>", "()V", null, null);
        mv.visitCode();
        mv.visitLdcInsn(Type.getObjectType(cls));
        String res = resourceName(layout);
        mv.visitLdcInsn(res.substring(res.lastIndexOf('/') + 1));
        mv.visitMethodInsn(INVOKESTATIC, RT + "ModuleData", "load", "(Ljava/lang/Class;Ljava/lang/String;)" + DATA_DESC, false);
        mv.visitFieldInsn(PUTSTATIC, cls, "DATA", DATA_DESC);
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();

        // private <init>() { super(MethodHandles.lookup(), DATA, memories, tables, globals); }
        mv = cw.visitMethod(ACC_PRIVATE, "<init>", "()V", null, null);
        mv.visitCode();
        mv.visitVarInsn(ALOAD, 0);
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/invoke/MethodHandles", "lookup", "()Ljava/lang/invoke/MethodHandles$Lookup;", false);
        mv.visitFieldInsn(GETSTATIC, cls, "DATA", DATA_DESC);
        Emit.iconst(mv, m.memoryCount());
        Emit.iconst(mv, m.tableCount());
        Emit.iconst(mv, m.globalCount());
        mv.visitMethodInsn(INVOKESPECIAL, MI, "<init>", "(Ljava/lang/invoke/MethodHandles$Lookup;" + DATA_DESC + "III)V", false);
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();

        // public static <Name> instantiate(ImportResolver r)
        mv = cw.visitMethod(ACC_PUBLIC | ACC_STATIC, "instantiate", "(" + RESOLVER + ")L" + cls + ";", null, null);
        mv.visitCode();
        mv.visitTypeInsn(NEW, cls);
        mv.visitInsn(DUP);
        mv.visitMethodInsn(INVOKESPECIAL, cls, "<init>", "()V", false);
        mv.visitVarInsn(ALOAD, 0);
        mv.visitMethodInsn(INVOKESTATIC, MI, "instantiate", "(L" + MI + ";" + RESOLVER + ")L" + MI + ";", false);
        mv.visitTypeInsn(CHECKCAST, cls);
        mv.visitInsn(ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();

        initialize(cw, layout);
        callVoid(cw, layout);
        for (int f = 0; f < layout.importedFuncs; f++) importBridge(cw, layout, f);
        return ClassFiles.toBytes(cw, layout);
    }

    private static void setArrayElement(MethodVisitor mv, String cls, String array, String arrayDesc, int index, String field, String fieldDesc) {
        mv.visitVarInsn(ALOAD, 0);
        mv.visitFieldInsn(GETFIELD, MI, array, arrayDesc);
        Emit.iconst(mv, index);
        mv.visitVarInsn(ALOAD, 0);
        mv.visitFieldInsn(GETFIELD, cls, field, fieldDesc);
        mv.visitInsn(AASTORE);
    }

    private static void valueType(MethodVisitor mv, ValType t) {
        mv.visitFieldInsn(GETSTATIC, RT + "ValueType", JvmType.runtimeType(t).name(), "L" + RT + "ValueType;");
    }

    /** protected void initialize(ImportResolver r): spec 4.5.4 after allocation of the instance object. */
    private static void initialize(ClassWriter cw, ModuleLayout layout) {
        Module m = layout.module;
        String cls = layout.className;
        MethodVisitor mv = cw.visitMethod(ACC_PROTECTED, "initialize", "(" + RESOLVER + ")V", null, null);
        mv.visitCode();
        int tmp = 2;
        int[] kindIndex = new int[ExternKind.values().length];

        // 1. Imports, in order, matched by the Linker (LinkException on mismatch).
        for (Import imp : m.imports) {
            int idx = kindIndex[imp.kind().ordinal()]++;
            switch (imp.kind()) {
                case FUNC: {
                    int type = ((FuncImportType) imp.type()).typeIndex();
                    mv.visitVarInsn(ALOAD, 0);
                    mv.visitVarInsn(ALOAD, 0);
                    Emit.iconst(mv, idx);
                    linkerArgs(mv, imp);
                    mv.visitFieldInsn(GETSTATIC, cls, "DATA", DATA_DESC);
                    mv.visitFieldInsn(GETFIELD, RT + "ModuleData", "types", "[L" + RT + "FunctionType;");
                    Emit.iconst(mv, layout.canonicalType[type]);
                    mv.visitInsn(AALOAD);
                    mv.visitMethodInsn(INVOKESTATIC, RT + "Linker", "function", "(" + RESOLVER
                            + "Ljava/lang/String;Ljava/lang/String;L" + RT + "FunctionType;)L" + RT + "WasmFunction;", false);
                    if (hostInterface(layout, idx) != null) {
                        mv.visitMethodInsn(INVOKEVIRTUAL, MI, "importDirect", "(IL" + RT + "WasmFunction;)Ljava/lang/Object;", false);
                        mv.visitFieldInsn(PUTFIELD, cls, "host" + idx, "Ljava/lang/Object;");
                    } else {
                        mv.visitMethodInsn(INVOKEVIRTUAL, MI, "importFunction", "(IL" + RT + "WasmFunction;)Ljava/lang/invoke/MethodHandle;", false);
                        mv.visitFieldInsn(PUTFIELD, cls, "imp" + idx, "Ljava/lang/invoke/MethodHandle;");
                    }
                    break;
                }
                case MEMORY: {
                    Limits l = ((MemoryType) imp.type()).limits();
                    mv.visitVarInsn(ALOAD, 0);
                    linkerArgs(mv, imp);
                    Emit.lconst(mv, l.min());
                    Emit.lconst(mv, l.max());
                    mv.visitMethodInsn(INVOKESTATIC, RT + "Linker", "memory", "(" + RESOLVER
                            + "Ljava/lang/String;Ljava/lang/String;JJ)L" + MEMORY + ";", false);
                    mv.visitFieldInsn(PUTFIELD, cls, "m" + idx, "L" + MEMORY + ";");
                    setArrayElement(mv, cls, "memories", "[L" + MEMORY + ";", idx, "m" + idx, "L" + MEMORY + ";");
                    break;
                }
                case TABLE: {
                    TableType tt = (TableType) imp.type();
                    mv.visitVarInsn(ALOAD, 0);
                    linkerArgs(mv, imp);
                    valueType(mv, tt.elemType());
                    Emit.lconst(mv, tt.limits().min());
                    Emit.lconst(mv, tt.limits().max());
                    mv.visitMethodInsn(INVOKESTATIC, RT + "Linker", "table", "(" + RESOLVER
                            + "Ljava/lang/String;Ljava/lang/String;L" + RT + "ValueType;JJ)L" + TABLE + ";", false);
                    mv.visitFieldInsn(PUTFIELD, cls, "t" + idx, "L" + TABLE + ";");
                    setArrayElement(mv, cls, "tables", "[L" + TABLE + ";", idx, "t" + idx, "L" + TABLE + ";");
                    break;
                }
                case GLOBAL: {
                    GlobalType gt = (GlobalType) imp.type();
                    mv.visitVarInsn(ALOAD, 0);
                    linkerArgs(mv, imp);
                    valueType(mv, gt.type());
                    Emit.iconst(mv, gt.mutable() ? 1 : 0);
                    mv.visitMethodInsn(INVOKESTATIC, RT + "Linker", "global", "(" + RESOLVER
                            + "Ljava/lang/String;Ljava/lang/String;L" + RT + "ValueType;Z)L" + GLOBAL + ";", false);
                    mv.visitFieldInsn(PUTFIELD, cls, "g" + idx, "L" + GLOBAL + ";");
                    setArrayElement(mv, cls, "globals", "[L" + GLOBAL + ";", idx, "g" + idx, "L" + GLOBAL + ";");
                    break;
                }
                default:
                    throw new dev.wasm2jar.error.UnsupportedFeatureException("exceptions", "tag import", imp.offset());
            }
        }

        // 2. Memories and tables.
        for (int i = 0; i < m.memories.size(); i++) {
            Limits l = m.memories.get(i).limits();
            int mi = m.importedMemoryCount() + i;
            mv.visitVarInsn(ALOAD, 0);
            mv.visitTypeInsn(NEW, MEMORY);
            mv.visitInsn(DUP);
            Emit.iconst(mv, (int) Math.min(l.min(), Integer.MAX_VALUE));
            Emit.lconst(mv, l.max());
            mv.visitMethodInsn(INVOKESPECIAL, MEMORY, "<init>", "(IJ)V", false);
            mv.visitFieldInsn(PUTFIELD, cls, "m" + mi, "L" + MEMORY + ";");
            setArrayElement(mv, cls, "memories", "[L" + MEMORY + ";", mi, "m" + mi, "L" + MEMORY + ";");
        }
        for (int i = 0; i < m.tables.size(); i++) {
            int t = m.importedTableCount() + i;
            TableType tt = m.tables.get(i).type();
            mv.visitVarInsn(ALOAD, 0);
            mv.visitTypeInsn(NEW, TABLE);
            mv.visitInsn(DUP);
            valueType(mv, tt.elemType());
            Emit.iconst(mv, (int) Math.min(tt.limits().min(), Integer.MAX_VALUE));
            Emit.lconst(mv, tt.limits().max());
            if (m.tables.get(i).init() != null) ConstExprCompiler.emit(mv, layout, m.tables.get(i).init(), 0);
            else mv.visitInsn(ACONST_NULL);
            mv.visitMethodInsn(INVOKESPECIAL, TABLE, "<init>", "(L" + RT + "ValueType;IJLjava/lang/Object;)V", false);
            mv.visitFieldInsn(PUTFIELD, cls, "t" + t, "L" + TABLE + ";");
            setArrayElement(mv, cls, "tables", "[L" + TABLE + ";", t, "t" + t, "L" + TABLE + ";");
            mv.visitVarInsn(ALOAD, 0); // this instance's call_indirect fast path (Table.ownFunction)
            mv.visitFieldInsn(GETFIELD, cls, "t" + t, "L" + TABLE + ";");
            mv.visitVarInsn(ALOAD, 0);
            mv.visitMethodInsn(INVOKEVIRTUAL, TABLE, "setHome", "(Ljava/lang/Object;)V", false);
        }

        // 3. Globals, in order (an initializer may read earlier globals).
        for (int i = m.importedGlobalCount(); i < m.globalCount(); i++) {
            ModuleLayout.GlobalInfo g = layout.globals[i];
            if (g.constant != null && !g.boxed) continue;
            var init = m.globals.get(i - m.importedGlobalCount()).init();
            JvmType jt = SimdTypes.isV128(g.type) ? null : JvmType.of(g.type); // v128: always boxed
            if (!g.boxed) {
                mv.visitVarInsn(ALOAD, 0);
                ConstExprCompiler.emit(mv, layout, init, 0);
                mv.visitFieldInsn(PUTFIELD, cls, g.field, g.fieldDesc());
                continue;
            }
            if (jt == null) {
                SimdOps.newGlobal(mv, layout, g, init);
            } else if (jt == JvmType.REF) {
                valueType(mv, g.type);
                ConstExprCompiler.emit(mv, layout, init, 0);
                Emit.iconst(mv, g.mutable ? 1 : 0);
                mv.visitMethodInsn(INVOKESTATIC, GLOBAL, "ofRef", "(L" + RT + "ValueType;Ljava/lang/Object;Z)L" + GLOBAL + ";", false);
            } else {
                ConstExprCompiler.emit(mv, layout, init, 0);
                Emit.iconst(mv, g.mutable ? 1 : 0);
                String name = switch (jt) {
                    case INT -> "ofI32";
                    case LONG -> "ofI64";
                    case FLOAT -> "ofF32";
                    default -> "ofF64";
                };
                mv.visitMethodInsn(INVOKESTATIC, GLOBAL, name, "(" + jt.desc + "Z)L" + GLOBAL + ";", false);
            }
            mv.visitVarInsn(ASTORE, tmp);
            mv.visitVarInsn(ALOAD, 0);
            mv.visitVarInsn(ALOAD, tmp);
            mv.visitFieldInsn(PUTFIELD, cls, g.field, g.fieldDesc());
            setArrayElement(mv, cls, "globals", "[L" + GLOBAL + ";", i, g.field, g.fieldDesc());
        }

        // 4. Element segments: active ones are applied (table.init + elem.drop), passive ones kept.
        for (int s = 0; s < m.elements.size(); s++) {
            ElementSegment seg = m.elements.get(s);
            if (seg.mode() == SegmentMode.DECLARATIVE) continue;
            if (seg.mode() == SegmentMode.ACTIVE) {
                mv.visitVarInsn(ALOAD, 0);
                Emit.iconst(mv, s);
                elementRefs(mv, layout, seg, s);
                mv.visitVarInsn(ALOAD, 0);
                mv.visitFieldInsn(GETFIELD, cls, "t" + seg.table(), "L" + TABLE + ";");
                ConstExprCompiler.emit(mv, layout, seg.offset(), 0);
                mv.visitMethodInsn(INVOKEVIRTUAL, MI, "initActiveElem", "(I[Ljava/lang/Object;L" + TABLE + ";I)V", false);
            } else {
                mv.visitVarInsn(ALOAD, 0);
                mv.visitFieldInsn(GETFIELD, MI, "elemSegments", "[[Ljava/lang/Object;");
                Emit.iconst(mv, s);
                elementRefs(mv, layout, seg, s);
                mv.visitInsn(AASTORE);
            }
        }

        // 5. Data segments: active ones are copied (memory.init + data.drop); passive ones stay.
        for (int s = 0; s < m.data.size(); s++) {
            DataSegment seg = m.data.get(s);
            if (seg.mode() != SegmentMode.ACTIVE) continue;
            mv.visitVarInsn(ALOAD, 0);
            Emit.iconst(mv, s);
            mv.visitVarInsn(ALOAD, 0);
            mv.visitFieldInsn(GETFIELD, cls, "m" + seg.memory(), "L" + MEMORY + ";");
            ConstExprCompiler.emit(mv, layout, seg.offset(), 0);
            mv.visitMethodInsn(INVOKEVIRTUAL, MI, "initActiveData", "(IL" + MEMORY + ";I)V", false);
        }

        // 6. The start function.
        if (m.start >= 0) {
            mv.visitVarInsn(ALOAD, 0);
            mv.visitMethodInsn(INVOKESTATIC, layout.funcOwner(m.start), layout.methodName[m.start], layout.funcDesc(m.start), false);
        }
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private static void linkerArgs(MethodVisitor mv, Import imp) {
        mv.visitVarInsn(ALOAD, 1);
        mv.visitLdcInsn(imp.module());
        mv.visitLdcInsn(imp.name());
    }

    /** Pushes the Object[] of a segment's references. */
    private static void elementRefs(MethodVisitor mv, ModuleLayout layout, ElementSegment seg, int s) {
        if (ModuleDataWriter.elementIndices(seg) != null) {
            mv.visitVarInsn(ALOAD, 0);
            Emit.iconst(mv, s);
            mv.visitMethodInsn(INVOKEVIRTUAL, MI, "elemFunctions", "(I)[Ljava/lang/Object;", false);
            return;
        }
        Emit.iconst(mv, seg.exprs().size());
        mv.visitTypeInsn(ANEWARRAY, "java/lang/Object");
        for (int k = 0; k < seg.exprs().size(); k++) {
            mv.visitInsn(DUP);
            Emit.iconst(mv, k);
            ConstExprCompiler.emit(mv, layout, seg.exprs().get(k), 0);
            mv.visitInsn(AASTORE);
        }
    }

    /** The host interface function import {@code f} is called through, or null (see {@link HostInterfaces}). */
    private static String hostInterface(ModuleLayout layout, int f) {
        Import imp = layout.module.nthImport(ExternKind.FUNC, f);
        return HostInterfaces.interfaceFor(imp.module(), imp.name(), layout.module.functionType(f));
    }

    /**
     * {@code protected boolean callVoid(int index)}: a switch calling each exported {@code [] -> []}
     * function (such as {@code _start}) directly, so running a command needs no method handle.
     */
    private static void callVoid(ClassWriter cw, ModuleLayout layout) {
        Module m = layout.module;
        java.util.TreeSet<Integer> funcs = new java.util.TreeSet<>();
        for (dev.wasm2jar.model.Export e : m.exports) {
            if (e.kind() != ExternKind.FUNC || e.index() < layout.importedFuncs) continue;
            FuncType ft = m.functionType(e.index());
            if (ft.params().isEmpty() && ft.results().isEmpty()) funcs.add(e.index());
        }
        if (funcs.isEmpty()) return;
        MethodVisitor mv = cw.visitMethod(ACC_PROTECTED, "callVoid", "(I)Z", null, null);
        mv.visitCode();
        int[] keys = funcs.stream().mapToInt(Integer::intValue).toArray();
        org.objectweb.asm.Label dflt = new org.objectweb.asm.Label();
        org.objectweb.asm.Label[] labels = new org.objectweb.asm.Label[keys.length];
        for (int i = 0; i < keys.length; i++) labels[i] = new org.objectweb.asm.Label();
        mv.visitVarInsn(ILOAD, 1);
        mv.visitLookupSwitchInsn(dflt, keys, labels);
        for (int i = 0; i < keys.length; i++) {
            mv.visitLabel(labels[i]);
            mv.visitVarInsn(ALOAD, 0);
            mv.visitMethodInsn(INVOKESTATIC, layout.funcOwner(keys[i]), layout.methodName[keys[i]], layout.funcDesc(keys[i]), false);
            mv.visitInsn(ICONST_1);
            mv.visitInsn(IRETURN);
        }
        mv.visitLabel(dflt);
        mv.visitInsn(ICONST_0);
        mv.visitInsn(IRETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /**
     * {@code public static R import<i>(params..., Inst inst)}: calls the import's exact-typed handle;
     * for an import with a host interface, calls the interface when the linked function has a
     * {@code direct} implementation (no method handle), else the function's handle.
     */
    private static void importBridge(ClassWriter cw, ModuleLayout layout, int f) {
        FuncType ft = SimdTypes.flat(layout.module.functionType(f));
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC | ACC_STATIC, layout.methodName[f], layout.funcDesc(f), null, null);
        mv.visitCode();
        int inst = JvmType.slotSize(ft.params());
        String host = hostInterface(layout, f);
        if (host != null) {
            org.objectweb.asm.Label viaHandle = new org.objectweb.asm.Label();
            mv.visitVarInsn(ALOAD, inst);
            mv.visitFieldInsn(GETFIELD, layout.className, "host" + f, "Ljava/lang/Object;");
            mv.visitInsn(DUP);
            mv.visitJumpInsn(IFNULL, viaHandle);
            mv.visitTypeInsn(CHECKCAST, host);
            Emit.loadParams(mv, ft.params(), 0);
            mv.visitMethodInsn(INVOKEINTERFACE, host, layout.module.nthImport(ExternKind.FUNC, f).name(), JvmType.boundaryDesc(ft), true);
            DispatchGenerator.returnBoundaryResult(mv, ft.results(), inst, inst + 1);
            mv.visitLabel(viaHandle);
            mv.visitInsn(POP);
            mv.visitVarInsn(ALOAD, inst);
            mv.visitFieldInsn(GETFIELD, MI, "funcs", "[L" + RT + "WasmFunction;");
            Emit.iconst(mv, f);
            mv.visitInsn(AALOAD);
            mv.visitMethodInsn(INVOKEVIRTUAL, RT + "WasmFunction", "handle", "()Ljava/lang/invoke/MethodHandle;", false);
        } else {
            mv.visitVarInsn(ALOAD, inst);
            mv.visitFieldInsn(GETFIELD, layout.className, "imp" + f, "Ljava/lang/invoke/MethodHandle;");
        }
        Emit.loadParams(mv, ft.params(), 0);
        mv.visitMethodInsn(INVOKEVIRTUAL, "java/lang/invoke/MethodHandle", "invokeExact", JvmType.boundaryDesc(ft), false);
        DispatchGenerator.returnBoundaryResult(mv, ft.results(), inst, inst + 1);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }
}
