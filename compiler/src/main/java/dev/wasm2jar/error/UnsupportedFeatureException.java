package dev.wasm2jar.error;

/**
 * The module uses a feature this compiler does not implement yet. {@link #feature()} names it
 * (e.g. "simd", "gc", "exceptions", "memory64", "multi-memory", "tail-call", "threads"); the spec
 * runner reports affected assertions as skipped with that name, never as passed.
 */
public class UnsupportedFeatureException extends ModuleException {
    private final String feature;

    public UnsupportedFeatureException(String feature, String what, long offset) {
        super("unsupported feature " + feature + ": " + what, offset, null, -1, null);
        this.feature = feature;
    }

    public UnsupportedFeatureException(String feature, String what, long offset, int functionIndex, String functionName) {
        super("unsupported feature " + feature + ": " + what, offset, null, functionIndex, functionName);
        this.feature = feature;
    }

    public String feature() {
        return feature;
    }

    @Override
    public String stage() {
        return "unsupported";
    }
}
