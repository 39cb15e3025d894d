package dev.wasm2jar.codegen;

/**
 * Receives generated class files and resources as soon as each is ready, so that a jar writer can
 * stream them out instead of holding a big module's classes in memory. Called from several
 * compiler threads: implementations must be thread-safe.
 */
public interface ClassSink {
    /** A class file by internal name (e.g. {@code wasm/Module$Code0}). */
    void classFile(String internalName, byte[] bytes);

    /** A resource by path (e.g. {@code wasm/Module.data}). */
    void resource(String path, byte[] bytes);
}
