package dev.wasm2jar.text.wast;

import dev.wasm2jar.model.ValType;

import java.util.List;

/** An expected result of {@code assert_return} (script {@code result}). */
public sealed interface ResultPattern {
    enum NanKind { CANONICAL, ARITHMETIC }

    /** An exact number: bits compared exactly (floats too: {@code -0.0} is not {@code 0.0}). */
    record Num(ValType type, long bits) implements ResultPattern {
    }

    /** {@code (f32.const nan:canonical)} / {@code nan:arithmetic} (spec: canonical and arithmetic NaNs). */
    record Nan(ValType type, NanKind kind) implements ResultPattern {
    }

    /**
     * {@code (v128.const shape lane*)} with lanes that are exact bits or (float shapes) NaN patterns.
     * {@code shape} is i8x16, i16x8, i32x4, i64x2, f32x4 or f64x2.
     */
    record V128(String shape, List<Lane> lanes) implements ResultPattern {
    }

    /** One lane: {@code nan} null for exact {@code bits}. */
    record Lane(long bits, NanKind nan) {
    }

    /** {@code (ref.null ht)}; {@code heapType} null for {@code (ref.null)}: any null reference. */
    record RefNull(Integer heapType) implements ResultPattern {
    }

    /** A non-null reference of a kind: {@code (ref.extern n?)}, {@code (ref.func)}, {@code (ref.struct)}, ... */
    record Ref(RefKind kind, Long payload) implements ResultPattern {
    }

    enum RefKind { FUNC, EXTERN, HOST, ANY, EQ, I31, STRUCT, ARRAY, EXN }

    /** {@code (either r1 r2 ...)}: one of the alternatives (relaxed SIMD, threads). */
    record Either(List<ResultPattern> alternatives) implements ResultPattern {
    }
}
