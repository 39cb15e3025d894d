package dev.wasm2jar.bindings;

import dev.wasm2jar.codegen.CompiledModule;
import dev.wasm2jar.runtime.WasmBacktrace;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.HashMap;
import java.util.Map;

/**
 * Where the generated code put each function: the public static method {@code f<index>[_name]} (and
 * its {@code $box} adapter for several results) in some {@code $Code<k>} class. Read from the class
 * files themselves, with the same parser as Wasm backtraces, so the facade follows whatever partition
 * and naming the code generator chose.
 */
final class GeneratedMethods {
    /** A static method: owner as a binary name (dots), name, JVM descriptor. */
    record Method(String owner, String name, String descriptor) {
    }

    private final Map<Integer, Method> direct = new HashMap<>();
    private final Map<Integer, Method> boxed = new HashMap<>();

    private GeneratedMethods() {
    }

    static GeneratedMethods of(CompiledModule compiled) {
        GeneratedMethods out = new GeneratedMethods();
        for (Map.Entry<String, byte[]> e : compiled.classFiles().entrySet()) {
            String owner = e.getKey().replace('/', '.');
            if (WasmBacktrace.parse(owner, "f0") == null) continue; // not a code class
            new ClassReader(e.getValue()).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                    if ((access & (Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC)) == (Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC)) {
                        WasmBacktrace.Frame f = WasmBacktrace.parse(owner, name);
                        if (f != null) (name.endsWith("$box") ? out.boxed : out.direct).put(f.index(), new Method(owner, name, descriptor));
                    }
                    return null;
                }
            }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        }
        return out;
    }

    /** The method of defined function {@code index}, or null (an imported function has none). */
    Method direct(int index) {
        return direct.get(index);
    }

    /** The {@code $box} adapter (results as Object[]) of a function with several results, or null. */
    Method boxed(int index) {
        return boxed.get(index);
    }
}
