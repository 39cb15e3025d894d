package dev.wasm2jar.validate;

import dev.wasm2jar.model.FuncType;
import dev.wasm2jar.model.Opcode;
import dev.wasm2jar.model.ValType;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpcodeSignaturesTest {
    /** Instructions of 2.0 that the validator types by hand (control, variables, references, tables, bulk). */
    private static final Set<Opcode> SPECIAL = EnumSet.of(
            Opcode.UNREACHABLE, Opcode.NOP, Opcode.BLOCK, Opcode.LOOP, Opcode.IF, Opcode.ELSE, Opcode.END,
            Opcode.BR, Opcode.BR_IF, Opcode.BR_TABLE, Opcode.RETURN, Opcode.CALL, Opcode.CALL_INDIRECT,
            Opcode.DROP, Opcode.SELECT, Opcode.SELECT_T, Opcode.LOCAL_GET, Opcode.LOCAL_SET, Opcode.LOCAL_TEE,
            Opcode.GLOBAL_GET, Opcode.GLOBAL_SET, Opcode.TABLE_GET, Opcode.TABLE_SET, Opcode.MEMORY_SIZE,
            Opcode.MEMORY_GROW, Opcode.REF_NULL, Opcode.REF_IS_NULL, Opcode.REF_FUNC, Opcode.MEMORY_INIT,
            Opcode.DATA_DROP, Opcode.MEMORY_COPY, Opcode.MEMORY_FILL, Opcode.TABLE_INIT, Opcode.ELEM_DROP,
            Opcode.TABLE_COPY, Opcode.TABLE_GROW, Opcode.TABLE_SIZE, Opcode.TABLE_FILL);

    @Test
    void everyOpcodeIsTypedOrBelongsToAnUnsupportedFeature() {
        for (Opcode op : Opcode.values()) {
            boolean typed = OpcodeSignatures.of(op) != null || OpcodeSignatures.memoryAccess(op) != null
                    || SPECIAL.contains(op) || SimdSignatures.of(op) != null;
            boolean feature = Features.ofOpcode(op) != null;
            assertTrue(typed ^ feature, op + ": typed=" + typed + " feature=" + Features.ofOpcode(op));
        }
    }

    @Test
    void sampleSignatures() {
        assertEquals(sig(List.of(ValType.I32, ValType.I32), ValType.I32), OpcodeSignatures.of(Opcode.I32_ROTR));
        assertEquals(sig(List.of(ValType.I64, ValType.I64), ValType.I32), OpcodeSignatures.of(Opcode.I64_GE_U));
        assertEquals(sig(List.of(ValType.F64), ValType.F32), OpcodeSignatures.of(Opcode.F32_DEMOTE_F64));
        assertEquals(sig(List.of(ValType.F32), ValType.I64), OpcodeSignatures.of(Opcode.I64_TRUNC_SAT_F32_U));
        assertEquals(sig(List.of(ValType.F64, ValType.F64), ValType.F64), OpcodeSignatures.of(Opcode.F64_COPYSIGN));
        assertEquals(sig(List.of(), ValType.F64), OpcodeSignatures.of(Opcode.F64_CONST));
        assertNull(OpcodeSignatures.of(Opcode.SELECT));
        OpcodeSignatures.MemoryAccess a = OpcodeSignatures.memoryAccess(Opcode.I64_STORE16);
        assertNotNull(a);
        assertEquals(2, a.bytes());
        assertEquals(1, a.maxAlign());
        assertEquals(new FuncType(List.of(ValType.I32, ValType.I64), List.of()), a.signature());
        // 0x41-0xC4 (constants, operators, conversions, sign extension) and the 8 saturating truncations.
        assertEquals(0xC4 - 0x41 + 1 + 8, OpcodeSignatures.numeric().size());
    }

    @Test
    void simdSignatures() {
        assertEquals(sig(List.of(ValType.V128, ValType.I32), ValType.V128), SimdSignatures.of(Opcode.I16X8_SHL).type());
        assertEquals(sig(List.of(ValType.V128), ValType.I32), SimdSignatures.of(Opcode.I8X16_BITMASK).type());
        assertEquals(sig(List.of(ValType.V128), ValType.V128), SimdSignatures.of(Opcode.I32X4_EXTEND_HIGH_I16X8_U).type());
        assertEquals(sig(List.of(ValType.V128, ValType.V128, ValType.V128), ValType.V128),
                SimdSignatures.of(Opcode.F32X4_RELAXED_MADD).type());
        assertEquals(sig(List.of(ValType.V128, ValType.V128), ValType.V128), SimdSignatures.of(Opcode.I16X8_NARROW_I32X4_U).type());
        assertEquals(8, SimdSignatures.of(Opcode.V128_LOAD16X4_S).memBytes());
        assertEquals(4, SimdSignatures.of(Opcode.V128_STORE32_LANE).lanes());
    }

    private static FuncType sig(List<ValType> params, ValType result) {
        return new FuncType(params, List.of(result));
    }
}
