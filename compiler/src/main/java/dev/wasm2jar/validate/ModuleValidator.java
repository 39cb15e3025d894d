package dev.wasm2jar.validate;

import dev.wasm2jar.binary.CodeReader;
import dev.wasm2jar.error.InvalidException;
import dev.wasm2jar.error.ModuleException;
import dev.wasm2jar.error.UnsupportedFeatureException;
import dev.wasm2jar.model.ConstExpr;
import dev.wasm2jar.model.DataSegment;
import dev.wasm2jar.model.ElementSegment;
import dev.wasm2jar.model.Export;
import dev.wasm2jar.model.ExternKind;
import dev.wasm2jar.model.FuncImportType;
import dev.wasm2jar.model.FuncType;
import dev.wasm2jar.model.Global;
import dev.wasm2jar.model.GlobalType;
import dev.wasm2jar.model.Import;
import dev.wasm2jar.model.Instruction;
import dev.wasm2jar.model.Limits;
import dev.wasm2jar.model.MemoryType;
import dev.wasm2jar.model.Module;
import dev.wasm2jar.model.Opcode;
import dev.wasm2jar.model.SegmentMode;
import dev.wasm2jar.model.Table;
import dev.wasm2jar.model.TableType;
import dev.wasm2jar.model.TypeDef;
import dev.wasm2jar.model.ValType;

import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;

/**
 * Validates a decoded module (spec chapter 3) before code generation.
 *
 * <p>WebAssembly 1.0 and 2.0 (SIMD and relaxed SIMD included) are validated completely, with the 3.0 rules where 3.0
 * changed them (constant expressions may read any preceding immutable global and use the
 * extended-const {@code add/sub/mul}; {@code ref.func} in a body needs a declaration outside the
 * bodies). The first error is thrown as an {@link InvalidException} whose reason starts with the
 * reference interpreter's wording (e.g. "type mismatch", "unknown local 3"). Constructs of
 * proposals this compiler does not implement yet (see {@link Features}) are thrown as an
 * {@link UnsupportedFeatureException}. When a module is invalid <em>and</em> uses an unsupported
 * feature anywhere, the unsupported feature is reported: we cannot know whether the module would be
 * invalid for a compiler that implements it.
 *
 * <p>Implementation limits, to reject hostile input cleanly rather than run out of JVM resources.
 * They are the limits web engines use (V8's {@code kV8MaxWasmFunctionLocals},
 * {@code kV8MaxWasmFunctionBrTableSize}; SpiderMonkey uses the same values):
 * <ul>
 *   <li>{@link #MAX_FUNCTION_LOCALS} parameters plus locals per function (a JVM method has at most
 *       65,535 local slots),</li>
 *   <li>{@link #MAX_CONTROL_DEPTH} nested control frames in a body (the function's own frame
 *       included),</li>
 *   <li>{@link #MAX_BR_TABLE_TARGETS} targets in one {@code br_table}.</li>
 * </ul>
 */
public final class ModuleValidator {
    public static final int MAX_FUNCTION_LOCALS = 50_000;
    public static final int MAX_CONTROL_DEPTH = 10_000;
    public static final int MAX_BR_TABLE_TARGETS = 1_000_000;

    /**
     * Table definitions with an explicit initializer expression (3.0, from the function-references
     * proposal) are validated but reported as unsupported until the code generator fills tables
     * from them.
     */
    static final boolean TABLE_INITIALIZERS_SUPPORTED = false;

    final Module module;
    /** C.refs (spec 3.4.10): functions that may be named by {@code ref.func} in a function body. */
    final BitSet declaredFunctions = new BitSet();
    private final ValType[][] paramsByType;
    private final ValType[][] resultsByType;

    private ModuleValidator(Module module) {
        this.module = module;
        this.paramsByType = new ValType[module.types.size()][];
        this.resultsByType = new ValType[module.types.size()][];
    }

    /**
     * Validates {@code module}; returns normally when it is valid and uses only supported features.
     *
     * @throws InvalidException the module breaks a validation rule
     * @throws UnsupportedFeatureException the module uses a feature not implemented yet
     */
    public static void validate(Module module) {
        try {
            new ModuleValidator(module).validateModule();
        } catch (InvalidException e) {
            UnsupportedFeatureException u = FeatureScan.firstUnsupported(module);
            if (u != null) throw u;
            throw e;
        }
    }

    private void validateModule() {
        // Types (spec 3.2): everything beyond plain function types is GC.
        for (int i = 0; i < module.types.size(); i++) {
            TypeDef def = module.types.get(i);
            String f = Features.ofTypeDef(def);
            if (f == null) f = Features.ofFuncType((FuncType) def.type(), module);
            if (f != null) throw unsupported(f, "type " + i + ": " + def.type(), -1, -1);
        }

        // Imports (spec 3.4.9).
        for (Import imp : module.imports) {
            switch (imp.kind()) {
                case FUNC:
                    requireFuncTypeIndex(((FuncImportType) imp.type()).typeIndex(), imp.offset());
                    break;
                case TABLE:
                    checkTableType((TableType) imp.type(), imp.offset());
                    break;
                case MEMORY:
                    checkMemoryType((MemoryType) imp.type(), imp.offset());
                    break;
                case GLOBAL:
                    requireSupported(((GlobalType) imp.type()).type(), imp.offset(), -1);
                    break;
                default:
                    throw unsupported(Features.EXCEPTIONS, "tag import " + imp.module() + "." + imp.name(),
                            imp.offset(), -1);
            }
        }
        for (int typeIndex : module.functions) requireFuncTypeIndex(typeIndex, -1);
        if (!module.tags.isEmpty()) throw unsupported(Features.EXCEPTIONS, "tag definitions", -1, -1);

        // Tables and memories (spec 3.2.4-3.2.5, 3.4.3-3.4.4).
        for (Table t : module.tables) checkTableType(t.type(), -1);
        for (MemoryType m : module.memories) checkMemoryType(m, -1);

        collectDeclaredFunctions();
        FunctionValidator fv = new FunctionValidator(this);

        // Globals (spec 3.4.5): an initializer sees the imported and the preceding globals.
        int imported = module.importedGlobalCount();
        for (int i = 0; i < module.globals.size(); i++) {
            Global g = module.globals.get(i);
            requireSupported(g.type().type(), g.init().start(), -1);
            fv.validateConst(g.init(), g.type().type(), imported + i);
        }

        // Table initializers see only imported globals: the table section precedes the globals.
        for (Table t : module.tables) {
            if (t.init() == null) continue;
            fv.validateConst(t.init(), t.type().elemType(), imported);
            if (!TABLE_INITIALIZERS_SUPPORTED) {
                throw unsupported(Features.FUNCTION_REFERENCES, "table with an initializer expression",
                        t.init().start(), -1);
            }
        }

        // Element segments (spec 3.4.6).
        for (int i = 0; i < module.elements.size(); i++) checkElementSegment(fv, module.elements.get(i));

        // Data segments (spec 3.4.7).
        for (DataSegment d : module.data) {
            if (d.mode() != SegmentMode.ACTIVE) continue;
            if (d.memory() < 0 || d.memory() >= module.memoryCount()) {
                throw new InvalidException("unknown memory " + Integer.toUnsignedString(d.memory()), d.byteOffset());
            }
            fv.validateConst(d.offset(), ValType.I32, module.globalCount());
        }

        // Function bodies (spec 3.4.1).
        if (module.codes.size() != module.functions.size()) {
            throw new InvalidException("function and code section have inconsistent lengths", -1);
        }
        int firstDefined = module.importedFunctionCount();
        for (int i = 0; i < module.codes.size(); i++) {
            int funcIndex = firstDefined + i;
            fv.validateFunction(funcIndex, module.functionType(funcIndex), module.codes.get(i));
        }

        // Start function (spec 3.4.8).
        if (module.start != -1) {
            if (module.start < 0 || module.start >= module.functionCount()) {
                throw new InvalidException("unknown function " + Integer.toUnsignedString(module.start), -1);
            }
            FuncType ft = module.functionType(module.start);
            if (!ft.params().isEmpty() || !ft.results().isEmpty()) {
                throw new InvalidException("start function must not have parameters or results, but has type " + ft, -1);
            }
        }

        // Exports (spec 3.4.10).
        Set<String> names = new HashSet<>();
        for (Export e : module.exports) {
            int count;
            switch (e.kind()) {
                case FUNC: count = module.functionCount(); break;
                case TABLE: count = module.tableCount(); break;
                case MEMORY: count = module.memoryCount(); break;
                case GLOBAL: count = module.globalCount(); break;
                default: throw unsupported(Features.EXCEPTIONS, "tag export " + e.name(), e.offset(), -1);
            }
            if (e.index() < 0 || e.index() >= count) {
                throw new InvalidException("unknown " + kindName(e.kind()) + " " + Integer.toUnsignedString(e.index()),
                        e.offset());
            }
            if (!names.add(e.name())) throw new InvalidException("duplicate export name \"" + e.name() + "\"", e.offset());
        }
    }

    /**
     * The type of an element segment as far as this validator is concerned. Segments given as
     * function indices (binary encodings 0-3) have type {@code (ref func)} in 3.0; with only 2.0
     * tables (funcref, externref) that behaves exactly like funcref, the type 2.0 gave them.
     */
    static ValType segmentType(ElementSegment seg) {
        if (seg.functionIndices() != null && seg.type().equals(NON_NULL_FUNCREF)) return ValType.FUNCREF;
        return seg.type();
    }

    private static final ValType NON_NULL_FUNCREF = ValType.ref(false, ValType.HT_FUNC);

    private void checkElementSegment(FunctionValidator fv, ElementSegment seg) {
        ValType type = segmentType(seg);
        requireSupported(type, seg.byteOffset(), -1);
        if (seg.functionIndices() != null) {
            if (!type.equals(ValType.FUNCREF)) {
                throw new InvalidException("type mismatch: function indices in a segment of " + type, seg.byteOffset());
            }
            for (int f : seg.functionIndices()) {
                if (f < 0 || f >= module.functionCount()) {
                    throw new InvalidException("unknown function " + Integer.toUnsignedString(f), seg.byteOffset());
                }
            }
        } else {
            for (ConstExpr e : seg.exprs()) fv.validateConst(e, type, module.globalCount());
        }
        if (seg.mode() == SegmentMode.ACTIVE) {
            if (seg.table() < 0 || seg.table() >= module.tableCount()) {
                throw new InvalidException("unknown table " + Integer.toUnsignedString(seg.table()), seg.byteOffset());
            }
            ValType tableType = module.tableType(seg.table()).elemType();
            if (!tableType.equals(type)) {
                throw new InvalidException("type mismatch: element segment's type " + type
                        + " does not match table's element type " + tableType, seg.byteOffset());
            }
            fv.validateConst(seg.offset(), ValType.I32, module.globalCount());
        }
    }

    /** Limits of a table (spec 3.2.4 in 3.0): at most 2^32-1 elements for 32-bit tables. */
    private void checkTableType(TableType t, int offset) {
        String f = Features.ofLimits(t.limits());
        if (f != null) throw unsupported(f, "table limits", offset, -1);
        requireSupported(t.elemType(), offset, -1);
        checkLimits(t.limits(), 0xFFFF_FFFFL, "table size must be at most 2^32-1", offset);
    }

    /** Limits of a memory (spec 3.2.5): at most 65536 pages of 64 KiB. */
    private void checkMemoryType(MemoryType m, int offset) {
        String f = Features.ofLimits(m.limits());
        if (f != null) throw unsupported(f, "memory limits", offset, -1);
        checkLimits(m.limits(), 65536, "memory size must be at most 65536 pages (4GiB)", offset);
    }

    private static void checkLimits(Limits l, long range, String message, int offset) {
        if (Long.compareUnsigned(l.min(), range) > 0) throw new InvalidException(message, offset);
        if (l.hasMax()) {
            if (Long.compareUnsigned(l.max(), range) > 0) throw new InvalidException(message, offset);
            if (Long.compareUnsigned(l.min(), l.max()) > 0) {
                throw new InvalidException("size minimum must not be greater than maximum", offset);
            }
        }
    }

    private void requireFuncTypeIndex(int typeIndex, int offset) {
        if (typeIndex < 0 || typeIndex >= module.types.size()) {
            throw new InvalidException("unknown type " + Integer.toUnsignedString(typeIndex), offset);
        }
        if (!module.types.get(typeIndex).isFunc()) {
            throw unsupported(Features.GC, "non-function type " + typeIndex + " for a function", offset, -1);
        }
    }

    /**
     * C.refs: the functions named by {@code ref.func} or by index anywhere outside function bodies
     * and the start section (globals, tables, element segments, exports). Const expressions that do
     * not decode are skipped here; validating them reports the error.
     */
    private void collectDeclaredFunctions() {
        for (Global g : module.globals) collectRefs(g.init());
        for (Table t : module.tables) collectRefs(t.init());
        for (ElementSegment seg : module.elements) {
            if (seg.functionIndices() != null) {
                for (int f : seg.functionIndices()) if (f >= 0) declaredFunctions.set(f);
            } else {
                for (ConstExpr e : seg.exprs()) collectRefs(e);
            }
            collectRefs(seg.offset());
        }
        for (DataSegment d : module.data) collectRefs(d.offset());
        for (Export e : module.exports) {
            if (e.kind() == ExternKind.FUNC && e.index() >= 0) declaredFunctions.set(e.index());
        }
    }

    private void collectRefs(ConstExpr e) {
        if (e == null) return;
        try {
            CodeReader r = new CodeReader(e.bytes(), e.start(), e.end());
            while (r.hasNext()) {
                Instruction insn = r.next();
                if (insn.op == Opcode.REF_FUNC && insn.index >= 0) declaredFunctions.set(insn.index);
            }
        } catch (ModuleException ignored) {
            // reported when the expression itself is validated
        }
    }

    // ---------------------------------------------------------------- helpers for FunctionValidator

    ValType[] params(int typeIndex) {
        ValType[] p = paramsByType[typeIndex];
        if (p == null) paramsByType[typeIndex] = p = module.funcType(typeIndex).params().toArray(new ValType[0]);
        return p;
    }

    ValType[] results(int typeIndex) {
        ValType[] r = resultsByType[typeIndex];
        if (r == null) resultsByType[typeIndex] = r = module.funcType(typeIndex).results().toArray(new ValType[0]);
        return r;
    }

    void requireSupported(ValType t, int offset, int funcIndex) {
        String f = Features.ofValType(t, module);
        if (f != null) throw unsupported(f, "type " + t, offset, funcIndex);
    }

    void requireSupported(Opcode op, int offset, int funcIndex) {
        String f = Features.ofOpcode(op);
        if (f != null) throw unsupported(f, op.mnemonic, offset, funcIndex);
    }

    UnsupportedFeatureException unsupported(String feature, String what, int offset, int funcIndex) {
        if (funcIndex < 0) return new UnsupportedFeatureException(feature, what, offset);
        return new UnsupportedFeatureException(feature, what, offset, funcIndex, module.functionName(funcIndex));
    }

    private static String kindName(ExternKind k) {
        return k == ExternKind.FUNC ? "function" : k.keyword();
    }
}
