package dev.wasm2jar.codegen;

import dev.wasm2jar.binary.ModuleDecoder;
import dev.wasm2jar.error.UnsupportedFeatureException;
import dev.wasm2jar.model.Module;
import dev.wasm2jar.runtime.FunctionType;
import dev.wasm2jar.runtime.Global;
import dev.wasm2jar.runtime.ImportResolver;
import dev.wasm2jar.runtime.Instance;
import dev.wasm2jar.runtime.LinkException;
import dev.wasm2jar.runtime.Memory;
import dev.wasm2jar.runtime.Table;
import dev.wasm2jar.runtime.Trap;
import dev.wasm2jar.runtime.ValueType;
import dev.wasm2jar.runtime.WasmFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Throwaway measurement harness for the code generator: runs spec testsuite scripts converted by
 * wabt's wast2json, with our decoder + generator, and prints pass counts per file. Only runs with
 * {@code -Dwasm2jar.spec=all} (the 67 Wasm 2.0 files) or {@code -Dwasm2jar.spec=name,name}.
 * The real spec runner is {@code wasm2jar wast}; this only measures codegen.
 */
@EnabledIfSystemProperty(named = "wasm2jar.spec", matches = ".+")
class SpecHarnessTest {
    static final String[] WASM2 = ("address binary-leb128 binary block br bulk call call_indirect const conversions custom data "
            + "endianness exports0 f32 f32_bitwise f32_cmp f64 f64_bitwise f64_cmp fac float_exprs float_literals "
            + "float_memory float_misc forward func_ptrs i32 i64 imports0 imports3 inline-module int_exprs "
            + "int_literals labels left-to-right linking0 load local_get local_set loop memory_copy memory_fill "
            + "memory_init memory_redundancy memory_size memory_trap names nop obsolete-keywords ref_func return "
            + "skip-stack-guard-page stack start store switch table_copy token traps type unreachable unwind "
            + "utf8-custom-section-id utf8-import-field utf8-import-module utf8-invalid-encoding").split(" ");

    static final Path SUITE = Path.of(System.getProperty("wasm2jar.suite", "/work/shared/testsuite"));

    record HostRef(long id) {
    }

    static final class Counts {
        int passed, failed, skipped, other;
        final List<String> failures = new ArrayList<>();
        final java.util.Set<String> unsupported = new java.util.TreeSet<>();

        void unsupported(UnsupportedFeatureException e) {
            skipped++;
            unsupported.add(e.feature());
        }

        void fail(String s) {
            failed++;
            if (failures.size() < 8) failures.add(s);
        }
    }

    @Test
    void run() throws Exception {
        String sel = System.getProperty("wasm2jar.spec");
        String[] files = sel.equals("all") ? WASM2 : sel.split(",");
        Path out = Files.createTempDirectory("spec");
        int tp = 0, tf = 0, ts = 0;
        StringBuilder report = new StringBuilder();
        for (String f : files) {
            Counts c = new Counts();
            try {
                runFile(f, out, c);
            } catch (Throwable t) {
                c.fail("file aborted: " + t);
            }
            tp += c.passed;
            tf += c.failed;
            ts += c.skipped;
            report.append(String.format("%-28s pass %5d  fail %4d  skip %4d  (not codegen: %d)%s%n", f, c.passed, c.failed,
                    c.skipped, c.other, c.unsupported.isEmpty() ? "" : " unsupported: " + c.unsupported));
            for (String s : c.failures) report.append("      ").append(s.length() > 300 ? s.substring(0, 300) : s).append('\n');
        }
        report.append(String.format("%-28s pass %5d  fail %4d  skip %4d%n", "TOTAL", tp, tf, ts));
        System.out.println(report);
        Files.writeString(Path.of(System.getProperty("java.io.tmpdir"), "spec-report.txt"), report);
    }

    // ------------------------------------------------------------------ script execution

    private final Map<String, Instance> registered = new HashMap<>();
    private final Map<String, Instance> named = new HashMap<>();
    private Instance current;
    private Instance spectest;

    private void runFile(String name, Path out, Counts c) throws Exception {
        registered.clear();
        named.clear();
        current = null;
        spectest = spectest();
        registered.put("spectest", spectest);
        Path json = out.resolve(name + ".json");
        Process p = new ProcessBuilder("wast2json", "--enable-all", SUITE.resolve(name + ".wast").toString(), "-o", json.toString())
                .redirectErrorStream(true).start();
        String msg = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IllegalStateException("wast2json: " + msg);
        @SuppressWarnings("unchecked")
        Map<String, Object> script = (Map<String, Object>) new Json(Files.readString(json)).value();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> commands = (List<Map<String, Object>>) script.get("commands");
        boolean moduleBroken = false;
        for (Map<String, Object> cmd : commands) {
            String type = (String) cmd.get("type");
            int line = ((Number) cmd.get("line")).intValue();
            try {
                switch (type) {
                    case "module": {
                        moduleBroken = false;
                        try {
                            current = compile(out.resolve((String) cmd.get("filename"))).instantiate(this::resolve);
                            if (cmd.get("name") != null) named.put((String) cmd.get("name"), current);
                        } catch (UnsupportedFeatureException e) {
                            moduleBroken = true;
                            current = null;
                            c.unsupported(e);
                            continue;
                        } catch (Throwable t) {
                            moduleBroken = true;
                            current = null;
                            c.fail(line + ": module: " + t);
                            continue;
                        }
                        break;
                    }
                    case "register": {
                        Instance i = cmd.get("name") != null ? named.get((String) cmd.get("name")) : current;
                        if (i != null) registered.put((String) cmd.get("as"), i);
                        break;
                    }
                    case "action":
                    case "assert_return": {
                        if (moduleBroken && ((Map<?, ?>) cmd.get("action")).get("module") == null) {
                            c.skipped++;
                            continue;
                        }
                        Object[] r = act(cmd);
                        if (type.equals("action")) break;
                        @SuppressWarnings("unchecked")
                        List<Map<String, Object>> exp = (List<Map<String, Object>>) cmd.get("expected");
                        String why = compare(exp, r);
                        if (why == null) c.passed++;
                        else c.fail(line + ": " + why);
                        break;
                    }
                    case "assert_trap":
                    case "assert_exhaustion": {
                        if (moduleBroken && ((Map<?, ?>) cmd.get("action")).get("module") == null) {
                            c.skipped++;
                            continue;
                        }
                        String text = (String) cmd.get("text");
                        try {
                            Object[] r = act(cmd);
                            c.fail(line + ": expected trap " + text + ", got " + show(r));
                        } catch (Trap t) {
                            if (trapMatches(t, text)) c.passed++;
                            else c.fail(line + ": expected trap " + text + ", got " + t.getMessage());
                        }
                        break;
                    }
                    case "assert_uninstantiable": {
                        try {
                            compile(out.resolve((String) cmd.get("filename"))).instantiate(this::resolve);
                            c.fail(line + ": instantiated, expected trap " + cmd.get("text"));
                        } catch (Trap t) {
                            c.passed++;
                        } catch (UnsupportedFeatureException e) {
                            c.unsupported(e);
                        }
                        break;
                    }
                    case "assert_unlinkable": {
                        try {
                            compile(out.resolve((String) cmd.get("filename"))).instantiate(this::resolve);
                            c.fail(line + ": linked, expected " + cmd.get("text"));
                        } catch (LinkException t) {
                            c.passed++;
                        } catch (UnsupportedFeatureException e) {
                            c.unsupported(e);
                        }
                        break;
                    }
                    default:
                        c.other++; // assert_invalid / assert_malformed: not codegen's business
                        break;
                }
            } catch (Throwable t) {
                c.fail(line + ": " + type + ": " + t + (t.getCause() != null ? " / " + t.getCause() : ""));
            }
        }
    }

    private static boolean trapMatches(Trap t, String text) {
        String m = t.kind().message;
        return m.startsWith(text) || text.startsWith(m);
    }

    private CompiledModule compile(Path wasm) throws Exception {
        Module m = ModuleDecoder.decode(Files.readAllBytes(wasm));
        Wat.validate(m);
        return ModuleGenerator.generate(m, CodegenOptions.defaults());
    }

    private Object resolve(String module, String name) {
        Instance i = registered.get(module);
        return i == null ? null : i.export(name);
    }

    @SuppressWarnings("unchecked")
    private Object[] act(Map<String, Object> cmd) {
        Map<String, Object> a = (Map<String, Object>) cmd.get("action");
        Instance i = a.get("module") != null ? named.get((String) a.get("module")) : current;
        if (i == null) throw new IllegalStateException("no module");
        String field = (String) a.get("field");
        if ("get".equals(a.get("type"))) {
            Global g = (Global) i.export(field);
            return new Object[] {g.getValue()};
        }
        List<Map<String, Object>> args = (List<Map<String, Object>>) a.get("args");
        Object[] vals = new Object[args.size()];
        for (int k = 0; k < vals.length; k++) vals[k] = value(args.get(k));
        WasmFunction f = i.function(field);
        if (f == null) throw new IllegalStateException("no function " + field);
        return f.call(vals);
    }

    private static Object value(Map<String, Object> v) {
        String t = (String) v.get("type");
        String s = (String) v.get("value");
        switch (t) {
            case "i32": return (int) Long.parseUnsignedLong(s);
            case "i64": return Long.parseUnsignedLong(s);
            case "f32": return Float.intBitsToFloat((int) Long.parseUnsignedLong(s));
            case "f64": return Double.longBitsToDouble(Long.parseUnsignedLong(s));
            case "externref": return s.equals("null") ? null : new HostRef(Long.parseLong(s));
            case "funcref": return null;
            default: throw new IllegalArgumentException("value type " + t);
        }
    }

    private static String compare(List<Map<String, Object>> exp, Object[] got) {
        if (exp.size() != got.length) return "expected " + exp.size() + " results, got " + show(got);
        for (int k = 0; k < got.length; k++) {
            Map<String, Object> e = exp.get(k);
            String t = (String) e.get("type"), s = (String) e.get("value");
            Object g = got[k];
            boolean ok;
            switch (t) {
                case "i32": ok = g instanceof Integer x && x == (int) Long.parseUnsignedLong(s); break;
                case "i64": ok = g instanceof Long x && x == Long.parseUnsignedLong(s); break;
                case "f32": {
                    if (!(g instanceof Float x)) { ok = false; break; }
                    int bits = Float.floatToRawIntBits(x);
                    if (s.equals("nan:canonical")) ok = (bits & 0x7FFFFFFF) == 0x7FC00000;
                    else if (s.equals("nan:arithmetic")) ok = (bits & 0x7FC00000) == 0x7FC00000;
                    else ok = bits == (int) Long.parseUnsignedLong(s);
                    break;
                }
                case "f64": {
                    if (!(g instanceof Double x)) { ok = false; break; }
                    long bits = Double.doubleToRawLongBits(x);
                    if (s.equals("nan:canonical")) ok = (bits & 0x7FFFFFFFFFFFFFFFL) == 0x7FF8000000000000L;
                    else if (s.equals("nan:arithmetic")) ok = (bits & 0x7FF8000000000000L) == 0x7FF8000000000000L;
                    else ok = bits == Long.parseUnsignedLong(s);
                    break;
                }
                case "externref": ok = s.equals("null") ? g == null : new HostRef(Long.parseLong(s)).equals(g); break;
                case "funcref": ok = s.equals("null") ? g == null : g instanceof WasmFunction; break;
                default: ok = false;
            }
            if (!ok) return "result " + k + ": expected " + t + " " + s + ", got " + show(got);
        }
        return null;
    }

    private static String show(Object[] r) {
        StringBuilder sb = new StringBuilder("[");
        for (Object o : r) {
            if (sb.length() > 1) sb.append(", ");
            if (o instanceof Float f) sb.append(f).append(String.format("(0x%08x)", Float.floatToRawIntBits(f)));
            else if (o instanceof Double d) sb.append(d).append(String.format("(0x%016x)", Double.doubleToRawLongBits(d)));
            else sb.append(o);
        }
        return sb.append(']').toString();
    }

    // ------------------------------------------------------------------ the spectest host module

    static void print(Object... args) {
    }

    private static Instance spectest() throws Exception {
        Map<String, Object> exports = new LinkedHashMap<>();
        MethodHandle print = MethodHandles.lookup().findStatic(SpecHarnessTest.class, "print", MethodType.methodType(void.class, Object[].class));
        ValueType[][] sigs = {{}, {ValueType.I32}, {ValueType.I64}, {ValueType.F32}, {ValueType.F64},
                {ValueType.I32, ValueType.F32}, {ValueType.F64, ValueType.F64}};
        String[] names = {"print", "print_i32", "print_i64", "print_f32", "print_f64", "print_i32_f32", "print_f64_f64"};
        for (int i = 0; i < names.length; i++) {
            FunctionType ft = new FunctionType(sigs[i], new ValueType[0]);
            MethodHandle h = print.asCollector(Object[].class, sigs[i].length).asType(ft.methodType());
            exports.put(names[i], WasmFunction.host(names[i], ft, h));
        }
        exports.put("global_i32", Global.ofI32(666, false));
        exports.put("global_i64", Global.ofI64(666, false));
        exports.put("global_f32", Global.ofF32(666.6f, false));
        exports.put("global_f64", Global.ofF64(666.6, false));
        exports.put("table", new Table(ValueType.FUNCREF, 10, 20, null));
        exports.put("memory", new Memory(1, 2));
        return new Instance() {
            @Override
            public Object export(String name) {
                return exports.get(name);
            }

            @Override
            public List<String> exportNames() {
                return new ArrayList<>(exports.keySet());
            }
        };
    }

    // ------------------------------------------------------------------ minimal JSON reader

    static final class Json {
        private final String s;
        private int i;

        Json(String s) {
            this.s = s;
        }

        Object value() {
            ws();
            char c = s.charAt(i);
            if (c == '{') {
                i++;
                Map<String, Object> m = new LinkedHashMap<>();
                ws();
                if (s.charAt(i) == '}') { i++; return m; }
                while (true) {
                    ws();
                    String k = string();
                    ws();
                    i++; // ':'
                    m.put(k, value());
                    ws();
                    if (s.charAt(i++) == '}') return m;
                }
            }
            if (c == '[') {
                i++;
                List<Object> l = new ArrayList<>();
                ws();
                if (s.charAt(i) == ']') { i++; return l; }
                while (true) {
                    l.add(value());
                    ws();
                    if (s.charAt(i++) == ']') return l;
                }
            }
            if (c == '"') return string();
            if (s.startsWith("true", i)) { i += 4; return true; }
            if (s.startsWith("false", i)) { i += 5; return false; }
            if (s.startsWith("null", i)) { i += 4; return null; }
            int st = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
            return Double.parseDouble(s.substring(st, i));
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }

        private String string() {
            StringBuilder sb = new StringBuilder();
            i++;
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') return sb.toString();
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n': sb.append('\n'); break;
                        case 't': sb.append('\t'); break;
                        case 'r': sb.append('\r'); break;
                        case 'b': sb.append('\b'); break;
                        case 'f': sb.append('\f'); break;
                        case 'u': sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break;
                        default: sb.append(e);
                    }
                } else {
                    sb.append(c);
                }
            }
        }
    }
}
