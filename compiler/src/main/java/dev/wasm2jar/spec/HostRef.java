package dev.wasm2jar.spec;

/** The host object behind a script's {@code (ref.extern n)} / {@code (ref.host n)}: equal when n is. */
record HostRef(long payload) {
    @Override
    public String toString() {
        return "ref.extern " + payload;
    }
}
