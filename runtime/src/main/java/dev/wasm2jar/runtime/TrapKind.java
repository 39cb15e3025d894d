package dev.wasm2jar.runtime;

/** Why a guest trapped, with the message the spec's reference interpreter uses. */
public enum TrapKind {
    UNREACHABLE("unreachable"),
    INTEGER_DIVIDE_BY_ZERO("integer divide by zero"),
    INTEGER_OVERFLOW("integer overflow"),
    INVALID_CONVERSION_TO_INTEGER("invalid conversion to integer"),
    OUT_OF_BOUNDS_MEMORY_ACCESS("out of bounds memory access"),
    OUT_OF_BOUNDS_TABLE_ACCESS("out of bounds table access"),
    UNDEFINED_ELEMENT("undefined element"),
    UNINITIALIZED_ELEMENT("uninitialized element"),
    INDIRECT_CALL_TYPE_MISMATCH("indirect call type mismatch"),
    CALL_STACK_EXHAUSTED("call stack exhausted"),
    NULL_REFERENCE("null reference"),
    NULL_FUNCTION_REFERENCE("null function reference"),
    CAST_FAILURE("cast failure"),
    OUT_OF_BOUNDS_ARRAY_ACCESS("out of bounds array access"),
    UNALIGNED_ATOMIC("unaligned atomic"),
    INTERRUPTED("interrupted"),
    /** A host function failed with a Java exception; see the cause. */
    HOST_ERROR("host function failed");

    public final String message;

    TrapKind(String message) {
        this.message = message;
    }
}
