package dev.wasm2jar.codegen;

import dev.wasm2jar.binary.CodeReader;
import dev.wasm2jar.model.FunctionBody;
import dev.wasm2jar.model.Instruction;
import dev.wasm2jar.model.Opcode;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Loop exit tests that may be compiled as a signed {@code <} (or {@code >}) instead of the
 * {@code !=} the Wasm code has, so that C2 counts the loop.
 *
 * <p>C2 unrolls a loop, removes its bounds checks and its safepoint poll only when it recognizes
 * it as counted. A test {@code i != limit} qualifies only when {@code i} steps by one; clang
 * emits {@code !=} for loops of any step ({@code for (i = 0; i < 64; i++) w[i]} becomes a byte
 * offset stepping by 4 up to 256), which C2 then runs one checked iteration at a time.
 *
 * <p>When {@code i} provably takes the values {@code init, init + step, ...} up to exactly
 * {@code limit} at the test, {@code !=} and {@code <} (for a positive step; {@code >} for a
 * negative one) agree on every value the test can see. Proof obligations, all checked here, for
 * an innermost loop:
 * <ul>
 *   <li>{@code i} (an i32 local) holds a constant {@code init} on entry: {@code i32.const init;
 *       local.set i} comes before the {@code loop} in straight-line code (no {@code end} or
 *       {@code else}, where other paths join, in between), or the loop is reached in
 *       straight-line code from the function's start and {@code i}, not a parameter, is still
 *       zero;</li>
 *   <li>the loop writes {@code i} once, {@code i = i + step} (a constant step), on every path to
 *       its back edge, and has exactly one back edge;</li>
 *   <li>the back edge is {@code br_if 0} on {@code i != limit}, or the loop ends in an {@code if}
 *       on {@code i != limit} or {@code !(i == limit)} whose last instruction is {@code br 1};</li>
 *   <li>{@code limit} is a constant that the values of {@code i} at the test reach exactly:
 *       {@code (limit - first) % step == 0} with {@code first} (init, or init + step when the
 *       write comes before the test) not past {@code limit}.</li>
 * </ul>
 * Measured: sha256's three loops of this shape, rewritten, take the kernel from 1.76 to 1.49 s.
 */
final class CountedLoops {
    private CountedLoops() {
    }

    /** An instruction as the patterns need it (the reader reuses its Instruction objects). */
    private record Seen(Opcode op, int index, long value, int offset) {
    }

    /** {@code i32.const step; i32.add} written to a local, or a write of another form (step 0). */
    private record Write(int step, int offset, Block container) {
    }

    /** A test on {@code local} against constant {@code limit} by the compare at {@code compareOffset}. */
    private record Test(int local, int limit, int compareOffset, boolean negated) {
    }

    private static final class Block {
        final Opcode kind;
        final Block parent;
        // For a loop:
        Map<Integer, Integer> entry;
        /** For a loop reached straight from the function's start: the locals written before it. */
        BitSet writtenSinceStart;
        boolean innermost = true;
        int backEdges;
        final Map<Integer, Write> writes = new HashMap<>();
        final Map<Integer, Integer> writeCounts = new HashMap<>();
        Test brIfTest;
        int brIfOffset = -1;
        Block lastClosed;
        // For an if directly inside a loop:
        Test ifTest;
        boolean hasElse, endsInBackEdge;

        Block(Opcode kind, Block parent) {
            this.kind = kind;
            this.parent = parent;
        }
    }

    /** {@code -Dwasm2jar.counted=off} rewrites nothing (to measure what the rewriting brings). */
    private static final boolean OFF = "off".equals(System.getProperty("wasm2jar.counted"));

    /** The compare instructions to replace, by their offset, with the opcode to emit instead. */
    static Map<Integer, Opcode> plan(FunctionBody body, int params) {
        Map<Integer, Opcode> out = new HashMap<>();
        if (OFF) return out;
        Map<Integer, Integer> known = new HashMap<>(); // locals holding a constant here
        // Straight from the function's start (no join yet), locals not written since are zero.
        BitSet writtenSinceStart = new BitSet();
        Deque<Block> open = new ArrayDeque<>();
        Seen[] recent = new Seen[4];
        int count = 0;
        CodeReader r = new CodeReader(body.bytes(), body.codeStart(), body.codeEnd());
        while (r.hasNext()) {
            Instruction in = r.next();
            Opcode op = in.op;
            Block top = open.peek();
            Block loop = innermostLoop(open);
            switch (op) {
                case LOOP: {
                    Block l = new Block(op, top);
                    l.entry = new HashMap<>(known);
                    if (writtenSinceStart != null) {
                        l.writtenSinceStart = (BitSet) writtenSinceStart.clone();
                        l.writtenSinceStart.set(0, params);
                    }
                    for (Block b : open) if (b.kind == Opcode.LOOP) b.innermost = false;
                    open.push(l);
                    known.clear();
                    writtenSinceStart = null;
                    break;
                }
                case BLOCK: case TRY_TABLE: case TRY:
                    open.push(new Block(op, top));
                    break;
                case IF: {
                    Block b = new Block(op, top);
                    if (top != null && top == loop) b.ifTest = ifTest(recent, count);
                    open.push(b);
                    break;
                }
                case ELSE:
                    if (top != null) top.hasElse = true;
                    known.clear();
                    writtenSinceStart = null;
                    break;
                case END: {
                    known.clear();
                    writtenSinceStart = null;
                    if (open.isEmpty()) break; // the function's end
                    Block b = open.pop();
                    Seen last = at(recent, count, 1);
                    if (b.kind == Opcode.LOOP) {
                        Map.Entry<Integer, Opcode> rewrite = rewrite(b, last);
                        if (rewrite != null) out.put(rewrite.getKey(), rewrite.getValue());
                    } else if (b.parent != null && b.parent.kind == Opcode.LOOP) {
                        b.endsInBackEdge = b.kind == Opcode.IF && last != null && last.op() == Opcode.BR && last.index() == 1;
                        b.parent.lastClosed = b;
                    }
                    break;
                }
                case BR: case BR_IF: {
                    Block target = target(open, in.index);
                    if (target != null && target.kind == Opcode.LOOP) {
                        target.backEdges++;
                        if (op == Opcode.BR_IF && target == top) {
                            target.brIfTest = compareTest(recent, count, Opcode.I32_NE, false);
                            target.brIfOffset = in.offsetInCode;
                        }
                    }
                    break;
                }
                case BR_TABLE: {
                    for (int i = 0; i <= in.targets.length; i++) {
                        Block target = target(open, i < in.targets.length ? in.targets[i] : in.index);
                        if (target != null && target.kind == Opcode.LOOP) target.backEdges++;
                    }
                    break;
                }
                case LOCAL_SET: case LOCAL_TEE: {
                    Seen c = at(recent, count, 1);
                    if (c != null && c.op() == Opcode.I32_CONST) known.put(in.index, (int) c.value());
                    else known.remove(in.index);
                    if (writtenSinceStart != null) writtenSinceStart.set(in.index);
                    if (loop != null) {
                        loop.writeCounts.merge(in.index, 1, Integer::sum);
                        loop.writes.put(in.index, new Write(step(recent, count, in.index), in.offsetInCode, top));
                    }
                    break;
                }
                default:
                    if (op.name().startsWith("CATCH") || op == Opcode.DELEGATE) {
                        known.clear();
                        writtenSinceStart = null;
                    }
                    // Other branches (exceptions, references): no loop around them is rewritten.
                    if (op.imm == Opcode.Imm.LABEL || op.imm == Opcode.Imm.BR_ON_CAST || op.imm == Opcode.Imm.TRY_TABLE) {
                        for (Block b : open) if (b.kind == Opcode.LOOP) b.backEdges += 2;
                    }
                    break;
            }
            recent[count++ % recent.length] = new Seen(op, in.index, in.longValue, in.offsetInCode);
        }
        return out;
    }

    /** The loop's exit compare to replace and its replacement, or null. */
    private static Map.Entry<Integer, Opcode> rewrite(Block loop, Seen last) {
        if (!loop.innermost || loop.backEdges != 1 || last == null) return null;
        Test test;
        Block ifBlock = null;
        if (last.op() == Opcode.BR_IF && last.offset() == loop.brIfOffset) {
            test = loop.brIfTest;
        } else if (last.op() == Opcode.END && loop.lastClosed != null && loop.lastClosed.endsInBackEdge
                && !loop.lastClosed.hasElse) {
            ifBlock = loop.lastClosed;
            test = ifBlock.ifTest;
        } else {
            return null;
        }
        if (test == null) return null;
        Write w = loop.writes.get(test.local());
        Integer init = loop.entry.get(test.local());
        if (init == null && loop.writtenSinceStart != null && !loop.writtenSinceStart.get(test.local())) init = 0;
        if (w == null || init == null || w.step() == 0 || loop.writeCounts.get(test.local()) != 1) return null;
        if (w.container() != loop && (ifBlock == null || w.container() != ifBlock)) return null;
        long step = w.step();
        long first = w.offset() < test.compareOffset() ? init + step : init;
        long distance = step > 0 ? test.limit() - first : first - test.limit();
        if (distance < 0 || distance % Math.abs(step) != 0) return null;
        Opcode replacement;
        if (test.negated()) replacement = step > 0 ? Opcode.I32_GE_S : Opcode.I32_LE_S; // !(i >= limit)
        else replacement = step > 0 ? Opcode.I32_LT_S : Opcode.I32_GT_S;
        return Map.entry(test.compareOffset(), replacement);
    }

    /** The test before an {@code if}: {@code i != limit}, or {@code i == limit} then {@code i32.eqz}. */
    private static Test ifTest(Seen[] recent, int count) {
        Seen last = at(recent, count, 1);
        if (last == null) return null;
        if (last.op() == Opcode.I32_EQZ) return compareTest(recent, count - 1, Opcode.I32_EQ, true);
        return compareTest(recent, count, Opcode.I32_NE, false);
    }

    /** {@code local.get/tee i; i32.const limit; <compare>} as the last three instructions, or null. */
    private static Test compareTest(Seen[] recent, int count, Opcode compare, boolean negated) {
        Seen cmp = at(recent, count, 1), limit = at(recent, count, 2), value = at(recent, count, 3);
        if (cmp == null || limit == null || value == null) return null;
        if (cmp.op() != compare || limit.op() != Opcode.I32_CONST) return null;
        if (value.op() != Opcode.LOCAL_GET && value.op() != Opcode.LOCAL_TEE) return null;
        return new Test(value.index(), (int) limit.value(), cmp.offset(), negated);
    }

    /** The constant step when the write to {@code local} is {@code local.get local; i32.const s; i32.add/sub}, else 0. */
    private static int step(Seen[] recent, int count, int local) {
        Seen op = at(recent, count, 1), c = at(recent, count, 2), get = at(recent, count, 3);
        if (op == null || c == null || get == null) return 0;
        if (get.op() != Opcode.LOCAL_GET || get.index() != local || c.op() != Opcode.I32_CONST) return 0;
        long s = op.op() == Opcode.I32_ADD ? (int) c.value() : op.op() == Opcode.I32_SUB ? -(long) (int) c.value() : 0;
        return s == (int) s ? (int) s : 0;
    }

    /** The instruction {@code back} places before the next one (1: the last seen), or null. */
    private static Seen at(Seen[] recent, int count, int back) {
        if (back > count || back > recent.length) return null;
        return recent[Math.floorMod(count - back, recent.length)];
    }

    private static Block innermostLoop(Deque<Block> open) {
        for (Block b : open) if (b.kind == Opcode.LOOP) return b;
        return null;
    }

    /** The block a branch of label depth {@code depth} targets, or null for the function. */
    private static Block target(Deque<Block> open, int depth) {
        int i = 0;
        for (Block b : open) if (i++ == depth) return b;
        return null;
    }
}
