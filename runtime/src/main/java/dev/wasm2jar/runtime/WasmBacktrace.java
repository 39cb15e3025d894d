package dev.wasm2jar.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * Wasm backtraces from JVM stack traces. Generated function methods are named
 * {@code f<index>} or {@code f<index>_<name>} where {@code name} is the name section's function
 * name with the characters the JVM forbids in method names ({@code . ; [ / < >}) and {@code %}
 * written as {@code %XX} (hex of the character). This class undoes that.
 */
public final class WasmBacktrace {
    private WasmBacktrace() {
    }

    /** One frame: the function index and its name (or null when the module had no name for it). */
    public record Frame(int index, String name) {
        @Override
        public String toString() {
            return name != null ? name : "func[" + index + "]";
        }
    }

    /** The Wasm frames of {@code t}'s stack trace, innermost first. */
    public static List<Frame> frames(Throwable t) {
        List<Frame> out = new ArrayList<>();
        for (StackTraceElement e : t.getStackTrace()) {
            Frame f = parse(e.getClassName(), e.getMethodName());
            if (f != null) out.add(f);
        }
        return out;
    }

    /** The function names (or {@code func[i]}) of {@code t}'s Wasm frames, innermost first. */
    public static List<String> functionNames(Throwable t) {
        List<String> out = new ArrayList<>();
        for (Frame f : frames(t)) out.add(f.toString());
        return out;
    }

    /** The frame a generated method stands for, or null if it is not a generated function method. */
    public static Frame parse(String className, String methodName) {
        int dollar = className.lastIndexOf("$Code");
        if (dollar < 0 || methodName.length() < 2 || methodName.charAt(0) != 'f') return null;
        for (int i = dollar + 5; i < className.length(); i++) {
            if (!Character.isDigit(className.charAt(i))) return null;
        }
        int i = 1;
        while (i < methodName.length() && Character.isDigit(methodName.charAt(i))) i++;
        if (i == 1) return null;
        int index;
        try {
            index = Integer.parseInt(methodName.substring(1, i));
        } catch (NumberFormatException e) {
            return null;
        }
        String rest = methodName.substring(i);
        if (rest.endsWith("$box")) rest = rest.substring(0, rest.length() - 4);
        if (rest.isEmpty()) return new Frame(index, null);
        if (rest.charAt(0) != '_') return null;
        return new Frame(index, unescape(rest.substring(1)));
    }

    /** Escapes a Wasm name for use in a JVM method name (reversible by {@link #unescape}). */
    public static String escape(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.' || c == ';' || c == '[' || c == '/' || c == '<' || c == '>' || c == '%') {
                sb.append('%').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    public static String unescape(String s) {
        if (s.indexOf('%') < 0) return s;
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                int hi = Character.digit(s.charAt(i + 1), 16), lo = Character.digit(s.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    sb.append((char) (hi * 16 + lo));
                    i += 2;
                    continue;
                }
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
