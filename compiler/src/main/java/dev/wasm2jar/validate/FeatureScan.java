package dev.wasm2jar.validate;

import dev.wasm2jar.binary.CodeReader;
import dev.wasm2jar.error.ModuleException;
import dev.wasm2jar.error.UnsupportedFeatureException;
import dev.wasm2jar.model.ConstExpr;
import dev.wasm2jar.model.DataSegment;
import dev.wasm2jar.model.ElementSegment;
import dev.wasm2jar.model.Export;
import dev.wasm2jar.model.ExternKind;
import dev.wasm2jar.model.FuncType;
import dev.wasm2jar.model.FunctionBody;
import dev.wasm2jar.model.Global;
import dev.wasm2jar.model.GlobalType;
import dev.wasm2jar.model.Import;
import dev.wasm2jar.model.Instruction;
import dev.wasm2jar.model.MemoryType;
import dev.wasm2jar.model.Module;
import dev.wasm2jar.model.Table;
import dev.wasm2jar.model.TableType;
import dev.wasm2jar.model.TypeDef;
import dev.wasm2jar.model.ValType;

/**
 * Looks through a whole module for the first construct of an unsupported feature, without
 * validating anything. Used when validation found the module invalid: if the module also uses a
 * feature we do not implement, that is reported instead, since the error may come from our not
 * knowing the feature's rules. Anything that does not decode is skipped.
 */
final class FeatureScan {
    private final Module module;

    private FeatureScan(Module module) {
        this.module = module;
    }

    /** The first unsupported feature found in {@code module}, or null. */
    static UnsupportedFeatureException firstUnsupported(Module module) {
        try {
            new FeatureScan(module).scan();
            return null;
        } catch (UnsupportedFeatureException e) {
            return e;
        } catch (RuntimeException e) {
            return null; // an inconsistent model: let the validation error stand
        }
    }

    private void scan() {
        for (int i = 0; i < module.types.size(); i++) {
            TypeDef def = module.types.get(i);
            check(Features.ofTypeDef(def), "type " + i, -1);
            check(Features.ofFuncType((FuncType) def.type(), module), "type " + i, -1);
        }
        for (Import imp : module.imports) {
            if (imp.kind() == ExternKind.TAG) check(Features.EXCEPTIONS, "tag import", imp.offset());
            if (imp.type() instanceof TableType t) table(t, imp.offset());
            if (imp.type() instanceof MemoryType m) check(Features.ofLimits(m.limits()), "memory limits", imp.offset());
            if (imp.type() instanceof GlobalType g) valType(g.type(), imp.offset());
        }
        if (!module.tags.isEmpty()) check(Features.EXCEPTIONS, "tag definitions", -1);
        for (MemoryType m : module.memories) check(Features.ofLimits(m.limits()), "memory limits", -1);
        for (Table t : module.tables) {
            table(t.type(), -1);
            if (t.init() != null) {
                expr(t.init());
                if (!ModuleValidator.TABLE_INITIALIZERS_SUPPORTED) {
                    check(Features.FUNCTION_REFERENCES, "table with an initializer expression", t.init().start());
                }
            }
        }
        for (Global g : module.globals) {
            valType(g.type().type(), g.init().start());
            expr(g.init());
        }
        for (ElementSegment seg : module.elements) {
            valType(ModuleValidator.segmentType(seg), seg.byteOffset());
            if (seg.exprs() != null) for (ConstExpr e : seg.exprs()) expr(e);
            if (seg.offset() != null) expr(seg.offset());
        }
        for (DataSegment d : module.data) if (d.offset() != null) expr(d.offset());
        for (Export e : module.exports) {
            if (e.kind() == ExternKind.TAG) check(Features.EXCEPTIONS, "tag export", e.offset());
        }
        for (FunctionBody body : module.codes) {
            for (ValType t : body.localTypes()) valType(t, body.codeStart());
            code(body.bytes(), body.codeStart(), body.codeEnd());
        }
    }

    private void table(TableType t, int offset) {
        check(Features.ofLimits(t.limits()), "table limits", offset);
        valType(t.elemType(), offset);
    }

    private void expr(ConstExpr e) {
        code(e.bytes(), e.start(), e.end());
    }

    private void code(byte[] bytes, int start, int end) {
        CodeReader r = new CodeReader(bytes, start, end);
        while (true) {
            Instruction insn;
            try {
                if (!r.hasNext()) return;
                insn = r.next();
            } catch (ModuleException e) {
                return;
            }
            instruction(insn);
        }
    }

    private void instruction(Instruction insn) {
        int at = insn.offsetInCode;
        check(Features.ofOpcode(insn.op), insn.op.mnemonic, at);
        switch (insn.op.imm) {
            case BLOCK:
                if (insn.blockType.valueType() != null) valType(insn.blockType.valueType(), at);
                int ti = insn.blockType.typeIndex();
                if (ti >= 0 && ti < module.types.size() && !module.types.get(ti).isFunc()) {
                    check(Features.GC, "block of a non-function type", at);
                }
                break;
            case SELECT_T:
                for (ValType t : insn.types) valType(t, at);
                break;
            case HEAP_TYPE:
                check(Features.ofHeapType(insn.heapType, module), "heap type", at);
                break;
            default:
                break;
        }
    }

    private void valType(ValType t, int offset) {
        check(Features.ofValType(t, module), "type " + t, offset);
    }

    private static void check(String feature, String what, int offset) {
        if (feature != null) throw new UnsupportedFeatureException(feature, what, offset);
    }
}
