package dev.wasm2jar.codegen;

import dev.wasm2jar.error.UnsupportedFeatureException;
import dev.wasm2jar.runtime.WasmBacktrace;
import org.objectweb.asm.ClassTooLargeException;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.Opcodes;

/** Class writers for generated classes and the conversion of ASM's size errors. */
final class ClassFiles {
    private ClassFiles() {
    }

    /**
     * Frames are computed by ASM. Its default common-superclass lookup loads classes, which would
     * fail for generated ones; all reference values our code merges are used as Object, so that is
     * the answer for any two different types.
     */
    static ClassWriter newWriter(String internalName, String superName, String[] interfaces) {
        return newWriter(internalName, superName, interfaces, ClassWriter.COMPUTE_FRAMES);
    }

    /** As above with ASM's {@code flags}: 0 writes no stack map frames (for code that is only measured). */
    static ClassWriter newWriter(String internalName, String superName, String[] interfaces, int flags) {
        ClassWriter cw = new ClassWriter(flags) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                return a.equals(b) ? a : "java/lang/Object";
            }
        };
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, internalName, null, superName, interfaces);
        return cw;
    }

    /** The class bytes; a method over the JVM's 64 KiB limit is reported with its Wasm function. */
    static byte[] toBytes(ClassWriter cw, ModuleLayout layout) {
        cw.visitEnd();
        try {
            return cw.toByteArray();
        } catch (MethodTooLargeException e) {
            WasmBacktrace.Frame f = WasmBacktrace.parse(e.getClassName(), e.getMethodName());
            if (f != null) {
                throw new UnsupportedFeatureException("huge-function", "function " + f.index() + " compiles to "
                        + e.getCodeSize() + " bytes of JVM bytecode, over the 64 KiB method limit (method splitting is not"
                        + " implemented yet)", -1, f.index(), layout.module.functionName(f.index()));
            }
            throw new UnsupportedFeatureException("huge-function", "generated method " + e.getMethodName() + " of "
                    + e.getClassName() + " has " + e.getCodeSize() + " bytes of bytecode, over the 64 KiB limit", -1);
        } catch (ClassTooLargeException e) {
            throw new IllegalStateException("generated class " + e.getClassName() + " has " + e.getConstantPoolCount()
                    + " constant pool entries; the class partition estimate is wrong", e);
        }
    }
}
