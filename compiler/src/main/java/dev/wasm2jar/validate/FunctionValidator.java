package dev.wasm2jar.validate;

import dev.wasm2jar.binary.CodeReader;
import dev.wasm2jar.error.InvalidException;
import dev.wasm2jar.error.MalformedException;
import dev.wasm2jar.error.UnsupportedFeatureException;
import dev.wasm2jar.model.BlockType;
import dev.wasm2jar.model.ConstExpr;
import dev.wasm2jar.model.FuncType;
import dev.wasm2jar.model.FunctionBody;
import dev.wasm2jar.model.GlobalType;
import dev.wasm2jar.model.Instruction;
import dev.wasm2jar.model.Module;
import dev.wasm2jar.model.Opcode;
import dev.wasm2jar.model.TableType;
import dev.wasm2jar.model.ValType;

import java.util.Arrays;

/**
 * Type-checks one instruction sequence, a function body or a constant expression, with the
 * algorithm of the spec appendix "Validation Algorithm": an operand stack of value types and a stack
 * of control frames. After {@code unreachable}, {@code br}, {@code br_table} or {@code return} the
 * rest of the frame is stack-polymorphic: popping below the frame's height yields the unknown
 * ("bottom") type, represented here by {@code null}, which matches every type.
 *
 * <p>Only the types of WebAssembly 2.0 reach the stack (number types, v128, funcref, externref): every
 * other type is rejected as an unsupported feature where it appears, so subtyping reduces to
 * equality. Where 3.0 changed 2.0's rules, 3.0's are implemented (e.g. {@code br_if} leaves the
 * label's types, not the popped ones; untyped {@code select} rejects references).
 */
final class FunctionValidator {
    private final ModuleValidator mv;
    private final Module module;

    // Per sequence.
    private int funcIndex;
    private ValType[] locals;
    private ValType[] results;
    private ValType[] stack = new ValType[64];
    private int sp;
    private Frame[] frames = new Frame[16];
    private int depth;
    private int offset;

    /** A control frame (spec appendix: ctrl_frame). */
    private static final class Frame {
        Opcode kind;
        ValType[] start;
        ValType[] end;
        int height;
        boolean unreachable;

        ValType[] labelTypes() {
            return kind == Opcode.LOOP ? start : end;
        }
    }

    FunctionValidator(ModuleValidator mv) {
        this.mv = mv;
        this.module = mv.module;
    }

    // ---------------------------------------------------------------- entry points

    /** Validates the body of defined function {@code funcIndex} of type {@code type} (spec 3.4.1). */
    void validateFunction(int funcIndex, FuncType type, FunctionBody body) {
        this.funcIndex = funcIndex;
        this.offset = body.codeStart();
        for (ValType t : body.localTypes()) mv.requireSupported(t, offset, funcIndex);
        long total = (long) type.params().size() + body.localCount();
        if (total > ModuleValidator.MAX_FUNCTION_LOCALS) {
            throw invalid("too many locals: " + total + " (the limit is " + ModuleValidator.MAX_FUNCTION_LOCALS + ")");
        }
        ValType[] declared = body.expandLocals();
        locals = new ValType[type.params().size() + declared.length];
        for (int i = 0; i < type.params().size(); i++) locals[i] = type.params().get(i);
        System.arraycopy(declared, 0, locals, type.params().size(), declared.length);
        results = type.results().toArray(new ValType[0]);
        run(body.bytes(), body.codeStart(), body.codeEnd(), results);
    }

    /**
     * Validates a constant expression of result type {@code expected} (spec 3.3.10): first that
     * every instruction is constant, then its typing. Only the first {@code visibleGlobals} globals
     * may be read: for a global's initializer the imported and preceding ones, for a table's the
     * imported ones (tables come before globals), for segments all.
     */
    void validateConst(ConstExpr expr, ValType expected, int visibleGlobals) {
        this.funcIndex = -1;
        this.offset = expr.start();
        this.locals = new ValType[0];
        this.results = new ValType[] {expected};
        CodeReader r = new CodeReader(expr.bytes(), expr.start(), expr.end());
        while (r.hasNext()) {
            Instruction insn = r.next();
            offset = insn.offsetInCode;
            mv.requireSupported(insn.op, offset, -1);
            switch (insn.op) {
                case I32_CONST: case I64_CONST: case F32_CONST: case F64_CONST: case V128_CONST: case REF_NULL: case REF_FUNC:
                case I32_ADD: case I32_SUB: case I32_MUL: case I64_ADD: case I64_SUB: case I64_MUL:
                case END:
                    break;
                case GLOBAL_GET:
                    if (!inRange(insn.index, visibleGlobals)) throw invalid("unknown global " + u32(insn.index));
                    if (module.globalType(insn.index).mutable()) throw invalid("constant expression required");
                    break;
                default:
                    throw invalid("constant expression required");
            }
        }
        run(expr.bytes(), expr.start(), expr.end(), results);
    }

    // ---------------------------------------------------------------- the main loop

    private void run(byte[] bytes, int start, int end, ValType[] resultTypes) {
        sp = 0;
        depth = 0;
        pushFrame(Opcode.BLOCK, new ValType[0], resultTypes);
        CodeReader r = new CodeReader(bytes, start, end);
        while (depth > 0) {
            if (!r.hasNext()) throw new MalformedException("END opcode expected", r.position());
            Instruction insn = r.next();
            offset = insn.offsetInCode;
            step(insn);
        }
        if (r.hasNext()) throw new MalformedException("unexpected content after the final end", r.position());
    }

    private void step(Instruction insn) {
        Opcode op = insn.op;
        FuncType numeric = OpcodeSignatures.of(op);
        if (numeric != null) {
            apply(numeric);
            return;
        }
        if (op.prefix == 0xFD) {
            simd(insn);
            return;
        }
        OpcodeSignatures.MemoryAccess access = OpcodeSignatures.memoryAccess(op);
        if (access != null) {
            checkMemarg(insn, access.bytes());
            apply(access.signature());
            return;
        }
        switch (op) {
            case UNREACHABLE:
                setUnreachable();
                break;
            case NOP:
                break;
            case BLOCK: case LOOP: {
                ValType[][] bt = blockType(insn.blockType);
                popVals(bt[0]);
                pushFrame(op, bt[0], bt[1]);
                break;
            }
            case IF: {
                ValType[][] bt = blockType(insn.blockType);
                pop(ValType.I32);
                popVals(bt[0]);
                pushFrame(op, bt[0], bt[1]);
                break;
            }
            case ELSE: {
                Frame f = frames[depth - 1];
                if (f.kind != Opcode.IF) throw new MalformedException("else without matching if", offset);
                popVals(f.end);
                requireFrameEmpty(f);
                sp = f.height;
                f.kind = Opcode.ELSE;
                f.unreachable = false;
                pushVals(f.start);
                break;
            }
            case END: {
                Frame f = frames[depth - 1];
                popVals(f.end);
                requireFrameEmpty(f);
                // An `if` without `else` has an implicit empty else branch: [t1*] -> [t2*] must hold.
                if (f.kind == Opcode.IF && !Arrays.equals(f.start, f.end)) {
                    throw mismatch("type mismatch: if without else must leave its parameters as results, "
                            + str(f.start) + " vs " + str(f.end));
                }
                depth--;
                sp = f.height;
                pushVals(f.end);
                break;
            }
            case BR: {
                popVals(label(insn.index).labelTypes());
                setUnreachable();
                break;
            }
            case BR_IF: {
                ValType[] ts = label(insn.index).labelTypes();
                pop(ValType.I32);
                popVals(ts);
                pushVals(ts);
                break;
            }
            case BR_TABLE:
                brTable(insn);
                break;
            case RETURN:
                popVals(results);
                setUnreachable();
                break;
            case CALL: {
                requireFunction(insn.index);
                apply(module.functionType(insn.index));
                break;
            }
            case CALL_INDIRECT: {
                TableType table = table(insn.index2);
                FuncType ft = funcType(insn.index);
                if (!table.elemType().equals(ValType.FUNCREF)) {
                    throw invalid("type mismatch: call_indirect requires a table of funcref but table "
                            + u32(insn.index2) + " has " + table.elemType());
                }
                pop(ValType.I32);
                apply(ft);
                break;
            }
            case DROP:
                popAny();
                break;
            case SELECT: {
                pop(ValType.I32);
                ValType t1 = popAny();
                ValType t2 = popAny();
                // 3.0 (and 2.0): untyped select only for numeric (or vector) operands; unknown passes.
                if ((t1 != null && !numOrVec(t1)) || (t2 != null && !numOrVec(t2))) {
                    throw invalid("type mismatch: select without a type requires numeric operands, not "
                            + (t1 != null && !numOrVec(t1) ? t1 : t2));
                }
                if (t1 != null && t2 != null && !t1.equals(t2)) {
                    throw invalid("type mismatch: select operands " + t2 + " and " + t1 + " differ");
                }
                push(t1 == null ? t2 : t1);
                break;
            }
            case SELECT_T: {
                if (insn.types.length != 1) throw invalid("invalid result arity other than 1 for select");
                ValType t = insn.types[0];
                mv.requireSupported(t, offset, funcIndex);
                pop(ValType.I32);
                pop(t);
                pop(t);
                push(t);
                break;
            }
            case LOCAL_GET:
                push(local(insn.index));
                break;
            case LOCAL_SET:
                pop(local(insn.index));
                break;
            case LOCAL_TEE: {
                ValType t = local(insn.index);
                pop(t);
                push(t);
                break;
            }
            case GLOBAL_GET:
                push(global(insn.index).type());
                break;
            case GLOBAL_SET: {
                GlobalType g = global(insn.index);
                if (!g.mutable()) throw invalid("immutable global " + u32(insn.index) + " cannot be set");
                pop(g.type());
                break;
            }
            case TABLE_GET: {
                ValType et = table(insn.index).elemType();
                pop(ValType.I32);
                push(et);
                break;
            }
            case TABLE_SET: {
                ValType et = table(insn.index).elemType();
                pop(et);
                pop(ValType.I32);
                break;
            }
            case TABLE_SIZE:
                table(insn.index);
                push(ValType.I32);
                break;
            case TABLE_GROW: {
                ValType et = table(insn.index).elemType();
                pop(ValType.I32);
                pop(et);
                push(ValType.I32);
                break;
            }
            case TABLE_FILL: {
                ValType et = table(insn.index).elemType();
                pop(ValType.I32);
                pop(et);
                pop(ValType.I32);
                break;
            }
            case TABLE_COPY: {
                ValType dst = table(insn.index).elemType();
                ValType src = table(insn.index2).elemType();
                if (!src.equals(dst)) {
                    throw invalid("type mismatch: table.copy from a table of " + src + " to a table of " + dst);
                }
                popVals(I32X3);
                break;
            }
            case TABLE_INIT: {
                ValType dst = table(insn.index2).elemType();
                ValType src = elemSegment(insn.index);
                if (!src.equals(dst)) {
                    throw invalid("type mismatch: table.init of an element segment of " + src
                            + " into a table of " + dst);
                }
                popVals(I32X3);
                break;
            }
            case ELEM_DROP:
                elemSegment(insn.index);
                break;
            case MEMORY_SIZE:
                memory(insn.index);
                push(ValType.I32);
                break;
            case MEMORY_GROW:
                memory(insn.index);
                pop(ValType.I32);
                push(ValType.I32);
                break;
            case MEMORY_FILL:
                memory(insn.index);
                popVals(I32X3);
                break;
            case MEMORY_COPY:
                memory(insn.index);
                memory(insn.index2);
                popVals(I32X3);
                break;
            case MEMORY_INIT:
                memory(insn.index2);
                dataSegment(insn.index);
                popVals(I32X3);
                break;
            case DATA_DROP:
                dataSegment(insn.index);
                break;
            case REF_NULL: {
                String feature = Features.ofHeapType(insn.heapType, module);
                if (feature != null) throw unsupported(feature, "ref.null " + ValType.heapTypeName(insn.heapType));
                push(insn.heapType == ValType.HT_FUNC ? ValType.FUNCREF : ValType.EXTERNREF);
                break;
            }
            case REF_IS_NULL: {
                ValType t = popAny();
                if (t != null && !t.isRef()) {
                    throw invalid("type mismatch: ref.is_null requires a reference but stack has " + t);
                }
                push(ValType.I32);
                break;
            }
            case REF_FUNC:
                requireFunction(insn.index);
                if (!mv.declaredFunctions.get(insn.index)) {
                    throw invalid("undeclared function reference " + u32(insn.index)
                            + " (ref.func needs the function in an element segment, export or global)");
                }
                push(ValType.FUNCREF);
                break;
            default: {
                String feature = Features.ofOpcode(op);
                throw unsupported(feature != null ? feature : "unknown", op.mnemonic);
            }
        }
    }

    private static boolean numOrVec(ValType t) {
        return t.isNumeric() || t.kind == ValType.Kind.V128;
    }

    private static final ValType[] I32X3 = {ValType.I32, ValType.I32, ValType.I32};

    /** A vector instruction (spec 3.3.2, 3.3.7): memarg and lane immediates, then its type. */
    private void simd(Instruction insn) {
        SimdSignatures.Sig sig = SimdSignatures.of(insn.op);
        if (sig == null) throw unsupported(Features.SIMD, insn.op.mnemonic);
        if (sig.memBytes() > 0) checkMemarg(insn, sig.memBytes());
        if (sig.lanes() > 0 && (insn.index < 0 || insn.index >= sig.lanes())) throw invalid("invalid lane index");
        if (insn.op == Opcode.I8X16_SHUFFLE) {
            for (byte b : insn.bytes) if ((b & 0xFF) >= 32) throw invalid("invalid lane index");
        }
        apply(sig.type());
    }

    private void brTable(Instruction insn) {
        int[] targets = insn.targets;
        if (targets.length > ModuleValidator.MAX_BR_TABLE_TARGETS) {
            throw invalid("br_table has " + targets.length + " targets (the limit is "
                    + ModuleValidator.MAX_BR_TABLE_TARGETS + ")");
        }
        ValType[] defaultTypes = label(insn.index).labelTypes();
        for (int t : targets) label(t);
        pop(ValType.I32);
        // Every label must accept the same operands (3.0: the top n values, unknown below the frame).
        int n = defaultTypes.length;
        ValType[] top = peek(n);
        checkLabel(top, defaultTypes);
        for (int t : targets) checkLabel(top, label(t).labelTypes());
        popVals(defaultTypes);
        setUnreachable();
    }

    private void checkLabel(ValType[] top, ValType[] labelTypes) {
        if (labelTypes.length != top.length) {
            throw invalid("type mismatch: br_table targets have different arities " + str(labelTypes)
                    + " and " + top.length);
        }
        for (int i = 0; i < top.length; i++) {
            if (top[i] != null && !top[i].equals(labelTypes[i])) {
                throw invalid("type mismatch: br_table target requires " + str(labelTypes) + " but stack has "
                        + str(top));
            }
        }
    }

    /** The top {@code n} values of the current frame in stack order; unknown (null) where missing. */
    private ValType[] peek(int n) {
        ValType[] out = new ValType[n];
        int height = frames[depth - 1].height;
        for (int i = 0; i < n; i++) {
            int at = sp - n + i;
            out[i] = at >= height ? stack[at] : null;
        }
        return out;
    }

    private ValType[][] blockType(BlockType bt) {
        if (bt.typeIndex() >= 0) {
            funcType(bt.typeIndex()); // checks the index
            return new ValType[][] {mv.params(bt.typeIndex()), mv.results(bt.typeIndex())};
        }
        if (bt.valueType() == null) return new ValType[][] {NONE, NONE};
        mv.requireSupported(bt.valueType(), offset, funcIndex);
        return new ValType[][] {NONE, new ValType[] {bt.valueType()}};
    }

    private static final ValType[] NONE = new ValType[0];

    private void checkMemarg(Instruction insn, int bytes) {
        memory(insn.memory);
        if ((1L << Math.min(insn.align, 62)) > bytes) {
            throw invalid("alignment must not be larger than natural (" + bytes + " bytes)");
        }
        if (Long.compareUnsigned(insn.offset, 0xFFFF_FFFFL) > 0) {
            throw invalid("offset out of range: " + Long.toUnsignedString(insn.offset));
        }
    }

    // ---------------------------------------------------------------- index spaces

    private Frame label(int depthIndex) {
        if (!inRange(depthIndex, depth)) throw invalid("unknown label " + u32(depthIndex));
        return frames[depth - 1 - depthIndex];
    }

    private ValType local(int index) {
        if (!inRange(index, locals.length)) throw invalid("unknown local " + u32(index));
        return locals[index];
    }

    private GlobalType global(int index) {
        if (!inRange(index, module.globalCount())) throw invalid("unknown global " + u32(index));
        return module.globalType(index);
    }

    private TableType table(int index) {
        if (!inRange(index, module.tableCount())) throw invalid("unknown table " + u32(index));
        return module.tableType(index);
    }

    private void memory(int index) {
        if (!inRange(index, module.memoryCount())) throw invalid("unknown memory " + u32(index));
    }

    private void requireFunction(int index) {
        if (!inRange(index, module.functionCount())) throw invalid("unknown function " + u32(index));
    }

    private FuncType funcType(int typeIndex) {
        if (!inRange(typeIndex, module.types.size())) throw invalid("unknown type " + u32(typeIndex));
        if (!module.types.get(typeIndex).isFunc()) throw unsupported(Features.GC, "non-function type " + typeIndex);
        return module.funcType(typeIndex);
    }

    private ValType elemSegment(int index) {
        if (!inRange(index, module.elements.size())) throw invalid("unknown elem segment " + u32(index));
        return ModuleValidator.segmentType(module.elements.get(index));
    }

    private void dataSegment(int index) {
        if (!inRange(index, module.data.size())) throw invalid("unknown data segment " + u32(index));
    }

    private static boolean inRange(int index, int count) {
        return index >= 0 && index < count;
    }

    private static String u32(int index) {
        return Integer.toUnsignedString(index);
    }

    // ---------------------------------------------------------------- operand and control stacks

    private void push(ValType t) {
        if (sp == stack.length) stack = Arrays.copyOf(stack, sp * 2);
        stack[sp++] = t;
    }

    private void pushVals(ValType[] ts) {
        for (ValType t : ts) push(t);
    }

    /** Pops any value; null when the value is unknown (below the height of an unreachable frame). */
    private ValType popAny() {
        Frame f = frames[depth - 1];
        if (sp == f.height) {
            if (f.unreachable) return null;
            throw mismatch("type mismatch: instruction requires a value but stack has []");
        }
        return stack[--sp];
    }

    private ValType pop(ValType expect) {
        Frame f = frames[depth - 1];
        if (sp == f.height) {
            if (f.unreachable) return expect;
            throw mismatch("type mismatch: instruction requires [" + expect + "] but stack has []");
        }
        ValType actual = stack[--sp];
        if (actual != null && !actual.equals(expect)) {
            throw mismatch("type mismatch: instruction requires [" + expect + "] but stack has [" + actual + "]");
        }
        return actual;
    }

    private void popVals(ValType[] ts) {
        for (int i = ts.length - 1; i >= 0; i--) pop(ts[i]);
    }

    private void apply(FuncType ft) {
        for (int i = ft.params().size() - 1; i >= 0; i--) pop(ft.params().get(i));
        for (ValType t : ft.results()) push(t);
    }

    private void pushFrame(Opcode kind, ValType[] start, ValType[] end) {
        if (depth >= ModuleValidator.MAX_CONTROL_DEPTH) {
            throw invalid("control frames nested too deeply (the limit is " + ModuleValidator.MAX_CONTROL_DEPTH + ")");
        }
        if (depth == frames.length) frames = Arrays.copyOf(frames, depth * 2);
        Frame f = frames[depth];
        if (f == null) frames[depth] = f = new Frame();
        f.kind = kind;
        f.start = start;
        f.end = end;
        f.height = sp;
        f.unreachable = false;
        depth++;
        pushVals(start);
    }

    private void requireFrameEmpty(Frame f) {
        if (sp != f.height) {
            throw mismatch("type mismatch: block requires " + str(f.end) + " but stack has "
                    + (sp - f.height) + " more value(s)");
        }
    }

    private void setUnreachable() {
        Frame f = frames[depth - 1];
        sp = f.height;
        f.unreachable = true;
    }

    // ---------------------------------------------------------------- errors

    private InvalidException mismatch(String reason) {
        return invalid(reason);
    }

    private InvalidException invalid(String reason) {
        if (funcIndex < 0) return new InvalidException(reason, offset);
        return new InvalidException(reason, offset, funcIndex, module.functionName(funcIndex));
    }

    private UnsupportedFeatureException unsupported(String feature, String what) {
        return mv.unsupported(feature, what, offset, funcIndex);
    }

    private static String str(ValType[] ts) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < ts.length; i++) {
            if (i > 0) sb.append(' ');
            sb.append(ts[i] == null ? "_" : ts[i].toString());
        }
        return sb.append(']').toString();
    }
}
