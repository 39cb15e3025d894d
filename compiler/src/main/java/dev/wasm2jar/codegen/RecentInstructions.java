package dev.wasm2jar.codegen;

import dev.wasm2jar.model.Instruction;
import dev.wasm2jar.model.Opcode;

/**
 * The last few instructions a scan has passed, for the loop planners ({@link LoopUnroll},
 * {@link CountedLoops}) to recognize short patterns such as {@code local.get i; i32.const 4;
 * i32.add; local.tee i}. A copy of what they need of each: the reader reuses its Instruction.
 */
final class RecentInstructions {
    /** What the patterns need of an instruction. */
    record Seen(Opcode op, int index, long value, int offset) {
        Seen(Instruction in) {
            this(in.op, in.index, in.longValue, in.offsetInCode);
        }
    }

    private final Seen[] ring;
    private int count;

    RecentInstructions(int size) {
        ring = new Seen[size];
    }

    void add(Seen s) {
        ring[count++ % ring.length] = s;
    }

    /** The instruction {@code back} places before the last one added (0: the last), or null. */
    Seen back(int back) {
        if (back >= count || back >= ring.length) return null;
        return ring[Math.floorMod(count - 1 - back, ring.length)];
    }
}
