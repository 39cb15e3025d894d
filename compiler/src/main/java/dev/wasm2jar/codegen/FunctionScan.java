package dev.wasm2jar.codegen;

import dev.wasm2jar.binary.CodeReader;
import dev.wasm2jar.error.UnsupportedFeatureException;
import dev.wasm2jar.model.FunctionBody;
import dev.wasm2jar.model.Instruction;
import dev.wasm2jar.model.Module;
import dev.wasm2jar.model.Opcode;
import dev.wasm2jar.model.ValType;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A quick pass over one function body before anything is generated: which features it needs,
 * whether it touches linear memory bytes, which call_indirect dispatchers it calls, and an upper
 * bound of the constant-pool entries its method adds to a class, so that code classes can be
 * planned before any code is emitted (a class holds at most 65,535 entries).
 */
final class FunctionScan {
    /** Entries every method may add (runtime methods, VarHandles, descriptors...), counted once per method. */
    private static final int BASE_POOL = 40;

    /** Memories whose bytes the function loads or stores (their byte[] is cached in a local). */
    final java.util.BitSet memoryBytes = new java.util.BitSet();
    boolean hasCalls;
    int poolEstimate;
    int codeSize;
    /** How the function is cut into several methods, or null when it is one. */
    SplitPlan plan;
    /** The loops emitted unrolled. */
    LoopUnroll.Plan unroll = LoopUnroll.Plan.NONE;
    /** Loop exit compares emitted as another compare, by offset (see {@link CountedLoops}). */
    Map<Integer, Opcode> countedTests = Map.of();
    /** The selects emitted as branches, by offset (see {@link IndexSelects}). */
    Set<Integer> indexSelects = Set.of();
    /**
     * The plan may come out too big (a size factor smaller than the trusted one, or parts with
     * locals in the frame): the generated methods must be measured, and the function planned again
     * if one is too big ({@link #replan}).
     */
    boolean checkSize;
    private int factorStep;
    private boolean runsOnce;
    /** The loops that are unrolled if the function stays one method ({@link #unroll} then). */
    private LoopUnroll.Plan copies;
    /** Direct call sites: callee function index, negated when the call is inside a loop. */
    final List<Integer> calls = new java.util.ArrayList<>();
    /** Functions this body takes a reference to ({@code ref.func}). */
    final Set<Integer> refFuncs = new HashSet<>();
    /** A loop inside a loop. */
    boolean nestedLoops;
    /** The body has {@code memory.grow} (see {@link MemoryGrowth}). */
    boolean growsMemory;
    /** The body changes a table: {@code table.set}, {@code .grow}, {@code .fill}, {@code .copy} or {@code .init}. */
    boolean changesTables;
    /** SIMD instructions (0xFD prefix): they compile to much more bytecode than others. */
    int simdInstructions;
    /** Keys ({@link ModuleLayout#dispatchKey}) of the call_indirect dispatchers used. */
    final Set<Long> indirect = new HashSet<>();

    static FunctionScan scan(Module module, int funcIndex, FunctionBody body, int[] canonicalType) {
        FunctionScan s = new FunctionScan();
        s.codeSize = body.codeEnd() - body.codeStart();
        Set<Integer> callees = new HashSet<>();
        Set<Integer> globals = new HashSet<>();
        int constants = 0;
        CodeReader r = new CodeReader(body.bytes(), body.codeStart(), body.codeEnd());
        // Loop depth of each open block (bit k set: block k is a loop), for calls made in loops.
        java.util.BitSet isLoop = new java.util.BitSet();
        int depth = 0, loops = 0;
        while (r.hasNext()) {
            Instruction in = r.next();
            Opcode op = in.op;
            switch (op) {
                case BLOCK: case IF: isLoop.clear(depth++); break;
                case LOOP:
                    isLoop.set(depth++);
                    if (++loops > 1) s.nestedLoops = true;
                    break;
                case END:
                    if (depth > 0 && isLoop.get(--depth)) loops--;
                    break;
                case REF_FUNC: s.refFuncs.add(in.index); break;
                case MEMORY_GROW: s.growsMemory = true; break;
                case TABLE_SET: case TABLE_GROW: case TABLE_FILL: case TABLE_COPY: case TABLE_INIT:
                    s.changesTables = true;
                    break;
                default: break;
            }
            if (op.prefix == 0xFD) s.simdInstructions++;
            String unsupported = unsupportedFeature(op);
            if (unsupported != null) {
                throw new UnsupportedFeatureException(unsupported, "instruction " + op.mnemonic, in.offsetInCode,
                        funcIndex, module.functionName(funcIndex));
            }
            switch (op.imm) {
                case MEMARG: case MEMARG_LANE:
                    s.memoryBytes.set(in.memory);
                    if (in.offset > Short.MAX_VALUE) constants++;
                    break;
                case MEMORY: case MEMORY_INIT: case MEMORY_COPY:
                    constants++;
                    break;
                case I32:
                    if (in.intValue() < Short.MIN_VALUE || in.intValue() > Short.MAX_VALUE) constants++;
                    break;
                case I64: case F64:
                    constants += 2;
                    break;
                case F32:
                    constants++;
                    break;
                case GLOBAL:
                    globals.add(in.index);
                    break;
                default:
                    break;
            }
            if (op == Opcode.CALL) {
                s.hasCalls = true;
                callees.add(in.index);
                s.calls.add(loops > 0 ? -1 - in.index : in.index);
            } else if (op == Opcode.CALL_INDIRECT) {
                s.hasCalls = true;
                ParamSlots.checkIndirect(module, in.index, in.offsetInCode, funcIndex);
                s.indirect.add(ModuleLayout.dispatchKey(canonicalType[in.index], in.index2));
            } else if (op == Opcode.BR_TABLE) {
                constants++;
            }
        }
        // A call: Methodref + NameAndType + name + descriptor; a global: Fieldref + NameAndType + name + type.
        s.poolEstimate = BASE_POOL + 4 * callees.size() + 4 * s.indirect.size() + 4 * globals.size() + constants;
        return s;
    }

    /**
     * Plans the splitting of the function: when it is too big for one JIT-able method, and, for a
     * function that runs once ({@link RunOnce}), to outline its inner loops. Planned first with the
     * likely size factor ({@link SplitPlan#FACTORS}); see {@link #checkSize}.
     */
    void plan(Module module, int funcIndex, FunctionBody body, boolean runsOnce) {
        this.runsOnce = runsOnce;
        CountedLoops.Plan counted = CountedLoops.plan(body, module.functionType(funcIndex).params().size());
        this.countedTests = counted.rewrites();
        this.copies = LoopUnroll.plan(body, counted);
        this.indexSelects = IndexSelects.plan(body);
        planWith(module, funcIndex, body, 0);
        // A part's name and method reference, for as many parts as the last factor could make.
        if (checkSize) {
            long trusted = SplitPlan.estimate(body, simdInstructions, 0, SplitPlan.FACTORS[SplitPlan.FACTORS.length - 1]);
            poolEstimate += 8 * (int) (trusted / SplitPlan.BUDGET + 1);
        }
        else if (plan != null) poolEstimate += 8 * plan.regions.size();
    }

    /**
     * Plans again with the next size factor, after the methods of the current plan came out too
     * big for the JIT, and after the last, with it again but every local of a part in JVM locals.
     * Returns false when that is in use already.
     */
    boolean replan(Module module, int funcIndex, FunctionBody body) {
        if (factorStep + 1 > SplitPlan.FACTORS.length) return false;
        planWith(module, funcIndex, body, factorStep + 1);
        return true;
    }

    private void planWith(Module module, int funcIndex, FunctionBody body, int step) {
        factorStep = step;
        // The step after the last factor plans with it again, with parts that keep every local
        // they touch in JVM locals (frame accesses make a part's code bigger than the estimate).
        int steps = SplitPlan.FACTORS.length;
        int factor = SplitPlan.FACTORS[Math.min(step, steps - 1)];
        boolean frameLocals = step < steps;
        int last = SplitPlan.FACTORS[steps - 1];
        plan = null;
        unroll = LoopUnroll.Plan.NONE;
        boolean innerLoops = runsOnce && nestedLoops;
        // Loops are unrolled only in functions that fit one method with the copies: in a split
        // function the copies' size would cut more parts, and part calls cost more than copies save.
        if (!SplitPlan.needed(body, body.localCount(), simdInstructions, copies, factor)) unroll = copies;
        // Only a function the trusted factor would split can come out too big with a smaller one.
        checkSize = frameLocals && SplitPlan.needed(body, body.localCount(), simdInstructions, unroll, last);
        if (!innerLoops && !SplitPlan.needed(body, body.localCount(), simdInstructions, unroll, factor)) return;
        List<ValType> params = module.functionType(funcIndex).params();
        ValType[] declared = body.expandLocals();
        ValType[] locals = new ValType[params.size() + declared.length];
        for (int i = 0; i < params.size(); i++) locals[i] = params.get(i);
        System.arraycopy(declared, 0, locals, params.size(), declared.length);
        plan = SplitPlan.plan(module, funcIndex, body, locals, innerLoops, unroll, factor, frameLocals);
    }

    /** The feature name of an instruction outside WebAssembly 2.0 without SIMD, or null. */
    static String unsupportedFeature(Opcode op) {
        switch (op.prefix) {
            case 0xFD: return null; // fixed-width and relaxed SIMD: SimdOps
            case 0xFE: return "threads";
            case 0xFB: return "gc";
            default: break;
        }
        switch (op) {
            case TRY: case CATCH: case THROW: case RETHROW: case THROW_REF: case DELEGATE: case CATCH_ALL: case TRY_TABLE:
                return "exceptions";
            case RETURN_CALL: case RETURN_CALL_INDIRECT: case RETURN_CALL_REF:
                return "tail-call";
            case CALL_REF: case REF_AS_NON_NULL: case BR_ON_NULL: case BR_ON_NON_NULL:
                return "function-references";
            case REF_EQ:
                return "gc";
            case I64_ADD128: case I64_SUB128: case I64_MUL_WIDE_S: case I64_MUL_WIDE_U:
                return "wide-arithmetic";
            default:
                return null;
        }
    }
}
