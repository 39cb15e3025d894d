package dev.wasm2jar.codegen;

import dev.wasm2jar.binary.CodeReader;
import dev.wasm2jar.codegen.RecentInstructions.Seen;
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
 * Measured: sha256's three loops of this shape, rewritten, take the kernel from 1.76 to 1.48 s.
 *
 * <p>When the start or the limit is known only at run time, the loop is emitted in two versions
 * ({@link Version}) and a check on entry picks one: crc32's byte loops (a step of 2 up to a
 * length in a local) 1.99 to 1.84 s.
 */
final class CountedLoops {
    private CountedLoops() {
    }

    /**
     * A loop emitted twice, when nothing proves its {@code !=} agrees with {@code <} but a check on
     * entry can: the counter's start is unknown or the limit is a local the loop does not write.
     * On entry, {@code (limit - first) % step == 0} with {@code first} (the counter, plus the step
     * when the write comes before the test) not past the limit selects the copy whose compare is
     * {@code replacement}; otherwise the copy with the Wasm compare runs. Only for loops whose
     * counter is read besides its step and test (it indexes memory, most likely: what C2 then
     * checks once per loop instead of per access); a counter that only counts gains nothing, and
     * matmul's kernel, counted, ran 60% slower than copied by {@link LoopUnroll}.
     *
     * @param limitLocal the local holding the limit
     */
    record Version(int counter, int limitLocal, int step, boolean after, int compareOffset, Opcode replacement) {
    }

    /**
     * A loop whose back edge {@code br_if 0} tests {@code counter <compare> limit}, where the counter
     * moves by the same amount in every iteration (a constant {@code step}, or the local
     * {@code stepLocal} the loop does not write, added ({@code step} 1) or subtracted (-1)) and the
     * limit is a constant or a local ({@code limitLocal}) the loop does not write. From the counter
     * alone, a check can tell that the next n tests all continue; {@link LoopUnroll} then runs its
     * copies in groups without their tests (see {@code FunctionCompiler.enterGuardedLoop}).
     *
     * @param compare {@code counter <compare> limit} continues the loop: I32_NE, or an ordered
     *                compare in the counter's direction (LT or LE counting up, GT or GE down)
     * @param after   the counter is written before the test (the test sees it stepped)
     */
    record Guard(int counter, int step, int stepLocal, int limit, int limitLocal, Opcode compare, boolean after) {
        /** The compare reads its operands as unsigned. */
        boolean unsigned() {
            return switch (compare) {
                case I32_NE, I32_LT_U, I32_LE_U, I32_GT_U, I32_GE_U -> true;
                default -> false;
            };
        }

        /** The counter grows. */
        boolean up() {
            return step > 0;
        }
    }

    /**
     * Compares rewritten in place, by offset; loops emitted in two versions, and loops whose copies
     * may skip their tests, by the offset of their {@code loop}.
     */
    record Plan(Map<Integer, Opcode> rewrites, Map<Integer, Version> versions, Map<Integer, Guard> guards) {
        static final Plan NONE = new Plan(Map.of(), Map.of(), Map.of());
    }

    /**
     * {@code i32.const step; i32.add} written to a local, or {@code local.get stepLocal; i32.add}
     * (step 1; -1 for i32.sub), or a write of another form (step 0).
     */
    private record Write(int step, int stepLocal, int offset, Block container) {
    }

    /**
     * A back-edge test {@code a <compare> b}, each operand a {@code local.get}, {@code local.tee}
     * or {@code i32.const}; {@code stepped}: b is the {@code local.tee i} that ends
     * {@code local.get i; i32.const s | local.get p; i32.add | i32.sub} (clang's order).
     */
    private record Comparison(Seen a, Seen b, boolean stepped, Seen compare) {
        /** The local an operand reads, or -1 for a constant. */
        static int local(Seen operand) {
            return operand.op() == Opcode.I32_CONST ? -1 : operand.index();
        }
    }

    /**
     * A test on {@code local} against constant {@code limit}, or against local {@code limitLocal}
     * (when not -1), by the compare at {@code compareOffset}; {@code limitFirst}: the limit is the
     * compare's first operand; {@code reads}: the test's own reads of the counter.
     */
    private record Test(int local, int limit, int limitLocal, boolean limitFirst, int compareOffset, boolean negated, int reads) {
        Test(int local, int limit, int compareOffset, boolean negated) {
            this(local, limit, -1, false, compareOffset, negated, 0);
        }
    }

    private static final class Block {
        final Opcode kind;
        final Block parent;
        // For a loop:
        int offset;
        Map<Integer, Integer> entry;
        /** For a loop reached straight from the function's start: the locals written before it. */
        BitSet writtenSinceStart;
        boolean innermost = true;
        int backEdges;
        final Map<Integer, Write> writes = new HashMap<>();
        final Map<Integer, Integer> writeCounts = new HashMap<>();
        final Map<Integer, Integer> reads = new HashMap<>();
        Test brIfTest;
        Comparison brIfComparison;
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

    /**
     * The compares to emit as another compare, and the loops to emit in two versions.
     *
     * @param params the function's parameter count (parameters are not zero at the start)
     */
    static Plan plan(FunctionBody body, int params) {
        if (OFF) return Plan.NONE;
        Map<Integer, Opcode> out = new HashMap<>();
        Map<Integer, Version> versions = new HashMap<>();
        Map<Integer, Guard> guards = new HashMap<>();
        Map<Integer, Integer> known = new HashMap<>(); // locals holding a constant here
        // Straight from the function's start (no join yet), locals not written since are zero.
        BitSet writtenSinceStart = new BitSet();
        Deque<Block> open = new ArrayDeque<>();
        RecentInstructions recent = new RecentInstructions(6);
        CodeReader r = new CodeReader(body.bytes(), body.codeStart(), body.codeEnd());
        while (r.hasNext()) {
            Instruction in = r.next();
            Opcode op = in.op;
            Block top = open.peek();
            Block loop = innermostLoop(open);
            switch (op) {
                case LOOP: {
                    Block l = new Block(op, top);
                    l.offset = in.offsetInCode;
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
                    if (top != null && top == loop) b.ifTest = ifTest(recent);
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
                    Seen last = recent.back(0);
                    if (b.kind == Opcode.LOOP) {
                        decide(b, last, out, versions);
                        if (!versions.containsKey(b.offset)) guard(b, last, out, guards);
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
                            target.brIfComparison = comparison(recent);
                            target.brIfTest = compareTest(recent, 0, Opcode.I32_NE, false);
                            if (target.brIfTest == null) target.brIfTest = localLimitTest(target.brIfComparison);
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
                case LOCAL_GET:
                    if (loop != null) loop.reads.merge(in.index, 1, Integer::sum);
                    break;
                case LOCAL_SET: case LOCAL_TEE: {
                    Seen c = recent.back(0);
                    if (c != null && c.op() == Opcode.I32_CONST) known.put(in.index, (int) c.value());
                    else known.remove(in.index);
                    if (writtenSinceStart != null) writtenSinceStart.set(in.index);
                    if (loop != null) {
                        loop.writeCounts.merge(in.index, 1, Integer::sum);
                        int stepLocal = stepLocal(recent, in.index);
                        int step = stepLocal >= 0 ? (recent.back(0).op() == Opcode.I32_ADD ? 1 : -1) : step(recent, in.index);
                        loop.writes.put(in.index, new Write(step, stepLocal, in.offsetInCode, top));
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
            recent.add(new Seen(in));
        }
        return out.isEmpty() && versions.isEmpty() && guards.isEmpty() ? Plan.NONE : new Plan(out, versions, guards);
    }

    /**
     * At the end of {@code loop} ({@code last}: its last instruction): adds its exit compare to
     * {@code rewrites}, or the loop to {@code versions}, or neither.
     */
    private static void decide(Block loop, Seen last, Map<Integer, Opcode> rewrites, Map<Integer, Version> versions) {
        if (!loop.innermost || loop.backEdges != 1 || last == null) return;
        Test test;
        Block ifBlock = null;
        if (last.op() == Opcode.BR_IF && last.offset() == loop.brIfOffset) {
            test = loop.brIfTest;
        } else if (last.op() == Opcode.END && loop.lastClosed != null && loop.lastClosed.endsInBackEdge
                && !loop.lastClosed.hasElse) {
            ifBlock = loop.lastClosed;
            test = ifBlock.ifTest;
        } else {
            return;
        }
        if (test == null) return;
        Write w = loop.writes.get(test.local());
        if (w == null || w.step() == 0 || w.stepLocal() >= 0 || loop.writeCounts.get(test.local()) != 1) return;
        if (w.container() != loop && (ifBlock == null || w.container() != ifBlock)) return;
        Integer init = loop.entry.get(test.local());
        if (init == null && loop.writtenSinceStart != null && !loop.writtenSinceStart.get(test.local())) init = 0;
        boolean after = w.offset() < test.compareOffset();
        if (init == null || test.limitLocal() >= 0) {
            // Known only on entry: a version, when the limit does not change in the loop, the
            // counter is read besides its step and test, and the step is not one (C2 counts
            // such a "!=" itself).
            if (ifBlock != null || test.limitLocal() < 0 || Math.abs(w.step()) == 1
                    || loop.writeCounts.containsKey(test.limitLocal())) return;
            if (loop.reads.getOrDefault(test.local(), 0) <= 1 + test.reads()) return;
            boolean up = w.step() > 0;
            Opcode replacement = up != test.limitFirst() ? Opcode.I32_LT_S : Opcode.I32_GT_S;
            versions.put(loop.offset, new Version(test.local(), test.limitLocal(), w.step(), after, test.compareOffset(), replacement));
            return;
        }
        long step = w.step();
        long first = after ? init + step : init;
        long distance = step > 0 ? test.limit() - first : first - test.limit();
        if (distance < 0 || distance % Math.abs(step) != 0) return;
        Opcode replacement;
        if (test.negated()) replacement = step > 0 ? Opcode.I32_GE_S : Opcode.I32_LE_S; // !(i >= limit)
        else replacement = step > 0 ? Opcode.I32_LT_S : Opcode.I32_GT_S;
        rewrites.put(test.compareOffset(), replacement);
    }

    /**
     * At the end of {@code loop}: adds it to {@code guards} when its back edge is {@code br_if 0} on
     * a {@link Guard}'s test and that test was not rewritten.
     */
    private static void guard(Block loop, Seen last, Map<Integer, Opcode> rewrites, Map<Integer, Guard> guards) {
        if (!loop.innermost || loop.backEdges != 1 || last == null) return;
        if (last.op() != Opcode.BR_IF || last.offset() != loop.brIfOffset) return;
        Comparison c = loop.brIfComparison;
        if (c == null || rewrites.containsKey(c.compare().offset())) return;
        // The counter is the operand the loop steps; the limit the one it leaves alone.
        boolean counterFirst = isCounter(loop, Comparison.local(c.a()));
        if (!counterFirst && !isCounter(loop, Comparison.local(c.b()))) return;
        Seen counterRead = counterFirst ? c.a() : c.b(), limitOperand = counterFirst ? c.b() : c.a();
        int counter = counterRead.index();
        int limitLocal = Comparison.local(limitOperand);
        if (limitLocal == counter || limitLocal >= 0 && loop.writeCounts.containsKey(limitLocal)) return;
        Opcode compare = counterFirst ? c.compare().op() : swap(c.compare().op());
        Write w = loop.writes.get(counter);
        if (w.stepLocal() >= 0 && (w.stepLocal() == counter || loop.writeCounts.containsKey(w.stepLocal()))) return;
        // The test sees the stepped counter when it reads it at or after the write (a tee is the write).
        boolean after = w.offset() <= counterRead.offset();
        Guard g = new Guard(counter, w.step(), w.stepLocal(), (int) limitOperand.value(), limitLocal, compare, after);
        // The compare must continue while the counter moves towards the limit; a step by a local
        // is only known to be non-negative when read as unsigned.
        boolean ordered = compare != Opcode.I32_NE;
        if (w.stepLocal() >= 0 && (!ordered || !g.unsigned())) return;
        boolean towards = switch (compare) {
            case I32_NE -> true;
            case I32_LT_S, I32_LT_U, I32_LE_S, I32_LE_U -> g.up();
            case I32_GT_S, I32_GT_U, I32_GE_S, I32_GE_U -> !g.up();
            default -> false;
        };
        if (towards) guards.put(loop.offset, g);
    }

    /** Whether the loop writes {@code local} once, by a step (constant, or a local). */
    private static boolean isCounter(Block loop, int local) {
        if (local < 0 || loop.writeCounts.getOrDefault(local, 0) != 1) return false;
        Write w = loop.writes.get(local);
        return w.step() != 0 && w.container() == loop;
    }

    /** The compare with its operands swapped: {@code a < b} is {@code b > a}. */
    private static Opcode swap(Opcode c) {
        return switch (c) {
            case I32_LT_S -> Opcode.I32_GT_S;
            case I32_LT_U -> Opcode.I32_GT_U;
            case I32_LE_S -> Opcode.I32_GE_S;
            case I32_LE_U -> Opcode.I32_GE_U;
            case I32_GT_S -> Opcode.I32_LT_S;
            case I32_GT_U -> Opcode.I32_LT_U;
            case I32_GE_S -> Opcode.I32_LE_S;
            case I32_GE_U -> Opcode.I32_LE_U;
            default -> c;
        };
    }

    /**
     * The back-edge test as the last instructions: {@code x; y; <compare>} where x and y are
     * {@code local.get}, {@code local.tee} or {@code i32.const}, or y ends in the counter's step
     * ({@code local.get i; i32.const s | local.get p; i32.add | i32.sub; local.tee i}, clang's order).
     */
    private static Comparison comparison(RecentInstructions recent) {
        Seen cmp = recent.back(0);
        if (cmp == null || swap(cmp.op()) == cmp.op() && cmp.op() != Opcode.I32_NE) return null;
        Seen y = recent.back(1);
        if (y == null) return null;
        boolean stepped = false;
        if (y.op() == Opcode.LOCAL_TEE) {
            Seen add = recent.back(2), s = recent.back(3), get = recent.back(4);
            stepped = add != null && s != null && get != null && (add.op() == Opcode.I32_ADD || add.op() == Opcode.I32_SUB)
                    && (s.op() == Opcode.I32_CONST || s.op() == Opcode.LOCAL_GET)
                    && get.op() == Opcode.LOCAL_GET && get.index() == y.index();
        }
        Seen x = recent.back(stepped ? 5 : 2);
        if (x == null || !isOperand(x) || !isOperand(y)) return null;
        return new Comparison(x, y, stepped, cmp);
    }

    private static boolean isOperand(Seen s) {
        return s.op() == Opcode.LOCAL_GET || s.op() == Opcode.LOCAL_TEE || s.op() == Opcode.I32_CONST;
    }

    /** The test before an {@code if}: {@code i != limit}, or {@code i == limit} then {@code i32.eqz}. */
    private static Test ifTest(RecentInstructions recent) {
        Seen last = recent.back(0);
        if (last == null) return null;
        if (last.op() == Opcode.I32_EQZ) return compareTest(recent, 1, Opcode.I32_EQ, true);
        return compareTest(recent, 0, Opcode.I32_NE, false);
    }

    /** {@code local.get/tee i; i32.const limit; <compare>} as the last three instructions but {@code skip}, or null. */
    private static Test compareTest(RecentInstructions recent, int skip, Opcode compare, boolean negated) {
        Seen cmp = recent.back(skip), limit = recent.back(skip + 1), value = recent.back(skip + 2);
        if (cmp == null || limit == null || value == null) return null;
        if (cmp.op() != compare || limit.op() != Opcode.I32_CONST) return null;
        if (value.op() != Opcode.LOCAL_GET && value.op() != Opcode.LOCAL_TEE) return null;
        return new Test(value.index(), (int) limit.value(), cmp.offset(), negated);
    }

    /**
     * The back edge's {@code local.get/tee i; local.get limit; i32.ne}, or {@code local.get limit;
     * local.get i; i32.const s; i32.add; local.tee i; i32.ne} (clang's order), or null.
     */
    private static Test localLimitTest(Comparison c) {
        if (c == null || c.compare().op() != Opcode.I32_NE) return null;
        Seen a = c.a(), b = c.b();
        if (!c.stepped() && b.op() == Opcode.LOCAL_GET && a.op() != Opcode.I32_CONST && a.index() != b.index()) {
            return new Test(a.index(), 0, b.index(), false, c.compare().offset(), false, a.op() == Opcode.LOCAL_GET ? 1 : 0);
        }
        if (c.stepped() && a.op() == Opcode.LOCAL_GET && a.index() != b.index()) {
            return new Test(b.index(), 0, a.index(), true, c.compare().offset(), false, 0);
        }
        return null;
    }

    /** The constant step when the write to {@code local} is {@code local.get local; i32.const s; i32.add/sub}, else 0. */
    private static int step(RecentInstructions recent, int local) {
        Seen op = recent.back(0), c = recent.back(1), get = recent.back(2);
        if (op == null || c == null || get == null) return 0;
        if (get.op() != Opcode.LOCAL_GET || get.index() != local || c.op() != Opcode.I32_CONST) return 0;
        long s = op.op() == Opcode.I32_ADD ? (int) c.value() : op.op() == Opcode.I32_SUB ? -(long) (int) c.value() : 0;
        return s == (int) s ? (int) s : 0;
    }

    /**
     * The step local when the write to {@code local} is {@code local.get local; local.get p;
     * i32.add/sub}, or {@code local.get p; local.get local; i32.add}, else -1.
     */
    private static int stepLocal(RecentInstructions recent, int local) {
        Seen op = recent.back(0), b = recent.back(1), a = recent.back(2);
        if (op == null || b == null || a == null) return -1;
        if (op.op() != Opcode.I32_ADD && op.op() != Opcode.I32_SUB) return -1;
        if (a.op() != Opcode.LOCAL_GET || b.op() != Opcode.LOCAL_GET) return -1;
        if (a.index() == local && b.index() != local) return b.index();
        if (op.op() == Opcode.I32_ADD && b.index() == local && a.index() != local) return a.index();
        return -1;
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
