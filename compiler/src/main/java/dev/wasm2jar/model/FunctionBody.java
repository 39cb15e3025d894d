package dev.wasm2jar.model;

/**
 * The code of one defined function (spec section 5.5.13). Locals are kept in the compressed form
 * of the binary ({@code localCounts[i]} locals of type {@code localTypes[i]}), so that a hostile
 * declaration of 2^32 locals costs nothing until the validator rejects it. The instructions are the
 * slice {@code [codeStart, codeEnd)} of {@code bytes}, ending with the function's final {@code end};
 * when {@code bytes} is the module's buffer, offsets are module byte offsets.
 */
public record FunctionBody(ValType[] localTypes, long[] localCounts, byte[] bytes, int codeStart, int codeEnd) {
    /** The number of declared locals (not counting parameters). */
    public long localCount() {
        long n = 0;
        for (long c : localCounts) n += c;
        return n;
    }

    /** Declared locals expanded, one entry per local; only call once the count is validated. */
    public ValType[] expandLocals() {
        ValType[] out = new ValType[Math.toIntExact(localCount())];
        int k = 0;
        for (int i = 0; i < localTypes.length; i++) {
            for (long j = 0; j < localCounts[i]; j++) out[k++] = localTypes[i];
        }
        return out;
    }
}
