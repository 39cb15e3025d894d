package dev.wasm2jar.runtime;

/** An exception tag (exception handling): identity plus its parameter types. */
public final class Tag {
    public final FunctionType type;

    public Tag(FunctionType type) {
        this.type = type;
    }
}
