package dev.wasm2jar.text.wast;

import dev.wasm2jar.model.ValType;

/** A constant argument of an action (script {@code const}): exact bits for numbers and vectors. */
public sealed interface Value {
    /**
     * {@code (i32.const ...)} etc.: {@code type} is I32, I64, F32 or F64; {@code bits} the value's bits
     * (i32 sign-extended, f32 raw bits in the low 32 bits, f64 raw bits).
     */
    record Num(ValType type, long bits) implements Value {
    }

    /** {@code (v128.const shape lanes)} as 128 bits: {@code lo} bytes 0-7, {@code hi} bytes 8-15, little-endian. */
    record V128(long lo, long hi) implements Value {
    }

    /** {@code (ref.null ht)}: heap type as in {@link ValType#heapType}. */
    record RefNull(int heapType) implements Value {
    }

    /** {@code (ref.extern n)}: the host's external reference number n. */
    record RefExtern(long payload) implements Value {
    }

    /** {@code (ref.host n)}: a host reference (older scripts). */
    record RefHost(long payload) implements Value {
    }
}
