package dev.wasm2jar.validate;

import dev.wasm2jar.model.FuncType;
import dev.wasm2jar.model.Opcode;
import dev.wasm2jar.model.ValType;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import static dev.wasm2jar.model.ValType.F32;
import static dev.wasm2jar.model.ValType.F64;
import static dev.wasm2jar.model.ValType.I32;
import static dev.wasm2jar.model.ValType.I64;

/**
 * The fixed operand and result types of the simple instructions (spec section 3.3.1 numeric
 * instructions, 3.3.7 memory instructions), kept in one table so that the validator and the code
 * generator agree:
 * <ul>
 *   <li>{@link #of} gives {@code [params] -> [results]} of every numeric instruction of WebAssembly
 *       2.0: constants, tests, comparisons, unary and binary operators, conversions, sign
 *       extension and the saturating truncations. These take no immediates that affect typing.</li>
 *   <li>{@link #memoryAccess} gives the value type and access width of every plain load and store;
 *       their memarg is checked separately (alignment, offset, memory index).</li>
 * </ul>
 * Instructions whose typing depends on immediates or on the operand stack (control, variables,
 * references, tables, bulk memory) are not in these tables.
 */
public final class OpcodeSignatures {
    /** A plain load or store: the value type on the stack and how many bytes it accesses. */
    public record MemoryAccess(ValType type, int bytes, boolean store) {
        /** The largest valid alignment exponent (spec 3.3.7: 2^align must not exceed the width). */
        public int maxAlign() {
            return Integer.numberOfTrailingZeros(bytes);
        }

        /** The instruction's type: {@code [i32] -> [t]} for loads, {@code [i32 t] -> []} for stores. */
        public FuncType signature() {
            return store ? FuncType.of(new ValType[] {I32, type}, new ValType[0])
                    : FuncType.of(new ValType[] {I32}, new ValType[] {type});
        }
    }

    private static final Map<Opcode, FuncType> NUMERIC;
    private static final Map<Opcode, MemoryAccess> MEMORY;

    private OpcodeSignatures() {
    }

    /** The type of a numeric instruction, or null if {@code op} is not one. */
    public static FuncType of(Opcode op) {
        return NUMERIC.get(op);
    }

    /** The access of a plain load or store, or null if {@code op} is not one. */
    public static MemoryAccess memoryAccess(Opcode op) {
        return MEMORY.get(op);
    }

    /** The type of a fixed-width or relaxed SIMD instruction (0xFD prefix), or null if {@code op} is not one. */
    public static FuncType simd(Opcode op) {
        SimdSignatures.Sig sig = SimdSignatures.of(op);
        return sig == null ? null : sig.type();
    }

    /** All numeric instructions with their types (read-only). */
    public static Map<Opcode, FuncType> numeric() {
        return NUMERIC;
    }

    static {
        Map<Opcode, FuncType> n = new EnumMap<>(Opcode.class);
        put(n, new ValType[0], new ValType[] {I32}, Opcode.I32_CONST);
        put(n, new ValType[0], new ValType[] {I64}, Opcode.I64_CONST);
        put(n, new ValType[0], new ValType[] {F32}, Opcode.F32_CONST);
        put(n, new ValType[0], new ValType[] {F64}, Opcode.F64_CONST);

        // The enum lists opcodes in binary order, so each operator family is a contiguous range.
        put(n, sig(I32, I32), Opcode.I32_EQZ);
        put(n, sig(I64, I32), Opcode.I64_EQZ);
        range(n, sig(I32, I32, I32), Opcode.I32_EQ, Opcode.I32_GE_U);
        range(n, sig(I64, I64, I32), Opcode.I64_EQ, Opcode.I64_GE_U);
        range(n, sig(F32, F32, I32), Opcode.F32_EQ, Opcode.F32_GE);
        range(n, sig(F64, F64, I32), Opcode.F64_EQ, Opcode.F64_GE);
        range(n, sig(I32, I32), Opcode.I32_CLZ, Opcode.I32_POPCNT);
        range(n, sig(I32, I32, I32), Opcode.I32_ADD, Opcode.I32_ROTR);
        range(n, sig(I64, I64), Opcode.I64_CLZ, Opcode.I64_POPCNT);
        range(n, sig(I64, I64, I64), Opcode.I64_ADD, Opcode.I64_ROTR);
        range(n, sig(F32, F32), Opcode.F32_ABS, Opcode.F32_SQRT);
        range(n, sig(F32, F32, F32), Opcode.F32_ADD, Opcode.F32_COPYSIGN);
        range(n, sig(F64, F64), Opcode.F64_ABS, Opcode.F64_SQRT);
        range(n, sig(F64, F64, F64), Opcode.F64_ADD, Opcode.F64_COPYSIGN);

        // Conversions (spec 3.3.1 cvtop): [t1] -> [t2].
        put(n, sig(I64, I32), Opcode.I32_WRAP_I64);
        put(n, sig(F32, I32), Opcode.I32_TRUNC_F32_S, Opcode.I32_TRUNC_F32_U, Opcode.I32_REINTERPRET_F32,
                Opcode.I32_TRUNC_SAT_F32_S, Opcode.I32_TRUNC_SAT_F32_U);
        put(n, sig(F64, I32), Opcode.I32_TRUNC_F64_S, Opcode.I32_TRUNC_F64_U,
                Opcode.I32_TRUNC_SAT_F64_S, Opcode.I32_TRUNC_SAT_F64_U);
        put(n, sig(I32, I64), Opcode.I64_EXTEND_I32_S, Opcode.I64_EXTEND_I32_U);
        put(n, sig(F32, I64), Opcode.I64_TRUNC_F32_S, Opcode.I64_TRUNC_F32_U,
                Opcode.I64_TRUNC_SAT_F32_S, Opcode.I64_TRUNC_SAT_F32_U);
        put(n, sig(F64, I64), Opcode.I64_TRUNC_F64_S, Opcode.I64_TRUNC_F64_U, Opcode.I64_REINTERPRET_F64,
                Opcode.I64_TRUNC_SAT_F64_S, Opcode.I64_TRUNC_SAT_F64_U);
        put(n, sig(I32, F32), Opcode.F32_CONVERT_I32_S, Opcode.F32_CONVERT_I32_U, Opcode.F32_REINTERPRET_I32);
        put(n, sig(I64, F32), Opcode.F32_CONVERT_I64_S, Opcode.F32_CONVERT_I64_U);
        put(n, sig(F64, F32), Opcode.F32_DEMOTE_F64);
        put(n, sig(I32, F64), Opcode.F64_CONVERT_I32_S, Opcode.F64_CONVERT_I32_U);
        put(n, sig(I64, F64), Opcode.F64_CONVERT_I64_S, Opcode.F64_CONVERT_I64_U, Opcode.F64_REINTERPRET_I64);
        put(n, sig(F32, F64), Opcode.F64_PROMOTE_F32);

        // Sign extension (2.0).
        put(n, sig(I32, I32), Opcode.I32_EXTEND8_S, Opcode.I32_EXTEND16_S);
        put(n, sig(I64, I64), Opcode.I64_EXTEND8_S, Opcode.I64_EXTEND16_S, Opcode.I64_EXTEND32_S);
        NUMERIC = Collections.unmodifiableMap(n);

        Map<Opcode, MemoryAccess> m = new EnumMap<>(Opcode.class);
        load(m, I32, 4, Opcode.I32_LOAD);
        load(m, I64, 8, Opcode.I64_LOAD);
        load(m, F32, 4, Opcode.F32_LOAD);
        load(m, F64, 8, Opcode.F64_LOAD);
        load(m, I32, 1, Opcode.I32_LOAD8_S, Opcode.I32_LOAD8_U);
        load(m, I32, 2, Opcode.I32_LOAD16_S, Opcode.I32_LOAD16_U);
        load(m, I64, 1, Opcode.I64_LOAD8_S, Opcode.I64_LOAD8_U);
        load(m, I64, 2, Opcode.I64_LOAD16_S, Opcode.I64_LOAD16_U);
        load(m, I64, 4, Opcode.I64_LOAD32_S, Opcode.I64_LOAD32_U);
        store(m, I32, 4, Opcode.I32_STORE);
        store(m, I64, 8, Opcode.I64_STORE);
        store(m, F32, 4, Opcode.F32_STORE);
        store(m, F64, 8, Opcode.F64_STORE);
        store(m, I32, 1, Opcode.I32_STORE8);
        store(m, I32, 2, Opcode.I32_STORE16);
        store(m, I64, 1, Opcode.I64_STORE8);
        store(m, I64, 2, Opcode.I64_STORE16);
        store(m, I64, 4, Opcode.I64_STORE32);
        MEMORY = Collections.unmodifiableMap(m);
    }

    /** {@code [ts[0..n-2]] -> [ts[n-1]]}: the last type is the single result. */
    private static FuncType sig(ValType... ts) {
        ValType[] params = new ValType[ts.length - 1];
        System.arraycopy(ts, 0, params, 0, params.length);
        return FuncType.of(params, new ValType[] {ts[ts.length - 1]});
    }

    private static void put(Map<Opcode, FuncType> map, ValType[] params, ValType[] results, Opcode op) {
        map.put(op, FuncType.of(params, results));
    }

    private static void put(Map<Opcode, FuncType> map, FuncType type, Opcode... ops) {
        for (Opcode op : ops) map.put(op, type);
    }

    private static void range(Map<Opcode, FuncType> map, FuncType type, Opcode first, Opcode last) {
        Opcode[] all = Opcode.values();
        for (int i = first.ordinal(); i <= last.ordinal(); i++) map.put(all[i], type);
    }

    private static void load(Map<Opcode, MemoryAccess> map, ValType t, int bytes, Opcode... ops) {
        for (Opcode op : ops) map.put(op, new MemoryAccess(t, bytes, false));
    }

    private static void store(Map<Opcode, MemoryAccess> map, ValType t, int bytes, Opcode... ops) {
        for (Opcode op : ops) map.put(op, new MemoryAccess(t, bytes, true));
    }
}
