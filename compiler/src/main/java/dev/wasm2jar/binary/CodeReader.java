package dev.wasm2jar.binary;

import dev.wasm2jar.error.UnsupportedFeatureException;
import dev.wasm2jar.model.BlockType;
import dev.wasm2jar.model.Instruction;
import dev.wasm2jar.model.Opcode;
import dev.wasm2jar.model.ValType;

/**
 * Decodes instructions (spec section 5.4) one at a time into a reusable {@link Instruction}.
 * Consumers (validator, code generator, constant-expression evaluation) loop:
 * <pre>
 *   CodeReader r = new CodeReader(bytes, start, end);
 *   while (r.hasNext()) { Instruction insn = r.next(); switch (insn.op) { ... } }
 * </pre>
 * The reader checks only encoding (unknown opcodes, LEB128 forms, reserved bytes); structure and
 * types are the validator's job. Index immediates are u32s saturated at {@link Integer#MAX_VALUE}
 * (see {@link WasmReader#index()}), so they are never negative.
 */
public final class CodeReader {
    private final WasmReader in;
    private final Instruction insn = new Instruction();

    public CodeReader(byte[] bytes, int start, int end) {
        this.in = new WasmReader(bytes, start, end);
    }

    public boolean hasNext() {
        return !in.atEnd();
    }

    /** The byte offset of the next instruction. */
    public int position() {
        return in.position();
    }

    /** Decodes the next instruction; the returned object is reused by the following call. */
    public Instruction next() {
        Instruction i = insn;
        i.offsetInCode = in.position();
        int b = in.u8();
        Opcode op;
        if (b == 0xFB || b == 0xFC || b == 0xFD || b == 0xFE) {
            int sub = in.u32();
            op = Opcode.prefixed(b, sub);
            if (op == null && b == 0xFB && sub >= 0x20 && sub <= 0x26) {
                // struct.new_desc ... br_on_cast_desc_eq_fail: the custom-descriptors proposal's GC opcodes
                throw new UnsupportedFeatureException("custom-descriptors", String.format("instruction fb %02x", sub), i.offsetInCode);
            }
            // Wording of the reference interpreter: "illegal opcode fc 18" (both in hex).
            if (op == null) throw in.malformed(String.format("illegal opcode %02x %02x", b, sub), i.offsetInCode);
        } else {
            op = Opcode.single(b);
            if (op == null) throw in.malformed(String.format("illegal opcode %02x", b), i.offsetInCode);
        }
        i.op = op;
        readImmediates(i, op);
        return i;
    }

    private void readImmediates(Instruction i, Opcode op) {
        switch (op.imm) {
            case NONE:
                break;
            case BLOCK:
                i.blockType = blockType();
                break;
            case LABEL: case FUNC: case TYPE: case LOCAL: case GLOBAL: case TABLE: case DATA: case ELEM: case TAG:
            case MEMORY: // a memory index since multi-memory (the 1.0 "zero byte" of memory.size/grow)
                i.index = in.index();
                break;
            case BR_TABLE: {
                int n = in.length();
                int[] t = new int[n];
                for (int k = 0; k < n; k++) t[k] = in.index();
                i.targets = t;
                i.index = in.index();
                break;
            }
            case CALL_INDIRECT: case MEMORY_INIT: case MEMORY_COPY: case TABLE_INIT: case TABLE_COPY:
            case TYPE_FIELD: case TYPE_COUNT: case TYPE_DATA: case TYPE_ELEM: case TYPE_TYPE:
                i.index = in.index();
                i.index2 = in.index();
                break;
            case MEMARG:
                memarg(i);
                break;
            case MEMARG_LANE:
                memarg(i);
                i.index = in.u8();
                break;
            case I32:
                i.longValue = in.s32();
                break;
            case I64:
                i.longValue = in.s64();
                break;
            case F32:
                i.longValue = in.f32Bits();
                break;
            case F64:
                i.longValue = in.f64Bits();
                break;
            case V128: case SHUFFLE:
                i.bytes = in.bytes(16);
                break;
            case LANE:
                i.index = in.u8();
                break;
            case SELECT_T: {
                int n = in.length();
                ValType[] ts = new ValType[n];
                for (int k = 0; k < n; k++) ts[k] = in.valType();
                i.types = ts;
                break;
            }
            case HEAP_TYPE:
                i.heapType = in.heapType();
                break;
            case TRY_TABLE: {
                i.blockType = blockType();
                int n = in.length();
                Instruction.Catch[] cs = new Instruction.Catch[n];
                for (int k = 0; k < n; k++) {
                    int at = in.position();
                    int kind = in.u8();
                    if (kind > 3) throw in.malformed("malformed catch clause", at);
                    int tag = kind < 2 ? in.index() : -1;
                    cs[k] = new Instruction.Catch(kind, tag, in.index());
                }
                i.catches = cs;
                break;
            }
            case BR_ON_CAST: {
                int at = in.position();
                int flags = in.u8();
                if (flags > 3) throw in.malformed("malformed br_on_cast flags", at);
                i.index = in.index();
                i.refType = ValType.ref((flags & 1) != 0, in.heapType());
                i.refType2 = ValType.ref((flags & 2) != 0, in.heapType());
                break;
            }
            case ATOMIC_FENCE: {
                int at = in.position();
                if (in.u8() != 0) throw in.malformed("malformed atomic.fence ordering", at);
                break;
            }
            default:
                throw new IllegalStateException("no decoder for immediates " + op.imm);
        }
    }

    /**
     * memarg (section 5.4.6): flags n < 2^6 is the alignment; 2^6 ≤ n < 2^7 is the alignment plus
     * bit 6, saying a memory index follows (multi-memory); larger flags are malformed. The offset is
     * a u64 so memory64 offsets can be read (a 32-bit memory's validator bounds it).
     */
    private void memarg(Instruction i) {
        int at = in.position();
        int flags = in.u32();
        if (flags < 0 || flags >= 128) throw in.malformed("malformed memop flags", at);
        if ((flags & 0x40) != 0) {
            i.memory = in.index();
            flags &= ~0x40;
        } else {
            i.memory = 0;
        }
        i.align = flags;
        i.offset = in.u64();
    }

    /** blocktype (section 5.4.1): 0x40, a value type, or a type index as s33. */
    private BlockType blockType() {
        int at = in.position();
        int b = in.u8();
        if (b == 0x40) return BlockType.EMPTY;
        in.position(at);
        if ((b & 0xC0) == 0x40) { // a single-byte negative s33: a value type
            return BlockType.of(in.valType());
        }
        long idx = in.sN(33);
        if (idx < 0) throw in.malformed("malformed block type", at);
        return BlockType.ofType(idx > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) idx); // saturated, see WasmReader.index
    }
}
