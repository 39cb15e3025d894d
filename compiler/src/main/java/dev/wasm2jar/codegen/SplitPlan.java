package dev.wasm2jar.codegen;

import dev.wasm2jar.binary.CodeReader;
import dev.wasm2jar.model.FuncType;
import dev.wasm2jar.model.FunctionBody;
import dev.wasm2jar.model.Instruction;
import dev.wasm2jar.model.Module;
import dev.wasm2jar.model.Opcode;
import dev.wasm2jar.model.ValType;
import dev.wasm2jar.validate.OpcodeSignatures;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a function too big for one JIT-able JVM method is cut into several, decided from size
 * estimates before any code is emitted. Blocks, loops and ifs (or runs of instructions between
 * points where the operand stack of their frame is empty) become {@link Region}s, each compiled
 * into its own static method {@code f<i>$s<k>(long[] frame, Object[] refs, Inst)}; see
 * {@link FunctionCompiler} for the calling convention.
 *
 * <p>The plan works bottom-up: a structure whose estimated bytecode exceeds {@link #BUDGET} first
 * outlines its largest nested structures (so a hot inner loop stays whole inside the method of the
 * structure around it), then, if still too big, runs of its own straight-line code. A switch
 * nest (an interpreter's dispatch) is the exception: its arms are outlined instead of its levels
 * ({@link #decideSwitch}).
 */
final class SplitPlan {
    /**
     * Estimated JVM bytes per byte of Wasm code, tried in this order. C compiled by clang
     * translates to 1.2 to 2.4 bytes per byte (about 1.9 for big functions), so most functions are
     * planned with 2 and the methods of those that might not fit are measured once generated
     * ({@link CodeClassGenerator}); when one is over HotSpot's limit the function is planned again
     * with the next factor. The last allows 4.2 bytes per byte with {@link #BUDGET}, more than any
     * code seen (loads and stores with offsets, the densest, make 3.0) while parts keep their
     * locals in JVM locals. A local a part keeps in the frame takes 5 bytes to read and 9 to
     * write, so the methods of the last factor's plan are measured too, and when one is still too
     * big the function is planned once more with every local of a part in JVM locals. Planning
     * with 3 alone cut musl's printf_core into 10 methods where 3 fit, and each part call moves
     * locals through the frame.
     */
    static final int[] FACTORS = {2, 3, 4};
    /**
     * Estimated JVM bytes of a SIMD instruction and of a v128 local.get/set/tee: far more than
     * their Wasm bytes times a factor (a lane-wise f32x4 instruction computes four lanes,
     * see {@link SimdLanes}; measured 30 to 50).
     */
    static final int SIMD_COST = 48, V128_LOCAL_COST = 24;
    /**
     * Estimated JVM bytes a method may hold (HotSpot does not JIT methods over 8000 bytes; the
     * measurement catches what the estimate misses). Fewer, bigger parts pay: printf_core in 3
     * methods instead of 5 made the strings kernel 3.73 -> 3.23 s, nothing else moved. The
     * property {@code wasm2jar.split.budget} lowers it (and the thresholds with it) so that tests
     * can split every function of the spec suite.
     */
    static final int BUDGET = Integer.getInteger("wasm2jar.split.budget", 7500);
    /** Functions smaller than this (estimated) are never split: the common path is unchanged. */
    static final int THRESHOLD = BUDGET * 14 / 11;
    /** Regions smaller than this are not worth a method. */
    private static final int MIN_REGION = Math.min(400, BUDGET / 8);
    /** Tiny test budgets: outline whatever is allowed, even where the call costs more than it saves. */
    static final boolean STRESS = BUDGET < 1000;
    /** Estimated bytes to move one local into or out of the frame. */
    private static final int PER_LOCAL = 9;
    private static final int CALL_BASE = 40;

    /** An outlined part of the function: the instructions {@code [start, end)} of one frame. */
    static final class Region {
        int id;
        final int start, end;
        /** Values taken from the enclosing frame's stack (if: parameters, then the condition) and left on it. */
        final List<ValType> inputs, outputs;
        /** Label types of the enclosing control frames, the function's first. */
        final List<List<ValType>> enclosing;
        /** Wasm locals read or written inside, and written inside. */
        BitSet used = new BitSet(), written = new BitSet();
        /** Branch codes the method may return besides 0: -1 return, d + 1 branch to enclosing depth d. */
        final BitSet escapes = new BitSet();
        boolean returns;
        /** An inner loop outlined to be compiled on its own: its method must not be inlined (see {@link RunOnce}). */
        boolean isolated;

        Region(int start, int end, List<ValType> inputs, List<ValType> outputs, List<List<ValType>> enclosing) {
            this.start = start;
            this.end = end;
            this.inputs = inputs;
            this.outputs = outputs;
            this.enclosing = enclosing;
        }

        int size() {
            return end - start;
        }
    }

    final List<Region> regions = new ArrayList<>();
    /** Regions by start offset, outermost first (a range may start with an outlined block). */
    final Map<Integer, List<Region>> byStart = new HashMap<>();
    /** Frame slots: the Wasm locals (a v128 takes two), then values passed in and out. */
    final int[] frameSlot;
    final int transferBase;
    int frameSize;
    /** Some local or value passed between parts is a reference: the frame needs its Object[] half. */
    boolean needsRefs;
    /** Outline inner loops whatever the size (a function that runs once, see {@link RunOnce}). */
    private boolean innerLoops;
    private LoopUnroll.Plan unroll = LoopUnroll.Plan.NONE;
    /** Estimated JVM bytes per Wasm byte (one of {@link #FACTORS}). */
    private int factor = FACTORS[FACTORS.length - 1];

    private final ValType[] localTypes;
    /** Parts keep in the frame the locals their own loops do not touch (see {@link #directLocals}). */
    private boolean frameLocals;

    private SplitPlan(ValType[] locals) {
        localTypes = locals;
        frameSlot = new int[locals.length];
        int n = 0;
        for (int i = 0; i < locals.length; i++) {
            needsRefs |= locals[i].isRef();
            frameSlot[i] = n;
            n += SimdTypes.isV128(locals[i]) ? 2 : 1;
        }
        transferBase = n;
    }

    /**
     * The Wasm locals that the method of {@code within} (null: the function's own) keeps in JVM
     * locals: those it touches with its own instructions, not counting those of the parts it calls,
     * and in a part only those its own loops touch: {read or written, written}.
     */
    BitSet[] directLocals(FunctionBody body, Region within) {
        BitSet used = new BitSet(), written = new BitSet(), inLoop = new BitSet();
        int end = within == null ? body.codeEnd() : within.end;
        CodeReader r = new CodeReader(body.bytes(), within == null ? body.codeStart() : within.start, end);
        ArrayDeque<Boolean> loops = new ArrayDeque<>();
        int depth = 0;
        while (r.hasNext()) {
            Region sub = regionAt(r.position(), within);
            if (sub != null) {
                r = new CodeReader(body.bytes(), sub.end, end);
                continue;
            }
            Instruction in = r.next();
            switch (in.op) {
                case BLOCK: case IF: case TRY: case TRY_TABLE: loops.push(false); break;
                case LOOP: loops.push(true); depth++; break;
                case END: if (!loops.isEmpty() && loops.pop()) depth--; break;
                case LOCAL_SET: case LOCAL_TEE: written.set(in.index); // and as a get:
                case LOCAL_GET:
                    used.set(in.index);
                    if (depth > 0) inLoop.set(in.index);
                    break;
                default: break;
            }
        }
        // In a part, a local its own loops do not touch stays in the frame: reading it there costs
        // what loading it on entry would, and a part that runs once per call (a switch arm, a
        // stretch of straight-line code) then moves nothing it does not touch. Lua's dispatch
        // crossed up to seven parts per bytecode, each moving some 20 locals in and out.
        if (within != null && frameLocals) {
            for (int i = 0; i < localTypes.length; i++) if (SimdTypes.isV128(localTypes[i])) inLoop.set(i);
            used.and(inLoop);
            written.and(inLoop);
        }
        return new BitSet[] {used, written};
    }

    /** {@code -Dwasm2jar.frame-locals=off}: parts keep every local they touch in a JVM local. */
    private static final boolean FRAME_LOCALS = !"off".equals(System.getProperty("wasm2jar.frame-locals"));

    /** The outermost region starting at {@code offset} strictly inside {@code within} (null: the function), or null. */
    Region regionAt(int offset, Region within) {
        List<Region> l = byStart.get(offset);
        if (l == null) return null;
        for (Region r : l) if (within == null || r.size() < within.size()) return r;
        return null;
    }

    // ---- the structure tree ----

    private static final class Node {
        final Node parent;
        final Opcode kind; // BLOCK, LOOP, IF, or null for the function
        final FuncType type;
        final int start;
        int end;
        final List<Item> items = new ArrayList<>();
        final BitSet used = new BitSet(), written = new BitSet();
        /** Values on this frame's stack, counted as Wasm values (a v128 is one), or -1 when not known. */
        int height;
        /** The block type's parameter and result counts in Wasm values. */
        int wasmParams, wasmResults;
        /** Loops around this node (itself included), and whether a loop is nested inside it. */
        int loopDepth;
        boolean containsLoop;
        /** Known not to be the outermost level of a switch nest (see {@link #switchNest}). */
        boolean notSwitch;

        Node(Node parent, Opcode kind, FuncType type, int start) {
            this.parent = parent;
            this.kind = kind;
            this.type = type;
            this.start = start;
            this.loopDepth = (parent == null ? 0 : parent.loopDepth) + (kind == Opcode.LOOP ? 1 : 0);
        }

        List<ValType> labelTypes() {
            return kind == Opcode.LOOP ? type.params() : type.results();
        }
    }

    /** One instruction of a frame, or a whole nested structure; else/end are barriers. */
    private static final class Item {
        final int start;
        final Opcode op;
        int end;
        Node child;
        int local = -1;
        /** The label depth of a {@code br_if}. */
        int label;
        boolean writes, barrier;
        /** The frame's stack is empty (and reachable) before this item: a region may start or end here. */
        boolean zeroBefore;
        long cost;
        /** Estimated bytes when not proportional to the Wasm size (big br_tables live in helpers), or -1. */
        long fixedCost = -1;
        boolean outlined;

        Item(int start, Opcode op) {
            this.start = start;
            this.op = op;
        }
    }

    /**
     * Whether a function is split. Not when it has very many locals but may still fit one method:
     * its frame (a heap array per call) would then outgrow its JVM stack frame, and runaway
     * recursion would exhaust the heap instead of the call stack.
     */
    static boolean needed(FunctionBody body, long declaredLocals, int simdInstructions, LoopUnroll.Plan unroll, int factor) {
        long estimate = estimate(body, simdInstructions, unroll.extraBytes(), factor);
        // Judged by the likely size, whatever factor is being tried, so that no plan splits it.
        if (declaredLocals > 512 && estimate(body, simdInstructions, 0, FACTORS[0]) < 60_000 && !STRESS) return false;
        return estimate > THRESHOLD;
    }

    /** Estimated JVM bytes of a whole function whose loop copies add {@code extraBytes} of Wasm. */
    static long estimate(FunctionBody body, int simdInstructions, int extraBytes, int factor) {
        return (long) (body.codeEnd() - body.codeStart() + extraBytes) * factor + (long) simdInstructions * SIMD_COST;
    }

    /**
     * Plans the parts of a function: outlining until every method fits, and with {@code innerLoops}
     * also every innermost loop that has a loop around it (see {@link RunOnce} for why).
     */
    static SplitPlan plan(Module module, int funcIndex, FunctionBody body, ValType[] localTypes, boolean innerLoops,
                          LoopUnroll.Plan unroll, int factor, boolean frameLocals) {
        FuncType ft = SimdTypes.flat(module.functionType(funcIndex));
        Node root = new Node(null, null, ft, body.codeStart());
        root.height = 0;
        int maxTransfer = Math.max(1, ft.results().size());
        boolean refs = hasRef(ft.results());
        Node cur = root;
        CodeReader r = new CodeReader(body.bytes(), body.codeStart(), body.codeEnd());
        while (r.hasNext()) {
            Instruction in = r.next();
            int end = r.position();
            Opcode op = in.op;
            Item it = new Item(start(in), op);
            it.end = end;
            it.zeroBefore = cur.height == 0;
            switch (op) {
                case BLOCK: case LOOP: case IF: {
                    FuncType wasm = in.blockType.resolve(module);
                    FuncType bt = SimdTypes.flat(wasm);
                    maxTransfer = Math.max(maxTransfer, Math.max(bt.params().size() + 1, bt.results().size()));
                    refs |= hasRef(bt.params()) || hasRef(bt.results());
                    Node n = new Node(cur, op, bt, in.offsetInCode);
                    n.wasmParams = n.height = wasm.params().size();
                    n.wasmResults = wasm.results().size();
                    if (op == Opcode.LOOP) for (Node x = cur; x != null; x = x.parent) x.containsLoop = true;
                    it.child = n;
                    cur.items.add(it);
                    if (cur.height >= 0) cur.height -= n.wasmParams + (op == Opcode.IF ? 1 : 0);
                    cur = n;
                    continue;
                }
                case ELSE:
                    it.barrier = true;
                    cur.items.add(it);
                    cur.height = cur.wasmParams;
                    continue;
                case END: {
                    it.barrier = true;
                    cur.items.add(it);
                    cur.end = end;
                    Node done = cur;
                    cur = cur.parent;
                    if (cur == null) continue;
                    Item owner = cur.items.get(cur.items.size() - 1);
                    owner.end = end;
                    cur.used.or(done.used);
                    cur.written.or(done.written);
                    if (cur.height >= 0) cur.height += done.wasmResults;
                    continue;
                }
                case LOCAL_GET: case LOCAL_SET: case LOCAL_TEE:
                    if (SimdTypes.isV128(localTypes[in.index])) it.fixedCost = V128_LOCAL_COST;
                    it.local = in.index;
                    it.writes = op != Opcode.LOCAL_GET;
                    cur.used.set(in.index);
                    if (it.writes) cur.written.set(in.index);
                    break;
                case BR_TABLE:
                    if (in.targets.length > BrTables.BIG) it.fixedCost = 300;
                    break;
                case BR_IF:
                    it.label = in.index;
                    break;
                default:
                    if (op.prefix == 0xFD) it.fixedCost = SIMD_COST;
                    break;
            }
            cur.items.add(it);
            if (cur.height >= 0) {
                int e = effect(module, in);
                cur.height = e < 0 ? -1 : cur.height - (e >> 8) + (e & 0xFF);
            }
        }
        SplitPlan p = new SplitPlan(localTypes);
        p.frameSize = p.transferBase + maxTransfer;
        p.needsRefs |= refs;
        p.innerLoops = innerLoops;
        p.frameLocals = frameLocals && FRAME_LOCALS;
        p.unroll = unroll;
        p.factor = factor;
        p.decide(root);
        if (p.regions.isEmpty()) return null;
        p.regions.sort(Comparator.comparingInt((Region x) -> x.start).thenComparingInt(x -> -x.size()));
        for (int i = 0; i < p.regions.size(); i++) {
            Region x = p.regions.get(i);
            x.id = i;
            p.byStart.computeIfAbsent(x.start, k -> new ArrayList<>()).add(x);
            scanRegion(body, x);
        }
        return p;
    }

    private static boolean hasRef(List<ValType> ts) {
        for (ValType t : ts) if (t.isRef()) return true;
        return false;
    }

    private static int start(Instruction in) {
        return in.offsetInCode;
    }

    /**
     * {@code pops << 8 | pushes} in Wasm values (a v128 is one) of an instruction whose effect does
     * not depend on the stack, or -1.
     */
    static int effect(Module m, Instruction in) {
        Opcode op = in.op;
        FuncType sig = op.prefix == 0xFD ? OpcodeSignatures.simd(op) : OpcodeSignatures.of(op);
        if (sig != null) return sig.params().size() << 8 | sig.results().size();
        OpcodeSignatures.MemoryAccess ma = OpcodeSignatures.memoryAccess(op);
        if (ma != null) return ma.store() ? 2 << 8 : 1 << 8 | 1;
        switch (op) {
            case NOP: case DATA_DROP: case ELEM_DROP: return 0;
            case LOCAL_GET: case GLOBAL_GET: case MEMORY_SIZE: case REF_NULL: case REF_FUNC: case TABLE_SIZE: return 1;
            case LOCAL_SET: case GLOBAL_SET: case DROP: case BR_IF: return 1 << 8;
            case LOCAL_TEE: case MEMORY_GROW: case REF_IS_NULL: case TABLE_GET: return 1 << 8 | 1;
            case SELECT: case SELECT_T: return 3 << 8 | 1;
            case TABLE_SET: return 2 << 8;
            case TABLE_GROW: return 2 << 8 | 1;
            case MEMORY_FILL: case MEMORY_COPY: case MEMORY_INIT: case TABLE_FILL: case TABLE_COPY: case TABLE_INIT: return 3 << 8;
            case CALL: {
                FuncType t = m.functionType(in.index);
                return t.params().size() << 8 | t.results().size();
            }
            case CALL_INDIRECT: {
                FuncType t = m.funcType(in.index);
                return (t.params().size() + 1) << 8 | t.results().size();
            }
            default:
                return -1; // br, br_table, return, unreachable, unknown: nothing is known until the frame ends
        }
    }

    // ---- decisions ----

    /**
     * A call site moves only the caller's own locals (the others stay in the frame), so its cost is
     * bounded whatever the part touches.
     */
    private static long callCost(BitSet used, BitSet written) {
        return CALL_BASE + (long) PER_LOCAL * Math.min(used.cardinality() + written.cardinality(), 24);
    }

    /** A part's method loads the locals it uses at entry and stores those it writes at its exit. */
    private static long entryExitCost(BitSet used, BitSet written) {
        return (long) PER_LOCAL * (used.cardinality() + written.cardinality());
    }

    /** Outlines inside {@code n} until it fits; returns its estimated size inline. */
    private long decide(Node n) {
        long total = 0;
        for (Item it : n.items) total += itemCost(n, it);
        if (total <= BUDGET) return total;
        List<Item> children = new ArrayList<>();
        for (Item it : n.items) if (it.child != null) children.add(it);
        children.sort(Comparator.comparingLong((Item it) -> -it.cost));
        for (Item it : children) {
            if (it.outlined) continue;
            if (total <= BUDGET || it.cost < MIN_REGION) break;
            long call = callCost(it.child.used, it.child.written);
            if (call * 2 > it.cost && !STRESS) continue;
            outline(n, it);
            total += call - it.cost;
            it.cost = call;
        }
        if (total > BUDGET) total = outlineRuns(n, 0, total);
        return total;
    }

    /** Decides what is inside item {@code it} of {@code n} and sets its estimated size inline. */
    private long itemCost(Node n, Item it) {
        List<Node> nest = it.child != null && frameLocals ? switchNest(it.child) : null;
        it.cost = nest != null ? decideSwitch(n, it, nest)
                : it.child != null ? decide(it.child) * unroll.factor(it.child.start)
                : it.fixedCost >= 0 ? it.fixedCost : (long) (it.end - it.start) * factor;
        if (innerLoops && !it.outlined && (isInnerLoop(it.child) || isPhaseLoop(it.child))) {
            outline(n, it).isolated = true;
            it.cost = callCost(it.child.used, it.child.written);
        }
        return it.cost;
    }

    // ---- switch nests ----

    /**
     * Levels a nest needs before {@link #decideSwitch} treats it as a switch (a handful under the
     * tests' tiny budgets, so that the spec suite exercises it).
     */
    private static final int SWITCH_MIN_LEVELS = STRESS ? 3 : 16;

    /**
     * The levels of the switch nest whose outermost block is {@code c}, outermost first, or null.
     * A C {@code switch} compiles to nested blocks with a {@code br_table} in the innermost: each
     * block's first item is the next block, and the code after it, up to the block's end, is the
     * arm of the cases that branch there. An interpreter's dispatch is such a nest, a level per
     * opcode: 83 in Lua's {@code luaV_execute}, 188 in SQLite's {@code sqlite3VdbeExec}.
     */
    private static List<Node> switchNest(Node c) {
        if (c.notSwitch) return null;
        List<Node> levels = new ArrayList<>();
        for (Node x = c; x != null && x.kind == Opcode.BLOCK && !x.items.isEmpty(); x = x.items.get(0).child) levels.add(x);
        if (levels.size() >= SWITCH_MIN_LEVELS) {
            for (Item it : levels.get(levels.size() - 1).items) if (it.op == Opcode.BR_TABLE) return levels;
        }
        // Nor is any level below, which has the same innermost level and fewer above it: each is
        // asked once, so a deep chain of blocks costs its depth, not its square.
        for (Node x : levels) x.notSwitch = true;
        return null;
    }

    /**
     * Plans a switch nest (item {@code top} of {@code n}) that does not fit one method: each arm
     * becomes a part, and the nest with its dispatch a part that calls them. The generic plan
     * outlines the biggest block, which here is the next level of the nest, so a case deep in the
     * nest crossed a call per part (SQLite's VDBE: 22 parts deep, Lua's: 7). Now a case costs two
     * calls, into the dispatch part and from it into the arm, and one more per level cut off when
     * the arms' call sites do not fit one method (SQLite: one or two). The dispatch part has no
     * loops of its own, so it keeps every local in the frame and a call from it to an arm moves
     * none (see {@link #directLocals}): its call sites are small. Returns the nest's estimated
     * size inline.
     */
    private long decideSwitch(Node n, Item top, List<Node> levels) {
        // The size of each level's own items: the innermost's all, another's its arm (item 0 is
        // the level below).
        int innermost = levels.size() - 1;
        long[] own = new long[levels.size()];
        long inline = 0;
        for (int l = innermost; l >= 0; l--) {
            Node level = levels.get(l);
            for (int i = l == innermost ? 0 : 1; i < level.items.size(); i++) own[l] += itemCost(level, level.items.get(i));
            if (l < innermost) level.items.get(0).cost = inline;
            inline += own[l];
        }
        if (inline <= BUDGET) return inline;
        long below = own[innermost]; // the size of the level below, as its parent holds it
        if (below > BUDGET) below = outlineRuns(levels.get(innermost), 0, below);
        for (int l = innermost - 1; l >= 0; l--) {
            Node level = levels.get(l);
            List<Item> items = level.items;
            long arm = own[l];
            int last = items.size() - (items.get(items.size() - 1).barrier ? 2 : 1);
            // An arm leaves nothing on the stack: a level with results keeps its arm. An arm
            // that is one structure already outlined (an isolated loop) is a part already.
            boolean onePart = last == 1 && items.get(1).outlined;
            if (last >= 1 && items.get(1).zeroBefore && level.wasmResults == 0 && arm >= ARM_MIN && !onePart) {
                regions.add(new Region(items.get(1).start, items.get(last).end, List.of(), List.of(), enclosing(level)));
                if (arm > BUDGET) outlineRuns(level, 1, arm);
                arm = dispatchCall();
            }
            // Too many arms for one method: the level below becomes a part of its own. It has
            // no loops either, so this call too moves no locals.
            if (below + arm > BUDGET) {
                outline(level, items.get(0));
                below = items.get(0).cost = dispatchCall();
            }
            below += arm;
        }
        outline(n, top);
        return callCost(top.child.used, top.child.written);
    }

    /**
     * Estimated bytes of a call from a dispatch part, which moves no locals: the call, the
     * memory's reload and the test of its branch code, 45 in SQLite's. It grows with the size
     * factor, so that when a dispatch part is measured too big the next plan gives its calls more
     * room. Else every factor fails alike and the last plan is used, which keeps every level's
     * locals in JVM locals and splits the nest level by level: with every case outlined (a trial
     * setting) SQLite took 33 s instead of 12.
     */
    private long dispatchCall() {
        return 20L * factor;
    }

    /** Arms smaller than this stay in the dispatch part: a call would cost about as much. */
    private static final int ARM_MIN = Math.min(160, BUDGET / 8);

    /**
     * An innermost loop with a loop around it whose trip count is set by the code around it: it
     * compares something it changes with something it does not (a constant or a local it never
     * writes), the shape of loops over a data dimension (matmul's row, mandelbrot's iterations).
     * Loops that move both sides or test what they find (fannkuch's flips, searches) usually run a
     * few iterations per entry, where a call per entry would cost more than it saves.
     */
    private static boolean isInnerLoop(Node c) {
        return c != null && c.kind == Opcode.LOOP && c.loopDepth >= 2 && !c.containsLoop && boundedByInvariant(c, c, -1);
    }

    /** {@code -Dwasm2jar.phases=off} keeps phase loops inline (to measure what outlining them gains). */
    private static final boolean PHASES = !"off".equals(System.getProperty("wasm2jar.phases"));

    /**
     * A phase of a function that runs once: a loop directly inside its outermost loop, with loops
     * of its own, whose own exit or back edge counts to a bound set outside it (strings' insert,
     * look-up and concatenation rounds; matmul's row loop). As a method of its own, an on-stack
     * compile covers one phase instead of the whole function (strings' main took eleven C2 OSR
     * compiles of 5,400 bytes each), and a de-optimization in one phase leaves the others compiled.
     * A loop whose counted test only leaves an inner block (fannkuch's flips: a loop per
     * permutation, ended by what it finds in memory) stays inline: a call per entry costs more.
     */
    private static boolean isPhaseLoop(Node c) {
        return PHASES && c != null && c.kind == Opcode.LOOP && c.loopDepth == 2 && c.containsLoop && boundedByInvariant(c, c, 0);
    }

    private static final int UNKNOWN = 0, INVARIANT = 1, VARIANT = 2, COUNTED = 3;

    /**
     * Looks for {@code br_if} on a comparison of a variant and an invariant value of {@code loop}.
     * With {@code depth} -1, anywhere inside; otherwise (the nesting depth of {@code n} below the
     * loop) only outside nested loops, and only a branch that continues or leaves the loop itself.
     */
    private static boolean boundedByInvariant(Node n, Node loop, int depth) {
        List<Integer> st = new ArrayList<>();
        for (Item it : n.items) {
            if (it.child != null) {
                boolean follow = depth < 0 || it.child.kind != Opcode.LOOP;
                if (follow && boundedByInvariant(it.child, loop, depth < 0 ? -1 : depth + 1)) return true;
                st.clear();
                continue;
            }
            int a, b;
            switch (it.op) {
                case LOCAL_GET: st.add(loop.written.get(it.local) ? VARIANT : INVARIANT); break;
                case LOCAL_TEE: if (!st.isEmpty()) st.set(st.size() - 1, VARIANT); break;
                case LOCAL_SET: case DROP: pop(st); break;
                case I32_CONST: case I64_CONST: st.add(INVARIANT); break;
                case I32_ADD: case I32_SUB: case I32_MUL: case I32_AND: case I32_OR: case I32_XOR:
                case I32_SHL: case I32_SHR_S: case I32_SHR_U:
                case I64_ADD: case I64_SUB: case I64_MUL: case I64_AND: case I64_OR: case I64_XOR:
                case I64_SHL: case I64_SHR_S: case I64_SHR_U:
                    b = pop(st);
                    a = pop(st);
                    st.add(a == INVARIANT && b == INVARIANT ? INVARIANT : VARIANT);
                    break;
                case I32_WRAP_I64: case I64_EXTEND_I32_S: case I64_EXTEND_I32_U:
                    break;
                case I32_EQ: case I32_NE: case I32_LT_S: case I32_LT_U: case I32_GT_S: case I32_GT_U:
                case I32_LE_S: case I32_LE_U: case I32_GE_S: case I32_GE_U:
                case I64_EQ: case I64_NE: case I64_LT_S: case I64_LT_U: case I64_GT_S: case I64_GT_U:
                case I64_LE_S: case I64_LE_U: case I64_GE_S: case I64_GE_U:
                    b = pop(st);
                    a = pop(st);
                    st.add(a + b == INVARIANT + VARIANT && a != UNKNOWN && b != UNKNOWN ? COUNTED : VARIANT);
                    break;
                case BR_IF:
                    if (pop(st) == COUNTED && (depth < 0 || it.label >= depth)) return true;
                    break;
                default:
                    st.clear(); // an effect this scan does not follow: what is below is unknown
                    break;
            }
        }
        return false;
    }

    private static int pop(List<Integer> st) {
        return st.isEmpty() ? UNKNOWN : st.remove(st.size() - 1);
    }

    /** Makes the structure of item {@code it} of {@code n} a part of its own. */
    private Region outline(Node n, Item it) {
        Node c = it.child;
        List<ValType> in = new ArrayList<>(c.type.params());
        if (c.kind == Opcode.IF) in.add(ValType.I32);
        Region r = new Region(c.start, c.end, in, c.type.results(), enclosing(n));
        regions.add(r);
        it.outlined = true;
        return r;
    }

    /**
     * Groups runs of items between empty-stack points into regions until {@code n} fits, from
     * item {@code from} on (the items before stay: the next level of a switch nest).
     */
    private long outlineRuns(Node n, int from, long total) {
        List<Item> items = n.items;
        int s = -1;
        long acc = 0;
        BitSet used = new BitSet(), written = new BitSet();
        for (int i = from; i < items.size() && total > BUDGET; i++) {
            Item it = items.get(i);
            if (it.zeroBefore && s >= 0 && (acc + entryExitCost(used, written) >= BUDGET / 2 || it.barrier) && i - s > 1) {
                long call = callCost(used, written);
                // From item 1 to the end is a switch arm, already a part of its own.
                boolean wholeArm = from > 0 && s == from && it.barrier;
                if (acc >= MIN_REGION && (call * 2 < acc || STRESS) && !wholeArm) {
                    regions.add(new Region(items.get(s).start, items.get(i - 1).end, List.of(), List.of(), enclosing(n)));
                    total += call - acc;
                }
                s = -1;
            }
            if (it.barrier) {
                s = -1;
                continue;
            }
            if (s < 0) {
                if (!it.zeroBefore) continue;
                s = i;
                acc = 0;
                used.clear();
                written.clear();
            }
            acc += it.cost;
            if (it.child != null) {
                used.or(it.child.used);
                written.or(it.child.written);
            } else if (it.local >= 0) {
                used.set(it.local);
                if (it.writes) written.set(it.local);
            }
        }
        return total;
    }

    /** Label types of {@code n} and the frames around it, outermost first. */
    private static List<List<ValType>> enclosing(Node n) {
        List<List<ValType>> out = new ArrayList<>();
        for (Node x = n; x != null; x = x.parent) out.add(0, x.labelTypes());
        return out;
    }

    /** Locals and escaping branches of a region: one pass over its instructions. */
    private static void scanRegion(FunctionBody body, Region x) {
        CodeReader r = new CodeReader(body.bytes(), x.start, x.end);
        int level = 0, outer = x.enclosing.size();
        while (r.hasNext()) {
            Instruction in = r.next();
            switch (in.op) {
                case BLOCK: case LOOP: case IF: level++; break;
                case END: level--; break;
                case LOCAL_GET: x.used.set(in.index); break;
                case LOCAL_SET: case LOCAL_TEE: x.used.set(in.index); x.written.set(in.index); break;
                case RETURN: x.returns = true; break;
                case BR: case BR_IF: escape(x, in.index, level, outer); break;
                case BR_TABLE:
                    for (int t : in.targets) escape(x, t, level, outer);
                    escape(x, in.index, level, outer);
                    break;
                default: break;
            }
        }
    }

    private static void escape(Region x, int depth, int level, int outer) {
        if (depth < level) return;
        int d = depth - level; // depth seen from the region's enclosing frame
        if (d >= outer - 1) x.returns = true;
        else x.escapes.set(d);
    }
}
