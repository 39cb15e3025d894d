package dev.wasm2jar.bindings;

/** A generated Java compilation unit: the binary name of its top-level class and its text. */
public record JavaSource(String className, String text) {
    /** The file's path under a source root, e.g. {@code com/example/Calc.java}. */
    public String path() {
        return className.replace('.', '/') + ".java";
    }
}
