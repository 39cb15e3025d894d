package dev.wasm2jar.model;

import java.util.List;

/**
 * An element segment (spec section 2.5.7). Its initial references are given either as plain
 * function indices ({@code functionIndices}, the common case of the binary encodings 0-3) or as
 * constant expressions ({@code exprs}, encodings 4-7); exactly one of the two is non-null.
 * For active segments {@code table} and {@code offset} say where it goes.
 */
public record ElementSegment(SegmentMode mode, ValType type, int table, ConstExpr offset,
                             int[] functionIndices, List<ConstExpr> exprs, int byteOffset) {
    public int size() {
        return functionIndices != null ? functionIndices.length : exprs.size();
    }
}
