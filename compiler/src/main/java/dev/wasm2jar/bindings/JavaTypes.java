package dev.wasm2jar.bindings;

import dev.wasm2jar.model.FuncType;
import dev.wasm2jar.model.ValType;

import java.util.List;
import java.util.StringJoiner;

/** How Wasm types and names are written in the generated Java source. */
final class JavaTypes {
    private JavaTypes() {
    }

    /** The Java type of a value: int, long, float, double, runtime.V128, or Object for references. */
    static String of(ValType t) {
        switch (t.kind) {
            case I32: return "int";
            case I64: return "long";
            case F32: return "float";
            case F64: return "double";
            case V128: return "dev.wasm2jar.runtime.V128";
            default: return "java.lang.Object";
        }
    }

    /** The boxed class a value of type {@code t} has in an Object[] of results. */
    static String boxed(ValType t) {
        switch (t.kind) {
            case I32: return "java.lang.Integer";
            case I64: return "java.lang.Long";
            case F32: return "java.lang.Float";
            case F64: return "java.lang.Double";
            case V128: return "dev.wasm2jar.runtime.V128";
            default: return "java.lang.Object";
        }
    }

    /** The runtime's {@code ValueType} constant, as the code generator maps it. */
    static String valueType(ValType t) {
        String name;
        switch (t.kind) {
            case I32: name = "I32"; break;
            case I64: name = "I64"; break;
            case F32: name = "F32"; break;
            case F64: name = "F64"; break;
            case V128: name = "V128"; break;
            default:
                name = t.heapType == ValType.HT_EXTERN || t.heapType == ValType.HT_NOEXTERN ? "EXTERNREF" : "FUNCREF";
        }
        return "dev.wasm2jar.runtime.ValueType." + name;
    }

    static boolean hasV128(FuncType ft) {
        return ft.params().stream().anyMatch(t -> t.kind == ValType.Kind.V128) || ft.results().stream().anyMatch(t -> t.kind == ValType.Kind.V128);
    }

    /** {@code (i32, i64) -> f32} for comments. */
    static String signature(FuncType ft) {
        return list(ft.params()) + " -> " + (ft.results().size() == 1 ? ft.results().get(0).toString() : list(ft.results()));
    }

    private static String list(List<ValType> types) {
        StringJoiner j = new StringJoiner(", ", "(", ")");
        for (ValType t : types) j.add(t.toString());
        return j.toString();
    }

    /** A Java string literal; control characters as octal escapes (never as unicode escapes, which javac would expand). */
    static String literal(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20 || c == 0x7f) sb.append(String.format("\\%03o", (int) c));
            else if (c >= 0x80) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.append('"').toString();
    }

    /** Text for a comment: anything but plain ASCII letters, digits and a few marks as an HTML entity. */
    static String doc(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "_-.,:;()[] ".indexOf(c) >= 0;
            if (plain) sb.append(c);
            else sb.append("&#").append((int) c).append(';');
        }
        return sb.toString();
    }
}
