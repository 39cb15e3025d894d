package dev.wasm2jar.codegen;

import dev.wasm2jar.binary.CodeReader;
import dev.wasm2jar.model.FunctionBody;
import dev.wasm2jar.model.Instruction;
import dev.wasm2jar.model.Opcode;
import dev.wasm2jar.validate.OpcodeSignatures;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code select}s that choose a memory index inside an innermost loop: emitted as a branch,
 * not as branch-free arithmetic.
 *
 * <p>A heap sort's sift-down picks the larger child with {@code select} and loads from it on the
 * next round. As arithmetic (our mask, or the {@code cmov} C2 makes of a branch it finds
 * unpredictable) the next address waits for the compare, and with it the next cache miss. As a
 * branch, the processor predicts the choice and starts the next level's loads early; it is wrong
 * half the time on random data, and still the loop runs faster, as native clang's does (sort's
 * heap sort: 4.1-5.0 s against 3.4-3.6 s for six rounds). Data selects that feed arithmetic keep
 * the mask: there a misprediction buys nothing (the sieve's count).
 *
 * <p>Recognized: a {@code select} whose result is written to a local ({@code local.set/tee x})
 * that the same innermost loop reads as an address: the address of a load or store is computed
 * from {@code local.get x} by index arithmetic only ({@code i32.const}, {@code local.get},
 * {@code i32.shl}, {@code i32.mul}, {@code i32.add}).
 */
final class IndexSelects {
    private IndexSelects() {
    }

    /** {@code -Dwasm2jar.index-selects=off} keeps every select branch-free (to measure the difference). */
    private static final boolean OFF = "off".equals(System.getProperty("wasm2jar.index-selects"));

    private static final class Loop {
        boolean innermost = true;
        /** Selects written to a local: {offset, local}. */
        final List<int[]> selects = new ArrayList<>();
        final BitSet addressLocals = new BitSet();
    }

    /** The offsets of the selects to emit as branches. */
    static Set<Integer> plan(FunctionBody body) {
        if (OFF) return Set.of();
        Set<Integer> out = new HashSet<>();
        Deque<Loop> open = new ArrayDeque<>(); // the open loops
        Deque<Boolean> isLoop = new ArrayDeque<>(); // per open block, loop or not
        Loop loop = null;
        int selectAt = -1;
        // The values of the current run of index arithmetic, as the locals each was computed from.
        List<BitSet> values = new ArrayList<>();
        CodeReader r = new CodeReader(body.bytes(), body.codeStart(), body.codeEnd());
        while (r.hasNext()) {
            Instruction in = r.next();
            Opcode op = in.op;
            if (loop != null && selectAt >= 0 && (op == Opcode.LOCAL_SET || op == Opcode.LOCAL_TEE)) {
                loop.selects.add(new int[] {selectAt, in.index});
            }
            selectAt = -1;
            switch (op) {
                case LOOP: {
                    for (Loop l : open) l.innermost = false;
                    Loop l = new Loop();
                    open.push(l);
                    isLoop.push(true);
                    loop = l;
                    values.clear();
                    continue;
                }
                case BLOCK: case IF: case TRY_TABLE: case TRY:
                    isLoop.push(false);
                    break;
                case END: {
                    if (isLoop.isEmpty()) break; // the function's end
                    if (isLoop.pop()) {
                        Loop l = open.pop();
                        if (l.innermost) {
                            for (int[] s : l.selects) if (l.addressLocals.get(s[1])) out.add(s[0]);
                        }
                        loop = open.peek();
                    }
                    break;
                }
                case SELECT: case SELECT_T:
                    selectAt = in.offsetInCode;
                    break;
                default:
                    break;
            }
            if (loop == null) continue;
            OpcodeSignatures.MemoryAccess access = OpcodeSignatures.memoryAccess(op);
            int n = values.size();
            if (access != null) {
                // A load's address is the top value; a store's is under the value stored.
                int address = access.store() ? n - 2 : n - 1;
                if (address >= 0) loop.addressLocals.or(values.get(address));
                values.clear();
            } else if (op == Opcode.LOCAL_GET) {
                BitSet v = new BitSet();
                v.set(in.index);
                values.add(v);
            } else if (op == Opcode.I32_CONST) {
                values.add(new BitSet());
            } else if ((op == Opcode.I32_ADD || op == Opcode.I32_SHL || op == Opcode.I32_MUL) && n >= 2) {
                values.get(n - 2).or(values.remove(n - 1));
            } else {
                values.clear();
            }
        }
        return out;
    }
}
