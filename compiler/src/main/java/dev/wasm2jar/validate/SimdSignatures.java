package dev.wasm2jar.validate;

import dev.wasm2jar.model.FuncType;
import dev.wasm2jar.model.Opcode;
import dev.wasm2jar.model.ValType;

import java.util.EnumMap;
import java.util.Map;

import static dev.wasm2jar.model.ValType.F32;
import static dev.wasm2jar.model.ValType.F64;
import static dev.wasm2jar.model.ValType.I32;
import static dev.wasm2jar.model.ValType.I64;
import static dev.wasm2jar.model.ValType.V128;

/**
 * Typing of the fixed-width and relaxed SIMD instructions (spec section 3.3.2 vector instructions
 * and 3.3.7 for the vector loads and stores): the instruction type, for memory accesses the access
 * width in bytes (which bounds the alignment), and for lane immediates the number of lanes.
 */
final class SimdSignatures {
    /** {@code memBytes} 0 for no memory access; {@code lanes} 0 for no lane immediate. */
    record Sig(FuncType type, int memBytes, int lanes) {
    }

    private static final Map<Opcode, Sig> SIGS = new EnumMap<>(Opcode.class);

    private SimdSignatures() {
    }

    /** The typing of a 0xFD-prefixed instruction, or null if unknown. */
    static Sig of(Opcode op) {
        return SIGS.get(op);
    }

    private static FuncType sig(ValType[] params, ValType... results) {
        return FuncType.of(params, results);
    }

    private static ValType[] p(ValType... ts) {
        return ts;
    }

    private static void put(Opcode op, FuncType t, int memBytes, int lanes) {
        SIGS.put(op, new Sig(t, memBytes, lanes));
    }

    static {
        FuncType load = sig(p(I32), V128);
        FuncType store = sig(p(I32, V128));
        FuncType loadLane = sig(p(I32, V128), V128);
        FuncType unary = sig(p(V128), V128);
        FuncType binary = sig(p(V128, V128), V128);
        FuncType ternary = sig(p(V128, V128, V128), V128);
        FuncType test = sig(p(V128), I32);
        FuncType shift = sig(p(V128, I32), V128);

        put(Opcode.V128_LOAD, load, 16, 0);
        for (Opcode op : new Opcode[] {Opcode.V128_LOAD8X8_S, Opcode.V128_LOAD8X8_U, Opcode.V128_LOAD16X4_S,
                Opcode.V128_LOAD16X4_U, Opcode.V128_LOAD32X2_S, Opcode.V128_LOAD32X2_U}) {
            put(op, load, 8, 0);
        }
        put(Opcode.V128_LOAD8_SPLAT, load, 1, 0);
        put(Opcode.V128_LOAD16_SPLAT, load, 2, 0);
        put(Opcode.V128_LOAD32_SPLAT, load, 4, 0);
        put(Opcode.V128_LOAD64_SPLAT, load, 8, 0);
        put(Opcode.V128_LOAD32_ZERO, load, 4, 0);
        put(Opcode.V128_LOAD64_ZERO, load, 8, 0);
        put(Opcode.V128_STORE, store, 16, 0);
        put(Opcode.V128_LOAD8_LANE, loadLane, 1, 16);
        put(Opcode.V128_LOAD16_LANE, loadLane, 2, 8);
        put(Opcode.V128_LOAD32_LANE, loadLane, 4, 4);
        put(Opcode.V128_LOAD64_LANE, loadLane, 8, 2);
        put(Opcode.V128_STORE8_LANE, store, 1, 16);
        put(Opcode.V128_STORE16_LANE, store, 2, 8);
        put(Opcode.V128_STORE32_LANE, store, 4, 4);
        put(Opcode.V128_STORE64_LANE, store, 8, 2);
        put(Opcode.V128_CONST, sig(p(), V128), 0, 0);
        put(Opcode.I8X16_SHUFFLE, binary, 0, 0);

        put(Opcode.I8X16_SPLAT, sig(p(I32), V128), 0, 0);
        put(Opcode.I16X8_SPLAT, sig(p(I32), V128), 0, 0);
        put(Opcode.I32X4_SPLAT, sig(p(I32), V128), 0, 0);
        put(Opcode.I64X2_SPLAT, sig(p(I64), V128), 0, 0);
        put(Opcode.F32X4_SPLAT, sig(p(F32), V128), 0, 0);
        put(Opcode.F64X2_SPLAT, sig(p(F64), V128), 0, 0);
        put(Opcode.I8X16_EXTRACT_LANE_S, sig(p(V128), I32), 0, 16);
        put(Opcode.I8X16_EXTRACT_LANE_U, sig(p(V128), I32), 0, 16);
        put(Opcode.I8X16_REPLACE_LANE, sig(p(V128, I32), V128), 0, 16);
        put(Opcode.I16X8_EXTRACT_LANE_S, sig(p(V128), I32), 0, 8);
        put(Opcode.I16X8_EXTRACT_LANE_U, sig(p(V128), I32), 0, 8);
        put(Opcode.I16X8_REPLACE_LANE, sig(p(V128, I32), V128), 0, 8);
        put(Opcode.I32X4_EXTRACT_LANE, sig(p(V128), I32), 0, 4);
        put(Opcode.I32X4_REPLACE_LANE, sig(p(V128, I32), V128), 0, 4);
        put(Opcode.I64X2_EXTRACT_LANE, sig(p(V128), I64), 0, 2);
        put(Opcode.I64X2_REPLACE_LANE, sig(p(V128, I64), V128), 0, 2);
        put(Opcode.F32X4_EXTRACT_LANE, sig(p(V128), F32), 0, 4);
        put(Opcode.F32X4_REPLACE_LANE, sig(p(V128, F32), V128), 0, 4);
        put(Opcode.F64X2_EXTRACT_LANE, sig(p(V128), F64), 0, 2);
        put(Opcode.F64X2_REPLACE_LANE, sig(p(V128, F64), V128), 0, 2);

        // Everything else by binary opcode (the enum's code): tests, shifts, ternaries, unaries;
        // the remaining ones are binary.
        for (Opcode op : Opcode.values()) {
            if (op.prefix != 0xFD || SIGS.containsKey(op)) continue;
            int c = op.code;
            FuncType t;
            if (c == 83 || c == 99 || c == 100 || c == 131 || c == 132 || c == 163 || c == 164 || c == 195 || c == 196) {
                t = test;
            } else if (c == 107 || c == 108 || c == 109 || c == 139 || c == 140 || c == 141 || c == 171 || c == 172
                    || c == 173 || c == 203 || c == 204 || c == 205) {
                t = shift;
            } else if (c == 82 || (c >= 261 && c <= 268) || c == 275) {
                t = ternary;
            } else if (c == 77 || c == 94 || c == 95 || c == 96 || c == 97 || c == 98 || (c >= 103 && c <= 106)
                    || c == 116 || c == 117 || c == 122 || (c >= 124 && c <= 129) || (c >= 135 && c <= 138)
                    || c == 148 || c == 160 || c == 161 || (c >= 167 && c <= 170) || c == 192 || c == 193
                    || (c >= 199 && c <= 202) || c == 224 || c == 225 || c == 227 || c == 236 || c == 237 || c == 239
                    || (c >= 248 && c <= 255) || (c >= 257 && c <= 260)) {
                t = unary;
            } else {
                t = binary;
            }
            put(op, t, 0, 0);
        }
    }
}
