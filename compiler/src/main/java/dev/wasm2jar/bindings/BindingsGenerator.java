package dev.wasm2jar.bindings;

import dev.wasm2jar.codegen.CompiledModule;
import dev.wasm2jar.model.Export;
import dev.wasm2jar.model.ExternKind;
import dev.wasm2jar.model.FuncImportType;
import dev.wasm2jar.model.FuncType;
import dev.wasm2jar.model.GlobalType;
import dev.wasm2jar.model.Import;
import dev.wasm2jar.model.Module;
import dev.wasm2jar.model.ValType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the typed Java facade of a compiled module: a class with one method per exported function
 * that calls the generated static method directly (no reflection, no boxing), accessors for exported
 * memories, tables and globals, and, for imported functions, one nested interface per import module
 * that the user implements.
 *
 * <ul>
 *   <li>Java names follow {@link JavaNames}. Parameters are named after the name section's local
 *       names when the module has them, else {@code p0, p1, ...}.</li>
 *   <li>Types: i32 {@code int}, i64 {@code long}, f32 {@code float}, f64 {@code double}, v128
 *       {@code dev.wasm2jar.runtime.V128}, funcref and externref {@code Object}. An export with
 *       several results returns a nested record {@code <Method>Result(r0, r1, ...)}; an imported
 *       function with several results returns {@code Object[]} (boxed, in order). Exports with v128
 *       values are called through {@code WasmFunction.call}; imported functions with v128 values get
 *       no interface method and are supplied through an {@code ImportResolver}.</li>
 *   <li>Constructors: {@code (ImportResolver)} always; {@code ()} when the module has no imports;
 *       one taking the import interfaces (and a {@code dev.wasm2jar.wasi.Wasi} for
 *       {@code wasi_snapshot_preview1}) when those are all the imports. Whenever the module imports
 *       functions, a static {@code imports(...)} gives them as a resolver to combine with others
 *       (e.g. with an imported memory in {@code dev.wasm2jar.runtime.embed.Imports}).</li>
 *   <li>Exported globals: a getter named after the export, and {@code set<Name>} for mutable ones.</li>
 *   <li>Guest failures surface as {@code dev.wasm2jar.runtime.Trap}.</li>
 * </ul>
 */
public final class BindingsGenerator {
    /** The WASI import module, supplied by {@code dev.wasm2jar.wasi.Wasi} rather than an interface. */
    public static final String WASI_MODULE = "wasi_snapshot_preview1";

    private static final String RT = "dev.wasm2jar.runtime.";
    private static final String MH = "java.lang.invoke.MethodHandle";

    private final Module module;
    private final GeneratedMethods methods;
    private final String facade, simpleName, packageName, instanceClass;
    private final String sourceName;
    private final JavaNames members = JavaNames.members();
    private final JavaNames types = JavaNames.types();
    private final SourceWriter out = new SourceWriter();
    /** Fields set by the general constructor: declaration, then initialization. */
    private final List<String[]> instanceFields = new ArrayList<>();
    private final List<String> staticFields = new ArrayList<>();
    private String wasiMemoryField;

    private BindingsGenerator(Module module, CompiledModule compiled, String facade, String sourceName) {
        this.module = module;
        this.methods = GeneratedMethods.of(compiled);
        this.facade = facade;
        int dot = facade.lastIndexOf('.');
        this.simpleName = facade.substring(dot + 1);
        this.packageName = dot < 0 ? "" : facade.substring(0, dot);
        this.instanceClass = compiled.className();
        this.sourceName = sourceName;
        checkSourceName(facade, "facade class");
        checkSourceName(instanceClass, "generated module class");
        if (facade.equals(instanceClass)) throw new IllegalArgumentException("the facade and the generated module class are both " + facade);
        types.reserve(simpleName);
        // Nested types must not take the binary names of generated classes (Calc$Module, Calc$Module$Code0, ...).
        for (String c : compiled.classFiles().keySet()) {
            String binary = c.replace('/', '.');
            if (binary.startsWith(facade + "$")) {
                String rest = binary.substring(facade.length() + 1);
                int d = rest.indexOf('$');
                types.reserve(d < 0 ? rest : rest.substring(0, d));
            }
        }
    }

    /**
     * The facade {@code facadeClassName} (a binary name such as {@code com.example.Calc}) of a
     * module compiled to {@code compiled}; {@code sourceName} (e.g. the .wasm file name) is only
     * mentioned in comments.
     */
    public static JavaSource generate(Module module, CompiledModule compiled, String facadeClassName, String sourceName) {
        BindingsGenerator g = new BindingsGenerator(module, compiled, facadeClassName, sourceName);
        return new JavaSource(facadeClassName, g.write());
    }

    private static void checkSourceName(String name, String what) {
        for (String part : name.split("\\.", -1)) {
            if (!JavaNames.isSourceIdentifier(part)) {
                throw new IllegalArgumentException("the " + what + " name '" + name + "' cannot be written in Java source");
            }
        }
    }

    private String write() {
        // Plan the imports first: the typed constructor needs the interface names.
        ImportPlan imports = planImports();
        SourceWriter exportsOut = new SourceWriter();
        for (Export e : module.exports) exportMember(e, exportsOut);

        out.line("// Generated by wasm2jar from " + oneLine(sourceName) + ". Do not edit.");
        if (!packageName.isEmpty()) out.line("package " + packageName + ";").blank();
        out.line("/**");
        out.line(" * The WebAssembly module <code>" + JavaTypes.doc(sourceName) + "</code> as a Java class: each object is one");
        out.line(" * instance of the module, with its own memory and globals, to be used from one thread at a time.");
        out.line(" * Guest failures are thrown as {@link dev.wasm2jar.runtime.Trap}.");
        out.line(" */");
        out.open("public final class " + simpleName + " {");
        imports.writeInterfaces();
        for (String f : staticFields) out.line(f);
        if (!staticFields.isEmpty()) out.blank();
        out.line("private final " + instanceClass + " instance;");
        for (String[] f : instanceFields) out.line(f[0]);
        out.blank();
        writeConstructors(imports);
        out.append(exportsOut);
        out.blank();
        out.line("/** The underlying module instance: exports by name, for what the methods above do not cover. */");
        out.open("public " + RT + "Instance instance() {");
        out.line("return instance;");
        out.close("}");
        if (imports.hasInterfaces()) {
            out.blank();
            out.open("private static " + MH + " $virtual(java.lang.Class<?> c, java.lang.String name, java.lang.invoke.MethodType type) {");
            out.open("try {");
            out.line("return java.lang.invoke.MethodHandles.lookup().findVirtual(c, name, type);");
            out.closeOpen("} catch (java.lang.ReflectiveOperationException e) {");
            out.line("throw new java.lang.IllegalStateException(e);");
            out.close("}");
            out.close("}");
        }
        out.close("}");
        return out.toString();
    }

    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n\\u0085\\u2028\\u2029\\\\]", "_");
    }

    private void writeConstructors(ImportPlan imports) {
        if (module.imports.isEmpty()) {
            out.line("/** A new instance of the module (it has no imports). */");
            out.open("public " + simpleName + "() {");
            out.line("this(" + RT + "ImportResolver.NONE);");
            out.close("}");
            out.blank();
        } else if (!imports.modules.isEmpty()) {
            imports.writeTypedConstructor(imports.typed());
        }
        out.line("/** A new instance whose imports come from {@code imports} (see {@code dev.wasm2jar.runtime.embed.Imports}). */");
        out.open("public " + simpleName + "(" + RT + "ImportResolver imports) {");
        out.line("this.instance = " + instanceClass + ".instantiate(imports);");
        for (String[] f : instanceFields) out.line(f[1]);
        out.close("}");
    }

    // ---- Exports ----

    private void exportMember(Export e, SourceWriter w) {
        switch (e.kind()) {
            case FUNC: exportFunction(e, w); break;
            case MEMORY: exportObject(e, w, "Memory", "$m", "memory"); break;
            case TABLE: exportObject(e, w, "Table", "$t", "table"); break;
            case GLOBAL: exportGlobal(e, w); break;
            default: break; // tags: not supported by the code generator
        }
    }

    private void exportObject(Export e, SourceWriter w, String type, String prefix, String what) {
        String field = prefix + instanceFields.size();
        instanceFields.add(new String[] {"private final " + RT + type + " " + field + ";",
                "this." + field + " = (" + RT + type + ") instance.export(" + JavaTypes.literal(e.name()) + ");"});
        if (e.kind() == ExternKind.MEMORY && e.name().equals("memory")) wasiMemoryField = field;
        String name = members.allocate(e.name());
        w.blank();
        w.line("/** The exported " + what + " <code>" + JavaTypes.doc(e.name()) + "</code>. */");
        w.open("public " + RT + type + " " + name + "() {");
        w.line("return " + field + ";");
        w.close("}");
    }

    private void exportGlobal(Export e, SourceWriter w) {
        GlobalType gt = module.globalType(e.index());
        String field = "$g" + instanceFields.size();
        instanceFields.add(new String[] {"private final " + RT + "Global " + field + ";",
                "this." + field + " = (" + RT + "Global) instance.export(" + JavaTypes.literal(e.name()) + ");"});
        String name = members.allocate(e.name());
        String jt = JavaTypes.of(gt.type());
        String get, set;
        switch (gt.type().kind) {
            case I32: get = field + ".getI32()"; set = field + ".bits = v;"; break;
            case I64: get = field + ".getI64()"; set = field + ".bits = v;"; break;
            case F32: get = field + ".getF32()"; set = field + ".bits = java.lang.Float.floatToRawIntBits(v);"; break;
            case F64: get = field + ".getF64()"; set = field + ".bits = java.lang.Double.doubleToRawLongBits(v);"; break;
            case V128: get = "(" + RT + "V128) " + field + ".getValue()"; set = RT + "V128.setGlobal(v.lo(), v.hi(), " + field + ");"; break;
            default: get = field + ".ref"; set = field + ".ref = v;";
        }
        w.blank();
        w.line("/** The value of the exported global <code>" + JavaTypes.doc(e.name()) + "</code> (" + (gt.mutable() ? "mutable " : "") + gt.type() + "). */");
        w.open("public " + jt + " " + name + "() {");
        w.line("return " + get + ";");
        w.close("}");
        if (gt.mutable()) {
            String setter = members.unique("set" + Character.toUpperCase(name.charAt(0)) + name.substring(1));
            w.blank();
            w.line("/** Sets the exported global <code>" + JavaTypes.doc(e.name()) + "</code>. */");
            w.open("public void " + setter + "(" + jt + " v) {");
            w.line(set);
            w.close("}");
        }
    }

    private void exportFunction(Export e, SourceWriter w) {
        int f = e.index();
        FuncType ft = module.functionType(f);
        String name = members.allocate(e.name());
        List<String> params = paramNames(f, ft);
        StringBuilder decl = new StringBuilder(), args = new StringBuilder();
        for (int i = 0; i < params.size(); i++) {
            if (i > 0) decl.append(", ");
            decl.append(JavaTypes.of(ft.params().get(i))).append(' ').append(params.get(i));
            args.append(params.get(i)).append(", ");
        }
        List<ValType> results = ft.results();
        String record = null;
        if (results.size() > 1) record = writeResultRecord(name, results, w);
        String returnType = results.isEmpty() ? "void" : results.size() == 1 ? JavaTypes.of(results.get(0)) : record;

        // The call: the generated static method when Java source can name it, else the export's handle;
        // a function with v128 values goes through WasmFunction.call, which takes and gives V128 records.
        GeneratedMethods.Method target = results.size() > 1 ? methods.boxed(f) : methods.direct(f);
        String argList = args.length() > 0 ? args.substring(0, args.length() - 2) : "";
        String call;
        boolean boxedResults = results.size() > 1; // the call yields an Object[] of all results
        if (JavaTypes.hasV128(ft)) {
            String field = "$w" + instanceFields.size();
            instanceFields.add(new String[] {"private final " + RT + "WasmFunction " + field + ";",
                    "this." + field + " = instance.function(" + JavaTypes.literal(e.name()) + ");"});
            call = field + ".call(" + argList + ")";
            boxedResults = !results.isEmpty();
        } else if (target != null && JavaNames.isSourceIdentifier(target.name()) && isSourceName(target.owner())) {
            call = target.owner() + "." + target.name() + "(" + args + "instance)";
        } else {
            String field = "$h" + instanceFields.size();
            instanceFields.add(new String[] {"private final " + MH + " " + field + ";",
                    "this." + field + " = instance.function(" + JavaTypes.literal(e.name()) + ").handle();"});
            String cast = results.isEmpty() ? "" : results.size() == 1 ? "(" + JavaTypes.of(results.get(0)) + ") " : "(java.lang.Object[]) ";
            call = cast + field + ".invokeExact(" + argList + ")";
        }

        w.blank();
        w.line("/** The exported function <code>" + JavaTypes.doc(e.name()) + "</code>: " + docSignature(ft) + ". */");
        w.open("public " + returnType + " " + name + "(" + decl + ") {");
        if (boxedResults) w.line("java.lang.Object[] $r;");
        w.open("try {");
        if (results.isEmpty()) w.line(call + ";");
        else if (!boxedResults) w.line("return " + call + ";");
        else w.line("$r = " + call + ";");
        w.closeOpen("} catch (java.lang.Throwable $t) {");
        w.line("throw " + RT + "Trap.rethrow($t);");
        w.close("}");
        if (boxedResults && results.size() == 1) {
            w.line("return (" + JavaTypes.boxed(results.get(0)) + ") $r[0];");
        } else if (boxedResults) {
            StringBuilder r = new StringBuilder("return new " + record + "(");
            for (int i = 0; i < results.size(); i++) {
                if (i > 0) r.append(", ");
                ValType t = results.get(i);
                r.append(t.isRef() ? "$r[" + i + "]" : "(" + JavaTypes.boxed(t) + ") $r[" + i + "]");
            }
            w.line(r + ");");
        }
        w.close("}");
    }

    private String writeResultRecord(String method, List<ValType> results, SourceWriter w) {
        String record = types.unique(Character.toUpperCase(method.charAt(0)) + method.substring(1) + "Result");
        StringBuilder comps = new StringBuilder();
        for (int i = 0; i < results.size(); i++) {
            if (i > 0) comps.append(", ");
            comps.append(JavaTypes.of(results.get(i))).append(" r").append(i);
        }
        w.blank();
        w.line("/** The results of {@link #" + method + "}, in order. */");
        w.line("public record " + record + "(" + comps + ") {");
        w.line("}");
        return record;
    }

    private List<String> paramNames(int f, FuncType ft) {
        Map<Integer, String> locals = module.names.locals.get(f);
        JavaNames names = JavaNames.members();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ft.params().size(); i++) {
            String n = locals != null ? locals.get(i) : null;
            out.add(n != null ? names.allocate(n) : names.unique("p" + i));
        }
        return out;
    }

    private static String docSignature(FuncType ft) {
        return JavaTypes.signature(ft).replace(">", "&gt;");
    }

    private static boolean isSourceName(String binaryName) {
        for (String part : binaryName.split("\\.", -1)) if (!JavaNames.isSourceIdentifier(part)) return false;
        return true;
    }

    // ---- Imports ----

    private ImportPlan planImports() {
        ImportPlan plan = new ImportPlan();
        int funcIndex = 0;
        for (Import imp : module.imports) {
            if (imp.kind() != ExternKind.FUNC) {
                plan.onlyFunctions = false;
                continue;
            }
            int f = funcIndex++;
            ImportModule m = plan.modules.computeIfAbsent(imp.module(), k -> new ImportModule(k, k.equals(WASI_MODULE)));
            if (m.wasi) continue;
            FuncType ft = module.funcType(((FuncImportType) imp.type()).typeIndex());
            if (JavaTypes.hasV128(ft)) {
                plan.onlyFunctions = false; // v128 host functions: given through an ImportResolver
                continue;
            }
            m.functions.add(new ImportFunction(imp, ft, m.methodNames.allocate(imp.name()), paramNames(f, ft)));
        }
        for (ImportModule m : plan.modules.values()) {
            m.param = plan.paramNames.allocate(m.wasi ? "wasi" : m.name);
            if (!m.wasi) m.type = types.allocate(m.name);
        }
        return plan;
    }

    private record ImportFunction(Import imp, FuncType type, String method, List<String> params) {
    }

    private static final class ImportModule {
        final String name;
        final boolean wasi;
        final List<ImportFunction> functions = new ArrayList<>();
        final JavaNames methodNames = JavaNames.members();
        String type, param;

        ImportModule(String name, boolean wasi) {
            this.name = name;
            this.wasi = wasi;
        }
    }

    private final class ImportPlan {
        final Map<String, ImportModule> modules = new LinkedHashMap<>();
        final JavaNames paramNames = JavaNames.members();
        boolean onlyFunctions = true;

        boolean typed() {
            return onlyFunctions && !modules.isEmpty();
        }

        boolean hasInterfaces() {
            for (ImportModule m : modules.values()) if (!m.wasi && !m.functions.isEmpty()) return true;
            return false;
        }

        void writeInterfaces() {
            int k = 0;
            for (ImportModule m : modules.values()) {
                if (m.wasi) continue;
                out.line("/** The functions imported from <code>" + JavaTypes.doc(m.name) + "</code>: implement them in Java. */");
                out.open("public interface " + m.type + " {");
                for (ImportFunction f : m.functions) {
                    List<ValType> ps = f.type.params(), rs = f.type.results();
                    StringBuilder decl = new StringBuilder();
                    for (int i = 0; i < ps.size(); i++) decl.append(i > 0 ? ", " : "").append(JavaTypes.of(ps.get(i))).append(' ').append(f.params.get(i));
                    String ret = rs.isEmpty() ? "void" : rs.size() == 1 ? JavaTypes.of(rs.get(0)) : "java.lang.Object[]";
                    out.line("/** Import <code>" + JavaTypes.doc(m.name + "." + f.imp.name()) + "</code>: " + docSignature(f.type)
                            + (rs.size() > 1 ? " (results boxed, in order)" : "") + ". */");
                    out.line(ret + " " + f.method + "(" + decl + ");");
                    staticFields.add("private static final " + RT + "FunctionType $T" + k + " = " + functionType(f.type) + ";");
                    staticFields.add("private static final " + MH + " $I" + k + " = $virtual(" + m.type + ".class, "
                            + JavaTypes.literal(f.method) + ", " + methodType(ps, ret) + ");");
                    k++;
                }
                out.close("}");
                out.blank();
            }
        }

        private String functionType(FuncType ft) {
            return RT + "FunctionType.of(" + valueTypes(ft.params()) + (ft.results().isEmpty() ? "" : ", ")
                    + String.join(", ", ft.results().stream().map(JavaTypes::valueType).toList()) + ")";
        }

        private String valueTypes(List<ValType> ts) {
            return "new " + RT + "ValueType[] {" + String.join(", ", ts.stream().map(JavaTypes::valueType).toList()) + "}";
        }

        private String methodType(List<ValType> params, String ret) {
            StringBuilder sb = new StringBuilder("java.lang.invoke.MethodType.methodType(" + ret + ".class");
            for (ValType p : params) sb.append(", ").append(JavaTypes.of(p)).append(".class");
            return sb.append(')').toString();
        }

        /** The constructor taking the interfaces when they are all the imports, and {@code imports(...)} in any case. */
        void writeTypedConstructor(boolean constructor) {
            StringBuilder decl = new StringBuilder(), args = new StringBuilder();
            for (ImportModule m : modules.values()) {
                if (decl.length() > 0) {
                    decl.append(", ");
                    args.append(", ");
                }
                decl.append(m.wasi ? "dev.wasm2jar.wasi.Wasi" : m.type).append(' ').append(m.param);
                args.append(m.param);
            }
            ImportModule wasi = modules.get(WASI_MODULE);
            if (constructor) {
                out.line("/** A new instance whose imported functions are implemented by the arguments. */");
                out.open("public " + simpleName + "(" + decl + ") {");
                out.line("this(imports(" + args + "));");
                if (wasi != null && wasiMemoryField != null) out.line(wasi.param + ".bind(" + wasiMemoryField + ");");
                out.close("}");
                out.blank();
            }

            out.line("/** The imported functions implemented by the arguments, as a resolver (e.g. to combine with other imports). */");
            out.open("public static " + RT + "ImportResolver imports(" + decl + ") {");
            out.line("java.util.Map<java.lang.String, " + RT + "WasmFunction> $f = new java.util.HashMap<>();");
            int k = 0;
            for (ImportModule m : modules.values()) {
                if (m.wasi) continue;
                out.line("java.util.Objects.requireNonNull(" + m.param + ", " + JavaTypes.literal(m.param) + ");");
                for (ImportFunction f : m.functions) {
                    String qualified = m.name + "." + f.imp.name();
                    out.line("$f.put(" + JavaTypes.literal(m.name + "\0" + f.imp.name()) + ", " + RT + "embed.HostFunctions.of("
                            + JavaTypes.literal(qualified) + ", $T" + k + ", $I" + k + ".bindTo(" + m.param + ")));");
                    k++;
                }
            }
            if (wasi != null) {
                out.line(RT + "ImportResolver $wasi = " + wasi.param + ".imports();");
                out.line("return ($module, $name) -> {");
                out.line("    java.lang.Object $v = $f.get($module + \"\\0\" + $name);");
                out.line("    return $v != null ? $v : $wasi.resolve($module, $name);");
                out.line("};");
            } else {
                out.line("return ($module, $name) -> $f.get($module + \"\\0\" + $name);");
            }
            out.close("}");
            out.blank();
        }
    }
}
