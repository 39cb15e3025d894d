package dev.wasm2jar.model;

/**
 * Limits of a memory or table (spec section 2.3.11): {@code max} is -1 when absent. {@code is64}
 * marks memory64/table64 (addresses of type i64); {@code shared} marks a threads shared memory;
 * {@code pageSizeLog2} is 16 unless the custom-page-sizes proposal sets it.
 */
public record Limits(long min, long max, boolean is64, boolean shared, int pageSizeLog2) {
    public static Limits of(long min, long max) {
        return new Limits(min, max, false, false, 16);
    }

    public boolean hasMax() {
        return max >= 0;
    }
}
