package dev.wasm2jar.model;

/**
 * One decoded instruction: the opcode and its immediates. The binary {@code CodeReader} fills one
 * mutable instance per instruction and hands it to its consumer (validator, code generator), which
 * switches over {@link #op}; nothing is allocated per instruction except for {@code br_table},
 * {@code select t}, {@code try_table} and v128 immediates. Which fields are meaningful depends on
 * {@link Opcode#imm}:
 * <ul>
 *   <li>LOCAL, GLOBAL, FUNC, TYPE, TABLE, MEMORY, LABEL, DATA, ELEM, TAG, LANE: {@link #index}</li>
 *   <li>CALL_INDIRECT: {@link #index} type, {@link #index2} table</li>
 *   <li>MEMARG: {@link #memory}, {@link #align} (log2), {@link #offset}; MEMARG_LANE also {@link #index} lane</li>
 *   <li>MEMORY_INIT: {@link #index} data, {@link #index2} memory; MEMORY_COPY: {@link #index} dst, {@link #index2} src</li>
 *   <li>TABLE_INIT: {@link #index} elem, {@link #index2} table; TABLE_COPY: {@link #index} dst, {@link #index2} src</li>
 *   <li>TYPE_FIELD / TYPE_COUNT / TYPE_DATA / TYPE_ELEM / TYPE_TYPE: {@link #index}, {@link #index2}</li>
 *   <li>I32, I64: {@link #longValue}; F32: {@link #longValue} holds the raw bits as an int; F64: raw bits</li>
 *   <li>V128, SHUFFLE: {@link #bytes} (16 bytes, little-endian lane order)</li>
 *   <li>BLOCK, TRY_TABLE: {@link #blockType}</li>
 *   <li>BR_TABLE: {@link #targets} (label depths), {@link #index} the default depth</li>
 *   <li>SELECT_T: {@link #types}</li>
 *   <li>HEAP_TYPE: {@link #heapType} (s33, as in {@link ValType#heapType})</li>
 *   <li>BR_ON_CAST: {@link #index} label, {@link #refType} source, {@link #refType2} target</li>
 *   <li>TRY_TABLE: {@link #catches}</li>
 * </ul>
 * {@link #offsetInCode} is the byte offset of the opcode (a module offset when the body is a slice of
 * the module's buffer), for error messages.
 */
public final class Instruction {
    public Opcode op;
    public int offsetInCode;
    public int index;
    public int index2;
    public int memory;
    public int align;
    public long offset;
    public long longValue;
    public byte[] bytes;
    public BlockType blockType;
    public int[] targets;
    public ValType[] types;
    public int heapType;
    public ValType refType;
    public ValType refType2;
    public Catch[] catches;

    /** A {@code try_table} catch clause: kind 0 catch, 1 catch_ref, 2 catch_all, 3 catch_all_ref. */
    public record Catch(int kind, int tag, int label) {
    }

    /** The value of an i32.const. */
    public int intValue() {
        return (int) longValue;
    }

    @Override
    public String toString() {
        return op == null ? "?" : op.mnemonic;
    }
}
