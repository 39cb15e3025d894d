package dev.wasm2jar.codegen;

import dev.wasm2jar.binary.CodeReader;
import dev.wasm2jar.error.UnsupportedFeatureException;
import dev.wasm2jar.model.BlockType;
import dev.wasm2jar.model.FuncType;
import dev.wasm2jar.model.FunctionBody;
import dev.wasm2jar.model.Instruction;
import dev.wasm2jar.model.Module;
import dev.wasm2jar.model.Opcode;
import dev.wasm2jar.model.ValType;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.objectweb.asm.Opcodes.*;

/**
 * Compiles one function body (spec section 4.4) into the static method
 * {@code f<i>(params..., Inst inst)}: locals become JVM locals, the operand stack is modelled by
 * {@link OperandStack}, structured control becomes labels and gotos (section 4.4.8), numeric and
 * memory instructions are delegated to {@link NumericOps} and {@link MemoryOps}. Code after an
 * unconditional branch is skipped up to the end/else that makes it reachable again.
 */
final class FunctionCompiler {
    final ModuleLayout layout;
    final Module module;
    final int funcIndex;
    final MethodVisitor mv;
    final OperandStack stack;
    final OperandStack.Locals locals;
    private final FuncType type;
    private final FunctionBody body;
    private int[] localIndex;
    private ValType[] localTypes;
    final int instLocal;
    /** Per memory: the local caching its byte[], or -1 when the function does not load or store it. */
    private final int[] memLocals;
    /** The local caching each memory's size in bytes (beside memLocals), or -1. */
    private final int[] sizeLocals;
    private final List<Ctl> ctls = new ArrayList<>();
    private boolean unreachable;
    private int skipDepth;
    private final int[] scratch = new int[JvmType.values().length * 2];
    private final Map<String, Label> oobStubs = new LinkedHashMap<>();
    private SimdOps simd;
    /** How the function is cut into methods (null: it is one method), and the part this method compiles (null: the function's own). */
    private final SplitPlan plan;
    private final LoopUnroll.Plan unroll;
    /** The selects emitted as branches (see {@link IndexSelects}). */
    private final Set<Integer> indexSelects;
    /** Loop exit compares emitted as another compare (see {@link CountedLoops}), by offset. */
    private final Map<Integer, Opcode> countedTests;
    /** While the first version of a versioned loop is compiled: its compare to replace. */
    private CountedLoops.Version fastVersion;
    private final SplitPlan.Region region;
    /** Split functions: the locals holding the frame arrays (long bits / references) shared by the parts. */
    private int frameLocal = -1, refsLocal = -1;
    /** Where the instruction being compiled ends, and where the code this method compiles ends. */
    private int nextPosition, codeEnd;
    /** Set when the next instruction is to be read from this offset (another copy of an unrolled loop), else -1. */
    private int rewindTo = -1;
    /** A part's common exit: the code is on the stack; written locals go back to the frame. */
    private Label exitLabel;
    /** Split functions: the Wasm locals this method's own instructions read or write, and write. */
    private java.util.BitSet direct, directWritten;
    /** The class being written, for helper methods (null: none may be added). */
    org.objectweb.asm.ClassWriter classWriter;

    /** EXIT: a label outside the part this method compiles; branching to it returns a code. */
    private enum Kind { FUNCTION, BLOCK, LOOP, IF, EXIT }

    /** An unrolled loop, shared by the frames of its copies. */
    private static final class Unrolled {
        /** The start of each copy. */
        final Label[] starts;
        /** The offset of the loop body, where each copy reads from. */
        final int bodyStart;
        /** After the loop, where the end of a copy other than the last goes. */
        final Label exit = new Label();
        boolean exitUsed;
        /** A loop in two versions (fast, slow) rather than copies: each copy's branches go to its own start. */
        CountedLoops.Version versioned;
        /**
         * Copies run in groups without their back-edge tests (all but the last copy), then the last
         * copy as a loop of its own for the iterations left; where each group starts with its check.
         */
        CountedLoops.Guard guarded;
        final Label group = new Label();

        Unrolled(int copies, int bodyStart) {
            starts = new Label[copies];
            for (int k = 0; k < copies; k++) starts[k] = new Label();
            this.bodyStart = bodyStart;
        }
    }

    /** A control frame (spec 4.2.13 label): values below {@code base} belong to enclosing frames. */
    private static final class Ctl {
        final Kind kind;
        final FuncType type;
        final int base;
        /** Where a branch to this frame goes (for a copy of an unrolled loop: the next copy's start). */
        Label label = new Label();
        Label elseLabel;
        /** A copy of an unrolled loop (see {@link LoopUnroll}), and which one, from 0. */
        Unrolled unrolled;
        int copy;
        boolean labelUsed;
        boolean hasElse;
        List<ValType> exitTypes;
        int exitCode;

        Ctl(Kind kind, FuncType type, int base) {
            this.kind = kind;
            this.type = type;
            this.base = base;
        }

        /** The values a branch to this frame carries. */
        List<ValType> labelTypes() {
            if (kind == Kind.EXIT) return exitTypes;
            return kind == Kind.LOOP ? type.params() : type.results();
        }
    }

    FunctionCompiler(ModuleLayout layout, int funcIndex, MethodVisitor mv) {
        this(layout, funcIndex, mv, null);
    }

    /** Compiles {@code region} of a split function into {@code static int m(long[] frame, Object[] refs, Inst)}. */
    FunctionCompiler(ModuleLayout layout, int funcIndex, MethodVisitor mv, SplitPlan.Region region) {
        this.layout = layout;
        this.region = region;
        this.plan = layout.scan(funcIndex).plan;
        this.unroll = layout.scan(funcIndex).unroll;
        this.indexSelects = layout.scan(funcIndex).indexSelects;
        this.countedTests = layout.scan(funcIndex).countedTests;
        this.module = layout.module;
        this.funcIndex = funcIndex;
        this.mv = mv;
        this.type = SimdTypes.flat(module.functionType(funcIndex));
        this.body = module.codes.get(funcIndex - layout.importedFuncs);
        ValType[] declared = body.expandLocals();
        FuncType wasmType = module.functionType(funcIndex);
        int np = wasmType.params().size();
        localTypes = new ValType[np + declared.length];
        localIndex = new int[localTypes.length];
        for (int i = 0; i < np; i++) localTypes[i] = wasmType.params().get(i);
        System.arraycopy(declared, 0, localTypes, np, declared.length);
        int l = 0;
        if (region == null) {
            for (int i = 0; i < np; i++) {
                localIndex[i] = l;
                l += SimdTypes.slots(localTypes[i]);
            }
            instLocal = l++;
        } else {
            frameLocal = 0;
            refsLocal = 1;
            instLocal = 2;
            l = 3;
        }
        // The memory caches next: a low local index keeps every access's aload short.
        java.util.BitSet used = layout.scan(funcIndex).memoryBytes;
        memLocals = new int[Math.max(used.length(), 1)];
        sizeLocals = new int[memLocals.length];
        for (int m = 0; m < memLocals.length; m++) {
            memLocals[m] = used.get(m) ? l++ : -1;
            sizeLocals[m] = used.get(m) ? l++ : -1;
        }
        // In a split function, a method keeps in JVM locals only the Wasm locals its own
        // instructions touch (a part: only those its own loops touch); for the others the frame is
        // the only copy, which a part reads and writes in place (SplitPlan.directLocals).
        if (plan != null) {
            java.util.BitSet[] d = plan.directLocals(body, region);
            direct = d[0];
            directWritten = d[1];
        }
        for (int i = region == null ? np : 0; i < localTypes.length; i++) {
            if (direct != null && !direct.get(i)) {
                localIndex[i] = -1;
                continue;
            }
            localIndex[i] = l;
            l += SimdTypes.slots(localTypes[i]);
        }
        if (region == null && plan != null) {
            frameLocal = l++;
            refsLocal = l++;
        }
        locals = new OperandStack.Locals(l);
        stack = new OperandStack(mv, locals);
    }

    void compile() {
        mv.visitCode();
        if (region == null) {
            InterruptPoll.emit(mv, layout);
            for (int i = module.functionType(funcIndex).params().size(); i < localTypes.length; i++) {
                if (localIndex[i] < 0) continue; // lives in the frame, zeroed by the allocation
                if (SimdTypes.isV128(localTypes[i])) {
                    SimdOps.zeroLocal(mv, localIndex[i]);
                    continue;
                }
                JvmType t = JvmType.of(localTypes[i]);
                switch (t) {
                    case INT: mv.visitInsn(ICONST_0); break;
                    case LONG: mv.visitInsn(LCONST_0); break;
                    case FLOAT: mv.visitInsn(FCONST_0); break;
                    case DOUBLE: mv.visitInsn(DCONST_0); break;
                    default: mv.visitInsn(ACONST_NULL); break;
                }
                mv.visitVarInsn(t.store, localIndex[i]);
            }
            if (plan != null) {
                // The frame is allocated by the first part call (a recursive path that calls none
                // allocates nothing).
                mv.visitInsn(ACONST_NULL);
                mv.visitVarInsn(ASTORE, frameLocal);
                mv.visitInsn(ACONST_NULL);
                mv.visitVarInsn(ASTORE, refsLocal);
            }
        } else {
            if (region.isolated) padAgainstInlining();
            for (int i = direct.nextSetBit(0); i >= 0; i = direct.nextSetBit(i + 1)) localFromFrame(i);
        }
        refreshMemory();
        int end = body.codeEnd();
        codeEnd = end;
        if (region == null && plan == null && SimdTypes.any(localTypes)) simd().pinLocals(localTypes, localIndex);
        CodeReader r;
        if (region == null) {
            ctls.add(new Ctl(Kind.FUNCTION, type, 0));
            r = new CodeReader(body.bytes(), body.codeStart(), end);
        } else {
            // The frames around the part become exits: returning -1 (the function's) or depth + 1.
            int n = region.enclosing.size();
            for (int k = 0; k < n; k++) {
                Ctl c = new Ctl(Kind.EXIT, type, 0);
                c.exitTypes = region.enclosing.get(k);
                c.exitCode = k == 0 ? -1 : n - k;
                ctls.add(c);
            }
            for (int i = 0; i < region.inputs.size(); i++) {
                fromFrame(plan.transferBase + i, region.inputs.get(i));
                stack.pushJvm(region.inputs.get(i));
            }
            end = region.end;
            codeEnd = end;
            r = new CodeReader(body.bytes(), region.start, end);
        }
        while (r.hasNext()) {
            if (plan != null && !unreachable) {
                SplitPlan.Region sub = plan.regionAt(r.position(), region);
                if (sub != null) {
                    callRegion(sub);
                    r = new CodeReader(body.bytes(), sub.end, end);
                    continue;
                }
            }
            Instruction in = r.next();
            nextPosition = r.position();
            if (!countedTests.isEmpty()) {
                Opcode counted = countedTests.get(in.offsetInCode);
                if (counted != null) in.op = counted;
            }
            if (fastVersion != null && in.offsetInCode == fastVersion.compareOffset()) in.op = fastVersion.replacement();
            try {
                if (unreachable) skip(in);
                else emit(in);
            } catch (UnsupportedFeatureException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot compile " + in.op.mnemonic + " at offset " + in.offsetInCode
                        + " of function " + funcIndex + " (" + module.functionName(funcIndex) + ")", e);
            }
            if (rewindTo >= 0) {
                r = new CodeReader(body.bytes(), rewindTo, end);
                rewindTo = -1;
            }
        }
        if (region != null && !unreachable) {
            stack.flushPending();
            exitWith(region.outputs, 0);
        }
        if (exitLabel != null) {
            mv.visitLabel(exitLabel);
            int code = scratch(JvmType.INT);
            mv.visitVarInsn(ISTORE, code);
            for (int i = directWritten.nextSetBit(0); i >= 0; i = directWritten.nextSetBit(i + 1)) localToFrame(i);
            mv.visitVarInsn(ILOAD, code);
            mv.visitInsn(IRETURN);
        }
        for (Label stub : oobStubs.values()) {
            mv.visitLabel(stub);
            mv.visitMethodInsn(INVOKESTATIC, ModuleLayout.RT + "Ops", "outOfBoundsMemory", "()L" + ModuleLayout.RT + "Trap;", false);
            mv.visitInsn(ATHROW);
        }
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /**
     * Re-reads each used memory's byte[] and size into their locals (at entry, after calls and
     * memory.grow). Always both: the accessors trust that the size belongs to the array. The size
     * is masked to a non-negative int (which it is) so that C2 knows it: each
     * {@code Objects.checkIndex(a, size)} then needs no test of the length's sign.
     */
    void refreshMemory() {
        for (int m = 0; m < memLocals.length; m++) {
            if (memLocals[m] < 0) continue;
            loadMemory(m);
            mv.visitInsn(DUP);
            mv.visitFieldInsn(GETFIELD, ModuleLayout.RT + "Memory", "bytes", "[B");
            mv.visitVarInsn(ASTORE, memLocals[m]);
            mv.visitFieldInsn(GETFIELD, ModuleLayout.RT + "Memory", "size", "I");
            mv.visitLdcInsn(Integer.MAX_VALUE);
            mv.visitInsn(IAND);
            mv.visitVarInsn(ISTORE, sizeLocals[m]);
        }
    }

    /** The local holding memory {@code m}'s byte[]. */
    int memLocal(int m) {
        return memLocals[m];
    }

    /** The local holding memory {@code m}'s size in bytes, the bound of every access. */
    int sizeLocal(int m) {
        return sizeLocals[m];
    }

    /** Pushes memory {@code m} (the Memory object). */
    void loadMemory(int m) {
        mv.visitVarInsn(ALOAD, instLocal);
        mv.visitFieldInsn(GETFIELD, layout.className, "m" + m, "L" + ModuleLayout.RT + "Memory;");
    }

    int scratch(JvmType t) {
        return scratch(t, 0);
    }

    /** Scratch local {@code k} (0 or 1) of type {@code t}, for instructions that need two. */
    int scratch(JvmType t, int k) {
        int i = t.ordinal() * 2 + k;
        if (scratch[i] == 0) scratch[i] = locals.alloc(t.size) + 1;
        return scratch[i] - 1;
    }

    /** A label that throws "out of bounds memory access", shared by sites with the same JVM stack. */
    Label oobStub() {
        return oobStubs.computeIfAbsent(stack.jvmStackShape(), k -> new Label());
    }

    /** After an instruction that always traps: skip to the end of the block. */
    void markUnreachable() {
        unreachable = true;
    }

    private void skip(Instruction in) {
        switch (in.op) {
            case BLOCK: case LOOP: case IF:
                skipDepth++;
                break;
            case ELSE:
                if (skipDepth == 0) doElse();
                break;
            case END:
                if (skipDepth > 0) skipDepth--;
                else doEnd();
                break;
            default:
                break;
        }
    }

    private void emit(Instruction in) {
        Opcode op = in.op;
        if (op != Opcode.BR_IF && op != Opcode.IF && op != Opcode.SELECT && op != Opcode.SELECT_T
                && op != Opcode.I32_EQZ && op != Opcode.DROP) {
            stack.flushPending();
        }
        if (SimdOps.variable(this, in, localTypes, localIndex)) return; // v128 locals and globals: two longs
        switch (op) {
            case UNREACHABLE:
                mv.visitMethodInsn(INVOKESTATIC, ModuleLayout.RT + "Ops", "unreachable", "()L" + ModuleLayout.RT + "Trap;", false);
                mv.visitInsn(ATHROW);
                unreachable = true;
                return;
            case NOP:
                return;
            case BLOCK:
                enterBlock(Kind.BLOCK, in.blockType);
                return;
            case LOOP: {
                boolean ownMethod = region != null && region.isolated && region.start == in.offsetInCode;
                CountedLoops.Version version = unroll.version(in.offsetInCode);
                int copies = unroll.copies(in.offsetInCode, ownMethod);
                CountedLoops.Guard guard = copies > 1 ? unroll.guard(in.offsetInCode) : null;
                if (version != null) enterVersionedLoop(version, nextPosition, in.blockType);
                else if (guard != null) enterGuardedLoop(copies, guard, nextPosition, in.blockType);
                else if (copies > 1) enterUnrolledLoop(copies, nextPosition, in.blockType);
                else enterBlock(Kind.LOOP, in.blockType);
                return;
            }
            case IF:
                enterIf(in.blockType);
                return;
            case ELSE:
                doElse();
                return;
            case END:
                doEnd();
                return;
            case BR:
                emitBranch(target(in.index));
                unreachable = true;
                return;
            case BR_IF:
                if (in.index == 0 && isCheckedBackEdge()) drop(); // the group's check proved it taken
                else brIf(in.index);
                return;
            case BR_TABLE:
                if (in.targets.length > BrTables.BIG && classWriter != null) bigBrTable(in.targets, in.index, in.offsetInCode);
                else brTable(in.targets, in.index);
                return;
            case RETURN:
                emitBranch(ctls.get(0));
                unreachable = true;
                return;
            case CALL:
                call(in.index);
                return;
            case CALL_INDIRECT:
                callIndirect(in.index, in.index2);
                return;
            case DROP:
                drop();
                return;
            case SELECT: case SELECT_T:
                select(indexSelects.contains(in.offsetInCode));
                return;
            case LOCAL_GET: {
                JvmType t = JvmType.of(localTypes[in.index]);
                if (localIndex[in.index] < 0) fromFrame(plan.frameSlot[in.index], localTypes[in.index]);
                else mv.visitVarInsn(t.load, localIndex[in.index]);
                stack.pushJvm(localTypes[in.index]);
                return;
            }
            case LOCAL_SET: {
                stack.materialize(1);
                storeLocal(in.index);
                stack.pop(1);
                return;
            }
            case LOCAL_TEE: {
                stack.materialize(1);
                JvmType t = JvmType.of(localTypes[in.index]);
                mv.visitInsn(t.size == 2 ? DUP2 : DUP);
                storeLocal(in.index);
                return;
            }
            case GLOBAL_GET:
                Emit.globalGet(mv, layout, in.index, instLocal);
                stack.pushJvm(layout.globals[in.index].type);
                return;
            case GLOBAL_SET:
                stack.materialize(1);
                Emit.globalSet(mv, layout, in.index, instLocal);
                stack.pop(1);
                return;
            case I32_CONST:
                stack.pushConst(ValType.I32, in.intValue());
                return;
            case I64_CONST:
                stack.pushConst(ValType.I64, in.longValue);
                return;
            case F32_CONST:
                stack.pushConst(ValType.F32, in.longValue & 0xFFFF_FFFFL);
                return;
            case F64_CONST:
                stack.pushConst(ValType.F64, in.longValue);
                return;
            case I32_EQZ:
                if (stack.hasPending()) {
                    stack.negatePending();
                } else {
                    stack.materialize(1);
                    stack.pop(1);
                    stack.pushPending(Cond.I32_EQZ, false);
                }
                return;
            case REF_NULL:
                mv.visitInsn(ACONST_NULL);
                stack.pushJvm(in.heapType == dev.wasm2jar.model.ValType.HT_EXTERN || in.heapType == ValType.HT_NOEXTERN
                        ? ValType.EXTERNREF : ValType.FUNCREF);
                return;
            case REF_IS_NULL:
                stack.materialize(1);
                stack.pop(1);
                stack.pushPending(Cond.IS_NULL, false);
                return;
            case REF_FUNC:
                mv.visitVarInsn(ALOAD, instLocal);
                Emit.iconst(mv, in.index);
                mv.visitMethodInsn(INVOKEVIRTUAL, ModuleLayout.MODULE_INSTANCE, "funcRef", "(I)L" + ModuleLayout.RT + "WasmFunction;", false);
                stack.pushJvm(ValType.FUNCREF);
                return;
            default:
                break;
        }
        if (op.prefix == 0xFD) {
            simd().emit(in);
            return;
        }
        if (MemoryOps.emit(this, in)) return;
        if (TableOps.emit(this, in)) return;
        if (NumericOps.emit(this, op)) return;
        throw new UnsupportedFeatureException(featureOf(op), "instruction " + op.mnemonic, in.offsetInCode, funcIndex,
                module.functionName(funcIndex));
    }

    /** Reads the instructions after the one being compiled (to look ahead; compilation is unaffected). */
    CodeReader readAhead() {
        return readFrom(nextPosition);
    }

    /** Where the function's code starts in its body's bytes. */
    int bodyStart() {
        return body.codeStart();
    }

    /** Reads this method's instructions from {@code position} (an offset in the body's bytes) on. */
    CodeReader readFrom(int position) {
        return new CodeReader(body.bytes(), position, codeEnd);
    }

    /** The SIMD code generator of this method (made on first use). */
    SimdOps simd() {
        if (simd == null) simd = new SimdOps(this, localTypes.length);
        return simd;
    }

    /** Places a label where control flow merges: what SIMD lane views knew no longer holds. */
    private void mergeLabel(Label l) {
        mv.visitLabel(l);
        if (simd != null) simd.views.forget();
    }

    private static String featureOf(Opcode op) {
        String f = FunctionScan.unsupportedFeature(op);
        return f != null ? f : "unknown";
    }

    // ---- control flow ----

    private Ctl target(int depth) {
        return ctls.get(ctls.size() - 1 - depth);
    }

    private void enterBlock(Kind kind, BlockType bt) {
        if (simd != null) simd.views.detachFromLocals();
        FuncType ft = SimdTypes.flat(bt.resolve(module));
        stack.spillAll(kind == Kind.LOOP ? ft.params().size() : 0);
        Ctl c = new Ctl(kind, ft, stack.size() - ft.params().size());
        if (kind == Kind.LOOP) {
            mergeLabel(c.label);
            InterruptPoll.emit(mv, layout);
        }
        ctls.add(c);
    }

    /**
     * The first copy of a loop emitted {@code n} times (a loop without parameters or results): a
     * branch to the loop in copy k goes to the start of copy k + 1, in the last copy back to the
     * first; leaving the end of a copy leaves the loop.
     */
    private void enterUnrolledLoop(int n, int bodyStart, BlockType bt) {
        if (simd != null) simd.views.detachFromLocals();
        stack.spillAll(0);
        Unrolled u = new Unrolled(n, bodyStart);
        mergeLabel(u.starts[0]);
        InterruptPoll.emit(mv, layout);
        ctls.add(loopCopy(u, 0, SimdTypes.flat(bt.resolve(module)), stack.size()));
    }

    /**
     * A loop in two versions (see {@link CountedLoops.Version}): a check on entry picks the first,
     * whose exit compare C2 counts, or the second, the loop as the Wasm code has it. Each is a loop
     * of its own; leaving the first goes past the second.
     */
    private void enterVersionedLoop(CountedLoops.Version v, int bodyStart, BlockType bt) {
        if (simd != null) simd.views.detachFromLocals();
        stack.spillAll(0);
        Unrolled u = new Unrolled(2, bodyStart);
        u.versioned = v;
        // d = limit - first, as a long: the fast version when d is a multiple of the step of its sign.
        int d = scratch(JvmType.LONG);
        mv.visitVarInsn(ILOAD, localIndex[v.limitLocal()]);
        mv.visitInsn(I2L);
        mv.visitVarInsn(ILOAD, localIndex[v.counter()]);
        mv.visitInsn(I2L);
        mv.visitInsn(LSUB);
        if (v.after()) {
            Emit.lconst(mv, v.step());
            mv.visitInsn(LSUB);
        }
        mv.visitVarInsn(LSTORE, d);
        mv.visitVarInsn(LLOAD, d);
        Emit.lconst(mv, v.step());
        mv.visitInsn(LREM);
        mv.visitInsn(LCONST_0);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFNE, u.starts[1]);
        mv.visitVarInsn(LLOAD, d);
        mv.visitInsn(LCONST_0);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(v.step() > 0 ? IFLT : IFGT, u.starts[1]);
        fastVersion = v;
        mergeLabel(u.starts[0]);
        InterruptPoll.emit(mv, layout);
        ctls.add(loopCopy(u, 0, SimdTypes.flat(bt.resolve(module)), stack.size()));
    }

    /**
     * A loop of {@code n} copies in groups (see {@link CountedLoops.Guard}): before each group of
     * {@code n}, a check that the counter stays on the continuing side of the limit for the next n
     * tests; the group then runs its n bodies with the back-edge tests dropped (their conditions
     * still computed, for their side effects, then discarded). When the check fails, one more copy
     * runs as an ordinary loop to the end. A group has one exit test where plain copies have n: n
     * fewer compares and branches per group, and n fewer branches that C2, compiling while the loop
     * has never exited, turns into de-optimizing traps.
     */
    private void enterGuardedLoop(int n, CountedLoops.Guard g, int bodyStart, BlockType bt) {
        if (simd != null) simd.views.detachFromLocals();
        stack.spillAll(0);
        Unrolled u = new Unrolled(n + 1, bodyStart);
        u.guarded = g;
        mergeLabel(u.group);
        InterruptPoll.emit(mv, layout);
        // The value the last test of the group sees, exactly (as a long), against the limit.
        long tests = g.after() ? n : n - 1;
        extendCounterOperand(g.counter(), g.unsigned());
        if (g.stepLocal() >= 0) {
            extendCounterOperand(g.stepLocal(), true);
            Emit.lconst(mv, tests);
            mv.visitInsn(LMUL);
            mv.visitInsn(g.step() > 0 ? LADD : LSUB);
        } else {
            Emit.lconst(mv, tests * g.step());
            mv.visitInsn(LADD);
        }
        if (g.limitLocal() >= 0) extendCounterOperand(g.limitLocal(), g.unsigned());
        else Emit.lconst(mv, g.unsigned() ? g.limit() & 0xFFFF_FFFFL : g.limit());
        mv.visitInsn(LCMP);
        // Every test continues when the last does: the counter moves monotonically towards the
        // limit, and for != it stays strictly short of it (no value of the group wraps around).
        int leave = switch (g.compare()) {
            case I32_NE -> g.up() ? IFGE : IFLE;
            case I32_LT_S, I32_LT_U -> IFGE;
            case I32_LE_S, I32_LE_U -> IFGT;
            case I32_GT_S, I32_GT_U -> IFLE;
            default -> IFLT; // GE
        };
        mv.visitJumpInsn(leave, u.starts[n]);
        mergeLabel(u.starts[0]);
        ctls.add(loopCopy(u, 0, SimdTypes.flat(bt.resolve(module)), stack.size()));
    }

    /** Pushes i32 local {@code local} as a long, zero- or sign-extended. */
    private void extendCounterOperand(int local, boolean unsigned) {
        mv.visitVarInsn(ILOAD, localIndex[local]);
        mv.visitInsn(I2L);
        if (unsigned) {
            Emit.lconst(mv, 0xFFFF_FFFFL);
            mv.visitInsn(LAND);
        }
    }

    /**
     * Whether a {@code br_if 0} is the back edge of a copy in a guarded group: the innermost frame
     * is that copy, and a guarded loop has no branch to itself but its back edge.
     */
    private boolean isCheckedBackEdge() {
        Ctl c = ctls.get(ctls.size() - 1);
        return c.kind == Kind.LOOP && c.unrolled != null && c.unrolled.guarded != null
                && c.copy < c.unrolled.starts.length - 1;
    }

    /**
     * The frame of copy {@code k}: a branch to it goes to the next copy's start (a version's and
     * a guarded loop's last copy: its own; the last of a guarded group: the group's check).
     */
    private static Ctl loopCopy(Unrolled u, int k, FuncType type, int base) {
        Ctl c = new Ctl(Kind.LOOP, type, base);
        c.unrolled = u;
        c.copy = k;
        int n = u.starts.length;
        if (u.versioned != null || u.guarded != null && k == n - 1) c.label = u.starts[k];
        else if (u.guarded != null && k == n - 2) c.label = u.group;
        else c.label = u.starts[(k + 1) % n];
        return c;
    }

    /** At the end of copy {@code c}: the next copy starts, or after the last, the loop's exit. */
    private void endLoopCopy(Ctl c) {
        Unrolled u = c.unrolled;
        int k = c.copy + 1;
        if (u.guarded != null && k < u.starts.length) {
            // In a group, the end of a copy is its dropped back edge: the next copy, or the next group.
            if (!unreachable) {
                stack.flushPending();
                if (k == u.starts.length - 1) mv.visitJumpInsn(GOTO, u.group);
            }
            stack.truncate(c.base);
            mergeLabel(u.starts[k]);
            if (k == u.starts.length - 1) InterruptPoll.emit(mv, layout);
            unreachable = false;
            ctls.add(loopCopy(u, k, c.type, c.base));
            rewindTo = u.bodyStart;
            return;
        }
        if (k == u.starts.length) {
            if (u.exitUsed) { // an earlier copy left the loop: its exit is here
                mergeLabel(u.exit);
                stack.truncate(c.base);
                unreachable = false;
            }
            return;
        }
        if (!unreachable) {
            stack.flushPending();
            mv.visitJumpInsn(GOTO, u.exit);
            u.exitUsed = true;
        }
        stack.truncate(c.base);
        mergeLabel(u.starts[k]);
        if (u.versioned != null) {
            fastVersion = null;
            InterruptPoll.emit(mv, layout);
        }
        unreachable = false;
        ctls.add(loopCopy(u, k, c.type, c.base));
        rewindTo = u.bodyStart;
    }

    /** A copy of an unrolled loop other than the last: branches to it jump forward. */
    private static boolean isForwardCopy(Ctl c) {
        return c.unrolled != null && c.unrolled.versioned == null && c.copy < c.unrolled.starts.length - 1;
    }

    private void enterIf(BlockType bt) {
        if (simd != null) simd.views.detachFromLocals();
        FuncType ft = SimdTypes.flat(bt.resolve(module));
        if (!stack.hasPending()) stack.materialize(1);
        Ctl c;
        if (stack.jvmBase() < stack.size() - 1) {
            // Values under the condition must go to their slots first: park the condition meanwhile.
            stack.flushPending();
            int t = scratch(JvmType.INT);
            mv.visitVarInsn(ISTORE, t);
            stack.pop(1);
            stack.spillAll(ft.params().size());
            mv.visitVarInsn(ILOAD, t);
            c = new Ctl(Kind.IF, ft, stack.size() - ft.params().size());
            c.elseLabel = new Label();
            mv.visitJumpInsn(IFEQ, c.elseLabel);
        } else if (hasConst(ft.params().size() + 1)) {
            // Constant parameters must be in their slots for the else branch: as above.
            stack.flushPending();
            int t = scratch(JvmType.INT);
            mv.visitVarInsn(ISTORE, t);
            stack.pop(1);
            stack.spillAll(ft.params().size());
            mv.visitVarInsn(ILOAD, t);
            c = new Ctl(Kind.IF, ft, stack.size() - ft.params().size());
            c.elseLabel = new Label();
            mv.visitJumpInsn(IFEQ, c.elseLabel);
        } else {
            boolean negated = stack.hasPending() ? stack.pendingNegated() : true;
            Cond cond = takeCondition();
            c = new Ctl(Kind.IF, ft, stack.size() - ft.params().size());
            c.elseLabel = new Label();
            cond.jump(mv, negated, c.elseLabel); // jump when the condition is false
        }
        ctls.add(c);
    }

    /** True if one of the {@code n} values below the top one is a constant (or produced value) not yet emitted. */
    private boolean hasConst(int n) {
        for (int i = stack.size() - n; i < stack.size() - 1; i++) if (stack.isVirtual(i)) return true;
        return false;
    }

    /**
     * Removes the condition on top of the model, leaving its operands on the JVM stack. A plain i32
     * is returned as I32_EQZ meant negated: callers jump with {@code cond.jump(mv, wanted != negated)}.
     */
    private Cond takeCondition() {
        if (stack.hasPending()) return stack.takePending();
        stack.materialize(1);
        stack.pop(1);
        return Cond.I32_EQZ;
    }

    private void doElse() {
        Ctl c = ctls.get(ctls.size() - 1);
        if (!unreachable) {
            stack.flushPending();
            stack.emitBranchMoves(c.base, c.type.results());
            mv.visitJumpInsn(GOTO, c.label);
            c.labelUsed = true;
        }
        mergeLabel(c.elseLabel);
        stack.truncate(c.base);
        for (ValType p : c.type.params()) stack.pushSlot(p);
        c.hasElse = true;
        unreachable = false;
    }

    private void doEnd() {
        Ctl c = ctls.remove(ctls.size() - 1);
        switch (c.kind) {
            case FUNCTION:
                if (!unreachable) {
                    stack.flushPending();
                    emitFunctionReturn(type.results());
                }
                unreachable = true;
                return;
            case LOOP:
                if (c.unrolled != null) endLoopCopy(c);
                return; // the values stay where they are; a loop's label is its start
            default:
                break;
        }
        boolean reachable = !unreachable;
        if (reachable) {
            stack.flushPending();
            stack.emitBranchMoves(c.base, c.type.results());
        }
        if (c.kind == Kind.IF && !c.hasElse) {
            // The missing else passes the parameters through: they are in the result slots already.
            mergeLabel(c.elseLabel);
            reachable = true;
        }
        if (reachable || c.labelUsed) {
            mergeLabel(c.label);
            stack.truncate(c.base);
            for (ValType r : c.type.results()) stack.pushSlot(r);
            unreachable = false;
        } else {
            unreachable = true;
        }
    }

    /** Branch to {@code c}: a return for the function frame, else moves then goto. */
    private void emitBranch(Ctl c) {
        if (c.kind == Kind.EXIT) {
            exitWith(c.exitTypes, c.exitCode);
            return;
        }
        if (c.kind == Kind.FUNCTION) {
            emitFunctionReturn(type.results());
            return;
        }
        stack.emitBranchMoves(c.base, c.labelTypes());
        mv.visitJumpInsn(GOTO, c.label);
        c.labelUsed = true;
    }

    /** True if a branch to {@code c} needs no code but the jump itself. */
    private boolean isDirect(Ctl c) {
        int arity = c.labelTypes().size();
        return c.kind != Kind.FUNCTION && c.kind != Kind.EXIT && stack.inSlots(arity) && stack.size() - arity == c.base;
    }

    private void brIf(int depth) {
        boolean negated = stack.hasPending() ? stack.pendingNegated() : true;
        Cond cond = takeCondition();
        Ctl c = target(depth);
        if (isDirect(c) && (c.kind != Kind.LOOP || isForwardCopy(c))) {
            cond.jump(mv, !negated, c.label);
            if (c.kind != Kind.LOOP) c.labelUsed = true;
        } else if (isDirect(c)) {
            // A loop's back edge is a plain goto reached with an empty JVM stack: HotSpot polls for
            // safepoints there, and a conditional back edge would make C2 keep the comparison's
            // 0/1 result alive in every iteration for the poll's deoptimization state.
            Label skip = new Label();
            cond.jump(mv, negated, skip);
            mv.visitJumpInsn(GOTO, c.label);
            c.labelUsed = true;
            mv.visitLabel(skip);
        } else {
            Label skip = new Label();
            cond.jump(mv, negated, skip);
            emitBranch(c);
            mv.visitLabel(skip);
        }
    }

    private void brTable(int[] targets, int dflt) {
        stack.materialize(1);
        stack.pop(1);
        Map<Integer, Label> byDepth = new HashMap<>();
        List<Integer> stubs = new ArrayList<>();
        Label[] labels = new Label[targets.length];
        for (int i = 0; i <= targets.length; i++) {
            int depth = i < targets.length ? targets[i] : dflt;
            Label l = byDepth.get(depth);
            if (l == null) {
                Ctl c = target(depth);
                if (isDirect(c)) {
                    l = c.label;
                    c.labelUsed = true;
                } else {
                    l = new Label();
                    stubs.add(depth);
                }
                byDepth.put(depth, l);
            }
            if (i < targets.length) labels[i] = l;
        }
        BrTableSwitch.emit(mv, labels, byDepth.get(dflt));
        for (int depth : stubs) {
            mv.visitLabel(byDepth.get(depth));
            emitBranch(target(depth));
        }
        unreachable = true;
    }

    // ---- split functions: parts and the frame they share ----

    /**
     * Keeps C2 from inlining this part into its caller: HotSpot inlines a hot callee of up to
     * {@code FreqInlineSize} (325) bytes of bytecode, and an inner loop inlined into the big
     * on-stack-compiled method of a function that runs once gets its values spilled to the stack
     * (matmul: 7.8 s inlined, 4.9 s as a method of its own). The padding sits behind a test that
     * never passes (the frame is never null), so C2 compiles it to nothing.
     */
    private void padAgainstInlining() {
        Label go = new Label();
        mv.visitVarInsn(ALOAD, frameLocal);
        mv.visitJumpInsn(IFNONNULL, go);
        for (int i = 0; i < 200; i++) {
            mv.visitInsn(ICONST_0);
            mv.visitInsn(POP);
        }
        mv.visitInsn(ACONST_NULL);
        mv.visitInsn(ATHROW);
        mv.visitLabel(go);
    }

    /** Pushes frame slot {@code slot} as a value of type {@code t}. */
    private void fromFrame(int slot, ValType t) {
        JvmType j = JvmType.of(t);
        if (j == JvmType.REF) {
            mv.visitVarInsn(ALOAD, refsLocal);
            Emit.iconst(mv, slot);
            mv.visitInsn(AALOAD);
        } else {
            mv.visitVarInsn(ALOAD, frameLocal);
            Emit.iconst(mv, slot);
            mv.visitInsn(LALOAD);
            Emit.fromBits(mv, j);
        }
    }

    /** Stores into frame slot {@code slot} the value {@code push} leaves on the stack. */
    private void toFrame(int slot, ValType t, Runnable push) {
        JvmType j = JvmType.of(t);
        mv.visitVarInsn(ALOAD, j == JvmType.REF ? refsLocal : frameLocal);
        Emit.iconst(mv, slot);
        push.run();
        if (j == JvmType.REF) {
            mv.visitInsn(AASTORE);
        } else {
            Emit.toBits(mv, j);
            mv.visitInsn(LASTORE);
        }
    }

    /** Stores the value on top of the JVM stack into local {@code i}: its JVM local, or its frame slot. */
    private void storeLocal(int i) {
        JvmType t = JvmType.of(localTypes[i]);
        if (localIndex[i] >= 0) {
            mv.visitVarInsn(t.store, localIndex[i]);
            return;
        }
        int tmp = scratch(t);
        mv.visitVarInsn(t.store, tmp);
        toFrame(plan.frameSlot[i], localTypes[i], () -> mv.visitVarInsn(t.load, tmp));
    }

    private void localFromFrame(int i) {
        int slot = plan.frameSlot[i];
        if (SimdTypes.isV128(localTypes[i])) { // two longs: lo, hi
            fromFrame(slot, ValType.I64);
            mv.visitVarInsn(LSTORE, localIndex[i]);
            fromFrame(slot + 1, ValType.I64);
            mv.visitVarInsn(LSTORE, localIndex[i] + 2);
            return;
        }
        fromFrame(slot, localTypes[i]);
        mv.visitVarInsn(JvmType.of(localTypes[i]).store, localIndex[i]);
    }

    /**
     * In the function's own method: gets the frame unless done (the class's {@code takeFrame$}, see
     * {@link CodeClassGenerator#frameHelpers}), with the parameters only parts use.
     */
    private void ensureFrame() {
        Label done = new Label();
        mv.visitVarInsn(ALOAD, frameLocal);
        mv.visitJumpInsn(IFNONNULL, done);
        mv.visitVarInsn(ALOAD, instLocal);
        Emit.iconst(mv, plan.frameSize);
        mv.visitMethodInsn(INVOKESTATIC, layout.funcOwner(funcIndex), CodeClassGenerator.TAKE_FRAME, layout.takeFrameDesc(), false);
        mv.visitVarInsn(ASTORE, frameLocal);
        if (plan.needsRefs) {
            Emit.iconst(mv, plan.frameSize);
            mv.visitMethodInsn(INVOKESTATIC, ModuleLayout.RT + "Ops", "newRefFrame", "(I)[Ljava/lang/Object;", false);
            mv.visitVarInsn(ASTORE, refsLocal);
        }
        for (int i = 0; i < np(); i++) if (!directWritten.get(i)) localToFrame(i); // the others: before every part call
        mv.visitLabel(done);
    }

    /** Returns from the function: a split function first hands its frame back to the instance (see {@link #ensureFrame}). */
    private void emitFunctionReturn(List<ValType> results) {
        if (plan != null) {
            mv.visitVarInsn(ALOAD, instLocal);
            mv.visitVarInsn(ALOAD, frameLocal);
            mv.visitMethodInsn(INVOKESTATIC, layout.funcOwner(funcIndex), CodeClassGenerator.GIVE_FRAME, layout.giveFrameDesc(), false);
        }
        stack.emitReturn(results, instLocal);
    }

    private int np() {
        return module.functionType(funcIndex).params().size();
    }

    private void localToFrame(int i) {
        int slot = plan.frameSlot[i];
        if (SimdTypes.isV128(localTypes[i])) {
            toFrame(slot, ValType.I64, () -> mv.visitVarInsn(LLOAD, localIndex[i]));
            toFrame(slot + 1, ValType.I64, () -> mv.visitVarInsn(LLOAD, localIndex[i] + 2));
            return;
        }
        toFrame(slot, localTypes[i], () -> mv.visitVarInsn(JvmType.of(localTypes[i]).load, localIndex[i]));
    }

    /** Leaves this part: the top {@code carried.size()} values to the frame, then return {@code code}. Model unchanged. */
    private void exitWith(List<ValType> carried, int code) {
        stack.emitParkAll();
        int n = carried.size();
        for (int i = 0; i < n; i++) {
            int at = stack.size() - n + i;
            toFrame(plan.transferBase + i, carried.get(i), () -> stack.emitLoadParked(at));
        }
        Emit.iconst(mv, code);
        jumpToExit();
    }

    /** With the code on the stack (and nothing else): to the part's common exit. */
    private void jumpToExit() {
        if (exitLabel == null) exitLabel = new Label();
        mv.visitJumpInsn(GOTO, exitLabel);
    }

    /** Calls the method of {@code sub} in place of its instructions, then follows the branch it reports. */
    private void callRegion(SplitPlan.Region sub) {
        if (simd != null) simd.views.detachFromLocals();
        int n = sub.inputs.size();
        stack.spillAll(n);
        if (region == null) ensureFrame();
        for (int i = 0; i < n; i++) {
            int at = stack.size() - n + i;
            JvmType j = JvmType.of(sub.inputs.get(i));
            toFrame(plan.transferBase + i, sub.inputs.get(i), () -> mv.visitVarInsn(j.load, stack.slot(at, j)));
        }
        stack.pop(n);
        // Only locals this method's own code writes can differ from their frame slot: the others
        // were read from the frame (a part's prologue, ensureFrame for parameters) or reloaded
        // after the part call that last wrote them.
        for (int i = sub.used.nextSetBit(0); i >= 0; i = sub.used.nextSetBit(i + 1)) if (directWritten.get(i)) localToFrame(i);
        mv.visitVarInsn(ALOAD, frameLocal);
        mv.visitVarInsn(ALOAD, refsLocal);
        mv.visitVarInsn(ALOAD, instLocal);
        mv.visitMethodInsn(INVOKESTATIC, layout.funcOwner(funcIndex), layout.regionMethod(funcIndex, sub), layout.regionDesc(), false);
        boolean branches = sub.returns || !sub.escapes.isEmpty();
        int code = scratch(JvmType.INT);
        if (branches) mv.visitVarInsn(ISTORE, code);
        else mv.visitInsn(POP);
        for (int i = sub.written.nextSetBit(0); i >= 0; i = sub.written.nextSetBit(i + 1)) if (direct.get(i)) localFromFrame(i);
        if (simd != null) simd.views.forget(); // locals rewritten, and the part's branches below merge
        if (layout.growth.region(body.bytes(), sub.start, sub.end)) refreshMemory();
        if (branches) {
            Label cont = new Label();
            mv.visitVarInsn(ILOAD, code);
            mv.visitJumpInsn(IFEQ, cont);
            // This method's own open frames: codes 1..own land here; larger ones (and -1 in a part)
            // leave this method too, with the values already in the frame: only the code changes.
            int own = ctls.size() - (region == null ? 1 : region.enclosing.size());
            if (sub.returns) {
                Label notReturn = new Label();
                mv.visitVarInsn(ILOAD, code);
                mv.visitJumpInsn(IFGE, notReturn);
                if (region == null) {
                    List<ValType> rs = type.results();
                    for (int v = 0; v < rs.size(); v++) {
                        fromFrame(plan.transferBase + v, rs.get(v));
                        stack.pushJvm(rs.get(v));
                    }
                    emitFunctionReturn(rs);
                    stack.pop(rs.size());
                } else {
                    mv.visitInsn(ICONST_M1);
                    jumpToExit();
                }
                mv.visitLabel(notReturn);
            }
            List<Integer> keys = new ArrayList<>();
            boolean beyond = false;
            for (int d = sub.escapes.nextSetBit(0); d >= 0; d = sub.escapes.nextSetBit(d + 1)) {
                if (d < own) keys.add(d + 1);
                else beyond = true;
            }
            if (beyond) {
                Label local = new Label();
                mv.visitVarInsn(ILOAD, code);
                Emit.iconst(mv, own);
                mv.visitJumpInsn(IF_ICMPLE, local);
                mv.visitVarInsn(ILOAD, code);
                Emit.iconst(mv, own);
                mv.visitInsn(ISUB);
                jumpToExit();
                mv.visitLabel(local);
            }
            if (!keys.isEmpty()) {
                Label[] labels = new Label[keys.size()];
                int[] k = new int[keys.size()];
                for (int i = 0; i < k.length; i++) {
                    k[i] = keys.get(i);
                    labels[i] = new Label();
                }
                mv.visitVarInsn(ILOAD, code);
                mv.visitLookupSwitchInsn(cont, k, labels);
                for (int i = 0; i < k.length; i++) {
                    mv.visitLabel(labels[i]);
                    Ctl c = target(k[i] - 1);
                    List<ValType> carried = c.labelTypes();
                    for (int v = 0; v < carried.size(); v++) {
                        fromFrame(plan.transferBase + v, carried.get(v));
                        stack.pushJvm(carried.get(v));
                    }
                    emitBranch(c);
                    stack.pop(carried.size());
                }
            }
            mv.visitLabel(cont);
        }
        for (int i = 0; i < sub.outputs.size(); i++) {
            fromFrame(plan.transferBase + i, sub.outputs.get(i));
            stack.pushJvm(sub.outputs.get(i));
        }
    }

    /**
     * A br_table with many targets: helper methods ({@link BrTables}) map the index to the target
     * depth, so this method holds only a switch over the labels it owns. Labels outside a part that
     * carry no values need no code at all: their exit code is computed from the depth.
     */
    private void bigBrTable(int[] targets, int dflt, int offset) {
        stack.materialize(1);
        stack.pop(1);
        BrTables.emitDepthOf(classWriter, mv, layout.funcOwner(funcIndex), layout.methodName[funcIndex] + "$t" + offset, targets, dflt);
        int depth = scratch(JvmType.INT);
        mv.visitVarInsn(ISTORE, depth);
        int own = ctls.size() - (region == null ? 1 : region.enclosing.size());
        java.util.TreeSet<Integer> keys = new java.util.TreeSet<>();
        boolean computed = false;
        for (int i = 0; i <= targets.length; i++) {
            int d = i < targets.length ? targets[i] : dflt;
            Ctl c = target(d);
            if (c.kind == Kind.EXIT && c.exitCode > 0 && c.labelTypes().isEmpty()) computed = true;
            else keys.add(d);
        }
        Label computedExit = new Label();
        Label dfltLabel = computed ? computedExit : null;
        int[] k = new int[keys.size()];
        Label[] labels = new Label[k.length];
        int j = 0;
        for (int d : keys) {
            k[j] = d;
            Ctl c = target(d);
            labels[j] = isDirect(c) ? c.label : new Label();
            if (isDirect(c)) c.labelUsed = true;
            j++;
        }
        if (dfltLabel == null) dfltLabel = labels[labels.length - 1];
        mv.visitVarInsn(ILOAD, depth);
        if (k.length > 0 && k[k.length - 1] - k[0] < 2L * k.length + 8) {
            Label[] table = new Label[k[k.length - 1] - k[0] + 1];
            java.util.Arrays.fill(table, dfltLabel);
            for (int i = 0; i < k.length; i++) table[k[i] - k[0]] = labels[i];
            mv.visitTableSwitchInsn(k[0], k[k.length - 1], dfltLabel, table);
        } else {
            mv.visitLookupSwitchInsn(dfltLabel, k, labels);
        }
        for (int i = 0; i < k.length; i++) {
            Ctl c = target(k[i]);
            if (labels[i] == c.label) continue;
            mv.visitLabel(labels[i]);
            emitBranch(c);
        }
        if (computed) {
            // depth d >= own is enclosing frame d - own of the part: exit code d - own + 1
            mv.visitLabel(computedExit);
            stack.emitParkAll();
            mv.visitVarInsn(ILOAD, depth);
            Emit.iconst(mv, own - 1);
            mv.visitInsn(ISUB);
            jumpToExit();
        }
        unreachable = true;
    }

    // ---- calls ----

    private void pushResults(List<ValType> results) {
        for (int i = 0; i < results.size(); i++) {
            if (i > 0) Emit.loadReturnArea(mv, results.get(i), i, instLocal);
            stack.pushJvm(results.get(i));
        }
    }

    private void call(int f) {
        FuncType ft = SimdTypes.flat(module.functionType(f));
        int n = ft.params().size();
        stack.materialize(n);
        stack.pop(n);
        mv.visitVarInsn(ALOAD, instLocal);
        mv.visitMethodInsn(INVOKESTATIC, layout.funcOwner(f), layout.methodName[f], layout.funcDesc(f), false);
        pushResults(ft.results());
        if (layout.growth.call(f)) refreshMemory();
    }

    private void callIndirect(int typeIndex, int table) {
        FuncType ft = SimdTypes.flat(module.funcType(typeIndex));
        int n = ft.params().size() + 1;
        stack.materialize(n);
        stack.pop(n);
        ModuleLayout.Dispatcher d = layout.dispatcher(typeIndex, table);
        mv.visitVarInsn(ALOAD, instLocal);
        mv.visitMethodInsn(INVOKESTATIC, d.owner(), d.name(), d.desc(), false);
        pushResults(ft.results());
        if (layout.growth.callIndirect(typeIndex, table)) refreshMemory();
    }

    // ---- parametric ----

    private void drop() {
        if (stack.hasPending()) {
            stack.takePending().pop(mv);
            return;
        }
        int top = stack.size() - 1;
        int n = stack.type(top) == SimdTypes.HI ? 2 : 1; // a v128 is two values
        for (int i = top; i > top - n; i--) if (!stack.inSlot(i)) mv.visitInsn(stack.jvmType(i).pop());
        stack.pop(n);
    }

    /**
     * Integer {@code select} as {@code b ^ ((a ^ b) & mask)}, mask all ones when the condition
     * holds. A toolchain emits select where it chose a conditional move over a branch (the data
     * is unpredictable); as a JVM branch diamond C2 kept a branch, and the sieve's counting loop
     * paid a misprediction per prime.
     */
    private void selectWithoutBranch(ValType t, JvmType vt) {
        boolean wide = vt == JvmType.LONG;
        if (stack.hasPending()) {
            // The comparison as 0/1 (C2 makes it a setcc), negated into 0/-1.
            stack.materialize(3); // flushes the condition into its 0/1 value
            mv.visitInsn(INEG);
        } else if (stack.isNonNegative(stack.size() - 1)) {
            // Never negative (a zero-extended narrow load): -c is negative exactly when c is not zero.
            stack.materialize(3);
            mv.visitInsn(INEG);
            Emit.iconst(mv, 31);
            mv.visitInsn(ISHR);
        } else {
            stack.materialize(3);
            mv.visitInsn(DUP);
            mv.visitInsn(INEG);
            mv.visitInsn(IOR);
            Emit.iconst(mv, 31);
            mv.visitInsn(ISHR);
        }
        if (wide) mv.visitInsn(I2L);
        int mask = scratch(vt, 0), second = scratch(vt, 1);
        mv.visitVarInsn(vt.store, mask);
        mv.visitVarInsn(vt.store, second);
        mv.visitVarInsn(vt.load, second);
        mv.visitInsn(wide ? LXOR : IXOR);
        mv.visitVarInsn(vt.load, mask);
        mv.visitInsn(wide ? LAND : IAND);
        mv.visitVarInsn(vt.load, second);
        mv.visitInsn(wide ? LXOR : IXOR);
        stack.pop(3);
        stack.pushJvm(t);
    }

    /** @param asBranch an index select ({@link IndexSelects}): a branch, kept from becoming a cmov */
    private void select(boolean asBranch) {
        int n = stack.size();
        if (stack.type(n - 2) == SimdTypes.HI) {
            SimdOps.select(this);
            return;
        }
        ValType t = stack.type(n - 3);
        JvmType vt = JvmType.of(t);
        asBranch &= vt == JvmType.INT;
        if ((vt == JvmType.INT || vt == JvmType.LONG) && !asBranch) {
            selectWithoutBranch(t, vt);
            return;
        }
        if (stack.hasPending() && stack.jvmBase() > n - 3) stack.flushPending();
        if (!stack.hasPending()) stack.materialize(3);
        boolean negated = stack.hasPending() ? stack.pendingNegated() : true;
        Cond cond = takeCondition();
        JvmType jt = JvmType.of(t);
        Label second = new Label(), end = new Label();
        cond.jump(mv, negated, second);
        mv.visitInsn(jt.pop()); // condition true: keep the first
        mv.visitJumpInsn(GOTO, end);
        mv.visitLabel(second);
        if (jt.size == 1) {
            mv.visitInsn(SWAP);
            mv.visitInsn(POP);
        } else {
            mv.visitInsn(DUP2_X2);
            mv.visitInsn(POP2);
            mv.visitInsn(POP2);
        }
        mv.visitLabel(end);
        if (asBranch) {
            // C2 makes a cmov of a two-way branch it finds unpredictable, unless the chosen value
            // is also compared: it then keeps the branch. The compare, with a value an index
            // never has, guards a path that never runs (Ops.keep returns its argument).
            Label keep = new Label();
            mv.visitInsn(DUP);
            Emit.iconst(mv, Integer.MIN_VALUE);
            mv.visitJumpInsn(IF_ICMPNE, keep);
            mv.visitMethodInsn(INVOKESTATIC, ModuleLayout.RT + "Ops", "keep", "(I)I", false);
            mv.visitLabel(keep);
        }
        stack.pop(2);
        stack.pushJvm(t);
    }
}
