package dev.wasm2jar.codegen;

/**
 * What one generation produced: class and byte counts, the largest method (HotSpot JIT-compiles
 * methods up to 8000 bytes of bytecode) and how many functions were split into parts.
 */
public record GenerationStats(int classes, long classBytes, int largestMethodSize, String largestMethod,
                              int splitFunctions, int parts) {
}
