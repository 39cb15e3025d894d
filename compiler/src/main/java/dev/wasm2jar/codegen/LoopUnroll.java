package dev.wasm2jar.codegen;

import dev.wasm2jar.binary.CodeReader;
import dev.wasm2jar.codegen.RecentInstructions.Seen;
import dev.wasm2jar.model.FunctionBody;
import dev.wasm2jar.model.Instruction;
import dev.wasm2jar.model.Opcode;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which loops are emitted unrolled: their body copied {@link #COPIES} times in one JVM loop.
 *
 * <p>C2 unrolls only loops it recognizes as counted: an int induction variable stepped by a
 * constant and compared with an invariant by a signed {@code <}, {@code <=}, {@code >}, {@code >=},
 * or by {@code !=} when the step is 1. Much of what clang emits is not that: pointer walks and
 * loops it unrolled itself step by 8 or 16 and end on {@code !=}, {@code size_t} bounds compare
 * unsigned, 64-bit counters are longs. Such a loop runs one body per back edge, and each back edge
 * pays a safepoint poll and the register moves of its phis; in matmul's inner loop that is half
 * of the instructions. Copying the body (each copy's back edge is a forward jump to the next copy,
 * the last one's goes back to the first) keeps exactly the Wasm semantics and lets C2 schedule
 * several iterations as one: matmul's kernel, in plain Java, runs 4.4 s per body, 2.9 s with four.
 *
 * <p>Unrolled: innermost loops without block parameters or results, of at most {@link #MAX_BODY}
 * bytes of Wasm, with no calls (their cost dwarfs the back edge), no SIMD and no memory.grow, whose
 * last instruction is the back edge {@code br_if 0} on a test C2 does not count. Loops that look
 * counted are left to C2, which unrolls, hoists bounds checks and vectorizes them itself, and
 * would do none of it for the copied shape.
 *
 * <p>When the back edge tests a counter that moves by the same amount every iteration against a
 * limit the loop leaves alone ({@link CountedLoops.Guard}), the copies run in groups with one check
 * before each group instead of a test per copy, and one more copy finishes the last iterations:
 * matmul's kernel 2.85 -> 2.61 s.
 */
final class LoopUnroll {
    private LoopUnroll() {
    }

    /** Largest loop body (Wasm bytes between {@code loop} and its {@code end}) that is copied. */
    static final int MAX_BODY = 96;
    /**
     * Copies of an unrolled body. Measured on matmul's kernel: 2 copies 3.9 s, 4 copies 3.1 s,
     * 8 copies 2.8 s (one copy: 4.8 s); but 8 made strings 10% and crc32 6% slower, and two
     * copies of bodies up to 192 bytes gained nothing.
     */
    static final int COPIES = 4;
    /**
     * Copies of a loop that is a method of its own (an inner loop of a function that runs once,
     * see {@link RunOnce}): nothing inlines that method, so its size costs nothing elsewhere.
     * matmul 3.06 -> 2.75 s; the other kernels unchanged.
     */
    static final int ISOLATED_COPIES = 8;
    /**
     * {@code wasm2jar.unroll}: {@code off} unrolls nothing; {@code all} unrolls every loop the
     * mechanism allows (even counted ones, and bodies up to 4 KB), for tests of the mechanism.
     */
    private static final String MODE = System.getProperty("wasm2jar.unroll", "on");
    /** {@code -Dwasm2jar.guards=off}: copies keep their tests (to measure what skipping them gains). */
    private static final boolean GUARDS = !"off".equals(System.getProperty("wasm2jar.guards"));

    /** A loop being scanned. */
    private static final class Open {
        final int offset, bodyStart;
        final boolean eligible;
        boolean innermost = true, clean = true;
        /** The last instructions seen inside (copies: the reader reuses its Instruction). */
        final RecentInstructions recent = new RecentInstructions(6);

        Open(int offset, int bodyStart, boolean eligible) {
            this.offset = offset;
            this.bodyStart = bodyStart;
            this.eligible = eligible;
        }
    }

    /**
     * The loops of a function that are unrolled.
     *
     * @param factors    the copy count of each, by the offset of its {@code loop} instruction
     * @param extraBytes the Wasm bytes the copies add to the function (for size estimates)
     */
    record Plan(Map<Integer, Integer> factors, int extraBytes, Map<Integer, CountedLoops.Version> versions,
                Map<Integer, CountedLoops.Guard> guards) {
        static final Plan NONE = new Plan(Map.of(), 0, Map.of(), Map.of());

        /**
         * The guard of the unrolled loop at {@code offset} whose copies run in groups without their
         * tests, followed by one more copy as the loop for the last iterations; null: plain copies.
         */
        CountedLoops.Guard guard(int offset) {
            return guards.get(offset);
        }

        /** The loop at {@code offset} emitted in two versions ({@link CountedLoops.Version}), or null. */
        CountedLoops.Version version(int offset) {
            return versions.get(offset);
        }

        /** The copy count of the loop at {@code offset}: 1 when it is not unrolled. */
        int factor(int offset) {
            return factors.getOrDefault(offset, 1);
        }

        /** The copies emitted of the loop at {@code offset}; {@code ownMethod}: the loop is a part method by itself. */
        int copies(int offset, boolean ownMethod) {
            int n = factor(offset);
            return n > 1 && ownMethod ? ISOLATED_COPIES : n;
        }
    }

    /**
     * @param counted the compares {@link CountedLoops} rewrites so that C2 counts their loops
     *                (those loops are left to C2), and the loops it versions (emitted twice,
     *                planned here so that they count in size estimates as copies do)
     */
    static Plan plan(FunctionBody body, CountedLoops.Plan counted) {
        Set<Integer> countedTests = counted.rewrites().keySet();
        boolean off = MODE.equals("off");
        if (off && counted.versions().isEmpty()) return Plan.NONE;
        Map<Integer, Integer> factors = new HashMap<>();
        Map<Integer, CountedLoops.Guard> guards = new HashMap<>();
        int extra = 0;
        boolean all = MODE.equals("all");
        // One entry per open block: the loop being scanned, or null for a block or if.
        Deque<Open> open = new ArrayDeque<>();
        Deque<Open> loops = new ArrayDeque<>();
        CodeReader r = new CodeReader(body.bytes(), body.codeStart(), body.codeEnd());
        while (r.hasNext()) {
            Instruction in = r.next();
            Opcode op = in.op;
            switch (op) {
                case BLOCK: case IF: case TRY_TABLE: case TRY:
                    open.push(new Open(-1, -1, false));
                    break;
                case LOOP: {
                    for (Open l : loops) l.innermost = false;
                    Open l = new Open(in.offsetInCode, r.position(), in.blockType.isEmpty());
                    open.push(l);
                    loops.push(l);
                    continue;
                }
                case END: {
                    if (open.isEmpty()) break; // the function's end
                    Open o = open.pop();
                    if (o.offset < 0) break;
                    loops.pop();
                    int factor = counted.versions().containsKey(o.offset) ? 2
                            : off ? 1 : factor(o, in.offsetInCode - o.bodyStart, all, countedTests);
                    if (factor > 1) {
                        factors.put(o.offset, factor);
                        extra += (factor - 1) * (in.offsetInCode - o.bodyStart);
                        CountedLoops.Guard g = counted.guards().get(o.offset);
                        if (g != null && GUARDS) { // CountedLoops guards no versioned loop
                            guards.put(o.offset, g);
                            // One more copy: the loop that finishes after the last group.
                            extra += in.offsetInCode - o.bodyStart;
                        }
                    }
                    break;
                }
                default:
                    break;
            }
            if (op.prefix == 0xFD || op == Opcode.CALL || op == Opcode.CALL_INDIRECT || op == Opcode.CALL_REF
                    || op == Opcode.RETURN_CALL || op == Opcode.RETURN_CALL_INDIRECT || op == Opcode.RETURN_CALL_REF
                    || op == Opcode.MEMORY_GROW || op == Opcode.TRY_TABLE || op == Opcode.TRY || op == Opcode.THROW
                    || op == Opcode.THROW_REF || op == Opcode.RETHROW) {
                for (Open l : loops) l.clean = false;
            }
            // The last instructions of each open loop (a loop's own end is not among them: it was popped).
            if (!loops.isEmpty()) {
                Seen seen = new Seen(in);
                for (Open l : loops) l.recent.add(seen);
            }
        }
        return factors.isEmpty() ? Plan.NONE : new Plan(factors, extra, counted.versions(), guards);
    }

    private static int factor(Open l, int bodyBytes, boolean all, Set<Integer> countedTests) {
        if (!l.eligible || !l.innermost || !l.clean) return 1;
        if (bodyBytes > (all ? 4096 : MAX_BODY)) return 1;
        Seen backEdge = l.recent.back(0), test = l.recent.back(1);
        if (backEdge == null || backEdge.op() != Opcode.BR_IF || backEdge.index() != 0) return 1;
        if (!all && (looksCounted(l, test) || test != null && countedTests.contains(test.offset()))) return 1;
        return COPIES;
    }

    /** Whether C2 probably counts the loop whose back edge tests {@code test} (see the class comment). */
    private static boolean looksCounted(Open l, Seen test) {
        if (test == null) return false;
        switch (test.op()) {
            case I32_LT_S: case I32_GT_S: case I32_LE_S: case I32_GE_S:
                return true;
            case I32_NE: case LOCAL_TEE: case LOCAL_GET: // a plain i32 is tested against zero: "!= 0"
                // Stepped by one: "i32.const ±1, i32.add/sub" among the few instructions before the test.
                for (int back = 2; back <= 4; back++) {
                    Seen add = l.recent.back(back), c = l.recent.back(back + 1);
                    if (add == null || c == null) break;
                    if ((add.op() == Opcode.I32_ADD || add.op() == Opcode.I32_SUB) && c.op() == Opcode.I32_CONST
                            && Math.abs((int) c.value()) == 1) {
                        return true;
                    }
                }
                return false;
            default:
                return false;
        }
    }
}
