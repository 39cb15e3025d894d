package dev.wasm2jar.model;

/** A data segment (spec section 2.5.8); for active ones {@code memory} and {@code offset}. */
public record DataSegment(SegmentMode mode, int memory, ConstExpr offset, byte[] data, int byteOffset) {
}
