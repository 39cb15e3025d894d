package dev.wasm2jar.codegen;

import org.objectweb.asm.MethodVisitor;

import static org.objectweb.asm.Opcodes.INVOKESTATIC;

/**
 * The interruption check of {@link CodegenOptions#interruptible()} code: one call (3 bytes, inlined
 * by the JIT to a read of the thread's interrupt flag) at loop headers and function entries.
 */
final class InterruptPoll {
    private InterruptPoll() {
    }

    static void emit(MethodVisitor mv, ModuleLayout layout) {
        if (layout.interruptible) mv.visitMethodInsn(INVOKESTATIC, "dev/wasm2jar/runtime/Interrupts", "poll", "()V", false);
    }
}
