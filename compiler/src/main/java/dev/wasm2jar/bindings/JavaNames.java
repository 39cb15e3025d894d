package dev.wasm2jar.bindings;

import javax.lang.model.SourceVersion;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * How Wasm names (exports, import modules and fields) become Java names in the generated facade.
 * The rule, applied to the name's characters in order:
 * <ol>
 *   <li>The name is cut into words at every character that is not an ASCII letter or digit; those
 *       characters are dropped ({@code fd_write}, {@code fd-write} and {@code fd.write} all give the
 *       words {@code fd}, {@code write}).</li>
 *   <li>Words are joined in camel case: the first word's first letter lower case for methods
 *       ({@code fdWrite}) or upper case for types ({@code FdWrite}); every later word's first letter
 *       upper case; all other letters are kept as they are ({@code getHTTPCode} stays).</li>
 *   <li>A name with no letters or digits left becomes {@code export} (types: {@code Export}); one that
 *       starts with a digit gets a leading {@code _} ({@code 2d} gives {@code _2d}).</li>
 *   <li>Java keywords and literals ({@code new}, {@code int}, {@code true}, ...) and names the facade
 *       uses itself ({@code instance}, {@code imports}, and the methods of {@code Object} such as {@code wait}) get a
 *       trailing {@code _}: {@code new_}, {@code wait_}.</li>
 *   <li>When two names come out the same, the first keeps it and later ones (in the module's order)
 *       get {@code 2}, {@code 3}, ...: exports {@code get_value} and {@code getValue} become
 *       {@code getValue} and {@code getValue2}.</li>
 * </ol>
 */
public final class JavaNames {
    /** Members of every facade (and of Object) that an export must not shadow or override. */
    static final Set<String> RESERVED_MEMBERS = Set.of("instance", "imports", "getClass", "hashCode", "equals", "toString",
            "notify", "notifyAll", "wait", "clone", "finalize");

    private final Map<String, Integer> used = new HashMap<>();
    private final boolean typeNames;

    private JavaNames(boolean typeNames) {
        this.typeNames = typeNames;
    }

    /** An allocator of method and field names (lowerCamelCase). */
    public static JavaNames members() {
        JavaNames n = new JavaNames(false);
        RESERVED_MEMBERS.forEach(n::reserve);
        return n;
    }

    /** An allocator of nested type names (UpperCamelCase). */
    public static JavaNames types() {
        return new JavaNames(true);
    }

    /** Marks a name as taken without handing it out (e.g. the facade's own class name). */
    public JavaNames reserve(String javaName) {
        used.putIfAbsent(javaName, 1);
        return this;
    }

    /** The Java name for {@code wasmName}, unique among the names this allocator handed out. */
    public String allocate(String wasmName) {
        return unique(typeNames ? typeName(wasmName) : memberName(wasmName));
    }

    /** A name made by the caller (e.g. {@code DivmodResult}), made unique the same way. */
    public String unique(String javaName) {
        Integer n = used.get(javaName);
        if (n == null) {
            used.put(javaName, 1);
            return javaName;
        }
        while (true) {
            n++;
            String candidate = javaName + n;
            if (!used.containsKey(candidate)) {
                used.put(javaName, n);
                used.put(candidate, 1);
                return candidate;
            }
        }
    }

    /** Rules 1 to 4 for a method or field name (no collision numbering). */
    public static String memberName(String wasmName) {
        String s = camel(wasmName, false);
        if (s.isEmpty()) s = "export";
        return escape(s, true);
    }

    /** Rules 1 to 4 for a type name (no collision numbering). */
    public static String typeName(String wasmName) {
        String s = camel(wasmName, true);
        if (s.isEmpty()) s = "Export";
        return escape(s, false);
    }

    private static String camel(String name, boolean upperFirst) {
        StringBuilder sb = new StringBuilder(name.length());
        boolean wordStart = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!ok) {
                wordStart = true;
                continue;
            }
            if (wordStart) {
                boolean upper = sb.length() > 0 || upperFirst;
                c = upper ? Character.toUpperCase(c) : Character.toLowerCase(c);
                wordStart = false;
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private static String escape(String s, boolean member) {
        if (Character.isDigit(s.charAt(0))) s = "_" + s;
        if (SourceVersion.isKeyword(s) || (member && RESERVED_MEMBERS.contains(s))) s = s + "_";
        return s;
    }

    /** True if {@code s} can be written as a Java identifier in source (ASCII only, not a keyword). */
    static boolean isSourceIdentifier(String s) {
        if (s.isEmpty() || !SourceVersion.isIdentifier(s) || SourceVersion.isKeyword(s)) return false;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) >= 0x80) return false;
        return true;
    }
}
