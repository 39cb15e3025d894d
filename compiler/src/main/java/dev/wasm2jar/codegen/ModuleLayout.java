package dev.wasm2jar.codegen;

import dev.wasm2jar.binary.CodeReader;
import dev.wasm2jar.error.UnsupportedFeatureException;
import dev.wasm2jar.model.ConstExpr;
import dev.wasm2jar.model.Export;
import dev.wasm2jar.model.ExternKind;
import dev.wasm2jar.model.FuncType;
import dev.wasm2jar.model.GlobalType;
import dev.wasm2jar.model.Instruction;
import dev.wasm2jar.model.Module;
import dev.wasm2jar.model.Opcode;
import dev.wasm2jar.model.ValType;
import dev.wasm2jar.runtime.WasmBacktrace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The plan of the generated classes, made before any code is emitted: which class and method
 * each function becomes, how each global is stored, the call_indirect dispatchers and where they
 * live. Code classes are filled up to an estimated constant-pool budget (see {@link FunctionScan}).
 */
final class ModuleLayout {
    static final String RT = "dev/wasm2jar/runtime/";
    static final String MODULE_INSTANCE = RT + "ModuleInstance";
    /** Constant-pool entries we allow one class before starting the next (the limit is 65,535). */
    static final int POOL_BUDGET = 40_000;
    /** The instance field holding a split function's frame array between calls (see FunctionCompiler.ensureFrame). */
    static final String SPARE_FRAME = "spareFrame";
    static final int MAX_FUNCTIONS_PER_CLASS = 2_000;
    static final int MAX_CODE_BYTES_PER_CLASS = 1 << 20;
    private static final int MAX_NAME = 200;

    final Module module;
    final String className;
    final String instDesc;
    final int importedFuncs;
    /** {@link CodegenOptions#interruptible()}. */
    final boolean interruptible;
    /** Per type index: index of the structurally equal function type in {@link #canonicalTypes}, or -1. */
    final int[] canonicalType;
    final List<FuncType> canonicalTypes = new ArrayList<>();
    /** Per defined function. */
    final FunctionScan[] scans;
    /** Which calls may grow a memory. */
    MemoryGrowth growth;
    final List<String> codeClasses = new ArrayList<>();
    /** Per function index: index into codeClasses (-1 for imports). */
    final int[] funcClass;
    /** Per function index: the method name (imports: the bridge in the instance class). */
    final String[] methodName;
    final GlobalInfo[] globals;
    final Map<Long, Dispatcher> dispatchers = new TreeMap<>();
    final List<String> dispatchClasses = new ArrayList<>();
    int maxResults = 1;

    /** How a global is stored. */
    static final class GlobalInfo {
        final int index;
        final ValType type;
        final boolean mutable;
        final boolean imported;
        /** Imported or exported: lives in a runtime Global box, shared by reference. */
        final boolean boxed;
        /** For immutable globals with a constant initializer: the value, inlined at every use. */
        final ConstValue constant;
        final String field;

        GlobalInfo(int index, ValType type, boolean mutable, boolean imported, boolean boxed, ConstValue constant) {
            this.index = index;
            this.type = type;
            this.mutable = mutable;
            this.imported = imported;
            this.boxed = boxed;
            this.constant = constant;
            this.field = "g" + index;
        }

        String fieldDesc() {
            return boxed ? "L" + RT + "Global;" : JvmType.of(type).desc;
        }
    }

    /** A constant: raw bits of a number, or the null reference. */
    record ConstValue(ValType type, long bits, boolean isNull) {
    }

    /**
     * A call_indirect dispatcher for one (function type, table): {@code static R name(params..., int
     * index, Inst inst)}; its switch over this module's functions of that type is split into chunk
     * methods of {@code 1 << chunkShift} function indices when there are many.
     */
    record Dispatcher(int type, int table, String owner, String name, String desc, List<Integer> cases, int chunkShift,
                      Map<Integer, String> chunkOwners) {
        /** The class of chunk method {@code chunk} (function indices {@code chunk << chunkShift ...}). */
        String chunkOwner(int chunk) {
            return chunkOwners.get(chunk);
        }
    }

    ModuleLayout(Module module, CodegenOptions options) {
        this.module = module;
        this.className = options.internalName();
        this.instDesc = "L" + className + ";";
        this.importedFuncs = module.importedFunctionCount();
        this.interruptible = options.interruptible();

        canonicalType = new int[module.types.size()];
        Map<FuncType, Integer> canon = new HashMap<>();
        for (int i = 0; i < canonicalType.length; i++) {
            if (!module.types.get(i).isFunc()) {
                throw new UnsupportedFeatureException("gc", "type " + i + " is not a function type", -1);
            }
            FuncType ft = module.funcType(i);
            for (ValType v : ft.params()) checkValType(v);
            for (ValType v : ft.results()) checkValType(v);
            maxResults = Math.max(maxResults, SimdTypes.flat(ft.results()).size()); // v128: two
            canonicalType[i] = canon.computeIfAbsent(ft, k -> {
                canonicalTypes.add(k);
                return canonicalTypes.size() - 1;
            });
        }

        int nf = module.functionCount();
        funcClass = new int[nf];
        methodName = new String[nf];
        for (int i = 0; i < importedFuncs; i++) {
            funcClass[i] = -1;
            methodName[i] = "import" + i;
        }
        scans = new FunctionScan[module.functions.size()];
        for (int d = 0; d < scans.length; d++) {
            int f = importedFuncs + d;
            for (ValType v : module.codes.get(d).localTypes()) checkValType(v);
            methodName[f] = functionMethodName(f, module.names.functions.get(f));
        }
        scanFunctions();
        planCodeClasses();
        globals = planGlobals();
        planDispatchers();
    }

    /**
     * Scans (and plans the splitting of) every function; on many cores for big modules. The first
     * failing function by index is reported, as a sequential pass would.
     */
    private void scanFunctions() {
        RuntimeException[] errors = new RuntimeException[scans.length];
        java.util.stream.IntStream ds = java.util.stream.IntStream.range(0, scans.length);
        if (scans.length > 500) ds = ds.parallel();
        ds.forEach(d -> {
            try {
                scans[d] = FunctionScan.scan(module, importedFuncs + d, module.codes.get(d), canonicalType);
            } catch (RuntimeException e) {
                errors[d] = e;
            }
        });
        for (RuntimeException e : errors) if (e != null) throw e;
        growth = MemoryGrowth.of(module, scans, canonicalType);
        java.util.BitSet runsOnce = RunOnce.functions(module, scans);
        ds = java.util.stream.IntStream.range(0, scans.length);
        if (scans.length > 500) ds = ds.parallel();
        ds.forEach(d -> scans[d].plan(module, importedFuncs + d, module.codes.get(d), runsOnce.get(importedFuncs + d)));
    }

    private static void checkValType(ValType v) {
        if (v.isRef() && !isFuncOrExtern(v)) throw new UnsupportedFeatureException("function-references", "reference type " + v, -1);
    }

    /** funcref/externref, or their non-null forms (the decoder types function-index segments as (ref func)). */
    static boolean isFuncOrExtern(ValType v) {
        return v.isRef() && (v.heapType == ValType.HT_FUNC || v.heapType == ValType.HT_EXTERN);
    }

    static String functionMethodName(int index, String name) {
        if (name == null || name.isEmpty()) return "f" + index;
        String n = WasmBacktrace.escape(name);
        if (n.length() > MAX_NAME) n = n.substring(0, MAX_NAME);
        return "f" + index + "_" + n;
    }

    private void planCodeClasses() {
        int pool = Integer.MAX_VALUE / 2, count = 0;
        long bytes = 0;
        for (int d = 0; d < scans.length; d++) {
            FunctionScan s = scans[d];
            int cost = s.poolEstimate + (module.functionType(importedFuncs + d).results().size() > 1 ? 16 : 0);
            if (pool + cost > POOL_BUDGET || count >= MAX_FUNCTIONS_PER_CLASS || bytes + s.codeSize > MAX_CODE_BYTES_PER_CLASS) {
                codeClasses.add(className + "$Code" + codeClasses.size());
                pool = 20;
                count = 0;
                bytes = 0;
            }
            pool += cost;
            count++;
            bytes += s.codeSize;
            funcClass[importedFuncs + d] = codeClasses.size() - 1;
        }
    }

    private GlobalInfo[] planGlobals() {
        int n = module.globalCount();
        boolean[] exported = new boolean[n];
        for (Export e : module.exports) if (e.kind() == ExternKind.GLOBAL) exported[e.index()] = true;
        GlobalInfo[] out = new GlobalInfo[n];
        int imported = module.importedGlobalCount();
        for (int i = 0; i < n; i++) {
            GlobalType gt = module.globalType(i);
            checkValType(gt.type());
            ConstValue c = null;
            if (i >= imported && !gt.mutable()) c = constantOf(module.globals.get(i - imported).init());
            // v128 globals always live in a Global box (two longs: bits and hi).
            boolean v128 = SimdTypes.isV128(gt.type());
            out[i] = new GlobalInfo(i, gt.type(), gt.mutable(), i < imported, i < imported || exported[i] || v128, v128 ? null : c);
        }
        return out;
    }

    /** The value of a constant expression that is a single constant, or null. */
    static ConstValue constantOf(ConstExpr e) {
        CodeReader r = new CodeReader(e.bytes(), e.start(), e.end());
        if (!r.hasNext()) return null;
        Instruction in = r.next();
        ConstValue v;
        switch (in.op) {
            case I32_CONST: v = new ConstValue(ValType.I32, in.intValue(), false); break;
            case I64_CONST: v = new ConstValue(ValType.I64, in.longValue, false); break;
            case F32_CONST: v = new ConstValue(ValType.F32, in.longValue & 0xFFFF_FFFFL, false); break;
            case F64_CONST: v = new ConstValue(ValType.F64, in.longValue, false); break;
            case REF_NULL: v = new ConstValue(ValType.FUNCREF, 0, true); break;
            default: return null;
        }
        if (!r.hasNext() || r.next().op != Opcode.END || r.hasNext()) return null;
        return v;
    }

    private int dispatchPool = Integer.MAX_VALUE / 2;

    /** The dispatch class that takes {@code cost} more constant-pool entries. */
    private String dispatchClass(int cost) {
        if (dispatchPool + cost > POOL_BUDGET) {
            dispatchClasses.add(className + "$Dispatch" + dispatchClasses.size());
            dispatchPool = 20;
        }
        dispatchPool += cost;
        return dispatchClasses.get(dispatchClasses.size() - 1);
    }

    private void planDispatchers() {
        List<Long> keys = new ArrayList<>();
        for (FunctionScan s : scans) keys.addAll(s.indirect);
        keys.sort(null);
        for (long key : keys) {
            if (dispatchers.containsKey(key)) continue;
            int type = dispatchType(key), table = dispatchTable(key);
            List<Integer> cases = new ArrayList<>();
            for (int f = importedFuncs; f < module.functionCount(); f++) {
                if (canonicalType[module.functionTypeIndex(f)] == type) cases.add(f);
            }
            FuncType ft = SimdTypes.flat(canonicalTypes.get(type));
            // Keep each switch method well under HotSpot's 8000-byte limit for JIT compilation.
            int bytesPerCase = 10 + 2 * ft.params().size();
            int shift = 10;
            while (shift > 4 && (1 << shift) * bytesPerCase > 6000) shift--;
            int span = cases.isEmpty() ? 0 : cases.get(cases.size() - 1) - cases.get(0);
            int chunkShift = span < (1 << shift) ? 0 : shift;
            String desc = "(" + paramDesc(ft) + "I" + instDesc + ")" + JvmType.returnDesc(ft.results());
            String name = "callIndirect" + type + "_" + table;
            Map<Integer, String> chunkOwners = new HashMap<>();
            String owner;
            if (chunkShift == 0) {
                owner = dispatchClass(40 + 4 * cases.size());
            } else {
                // Chunk methods are spread over classes like functions: one type may have most of a
                // module's functions, more method references than one class can hold.
                Map<Integer, Integer> perChunk = new TreeMap<>();
                for (int f : cases) perChunk.merge(f >> chunkShift, 1, Integer::sum);
                owner = dispatchClass(40 + 6 * perChunk.size());
                for (Map.Entry<Integer, Integer> e : perChunk.entrySet()) {
                    chunkOwners.put(e.getKey(), dispatchClass(10 + 4 * e.getValue()));
                }
            }
            dispatchers.put(key, new Dispatcher(type, table, owner, name, desc, cases, chunkShift, chunkOwners));
        }
    }

    static String paramDesc(FuncType ft) {
        StringBuilder sb = new StringBuilder();
        for (ValType p : ft.params()) sb.append(JvmType.of(p).desc);
        return sb.toString();
    }

    Dispatcher dispatcher(int typeIndex, int table) {
        return dispatchers.get(dispatchKey(canonicalType[typeIndex], table));
    }

    /** The key of a call_indirect dispatcher: the canonical function type and the table. */
    static long dispatchKey(int canonicalType, int table) {
        return ((long) canonicalType << 32) | table;
    }

    /** The canonical function type of a {@link #dispatchKey}. */
    static int dispatchType(long key) {
        return (int) (key >>> 32);
    }

    /** The table of a {@link #dispatchKey}. */
    static int dispatchTable(long key) {
        return (int) key;
    }

    /** Internal name of the class that holds function {@code f}'s method. */
    String funcOwner(int f) {
        return f < importedFuncs ? className : codeClasses.get(funcClass[f]);
    }

    String funcDesc(int f) {
        return JvmType.methodDesc(SimdTypes.flat(module.functionType(f)), instDesc);
    }

    /** The method of part {@code r} of split function {@code f} (in the function's class). */
    String regionMethod(int f, SplitPlan.Region r) {
        return methodName[f] + "$s" + r.id;
    }

    /** {@code long[] takeFrame$(Inst, int size)} of code classes (CodeClassGenerator.frameHelpers). */
    String takeFrameDesc() {
        return "(" + instDesc + "I)[J";
    }

    /** {@code void giveFrame$(Inst, long[] frameOrNull)}. */
    String giveFrameDesc() {
        return "(" + instDesc + "[J)V";
    }

    String regionDesc() {
        return "([J[Ljava/lang/Object;" + instDesc + ")I";
    }

    FunctionScan scan(int f) {
        return scans[f - importedFuncs];
    }
}
