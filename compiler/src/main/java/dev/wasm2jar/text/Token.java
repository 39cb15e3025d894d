package dev.wasm2jar.text;

import java.nio.charset.StandardCharsets;

/**
 * One token of the text format (spec section 6.2.1) that is not a parenthesis: a keyword, an
 * identifier, a number, a string, or a reserved token (a run of characters that is none of these;
 * it is only an error where the grammar looks at it, since annotations may contain any token).
 *
 * <p>{@link #text} is the source spelling, except for identifiers (the name without {@code $},
 * with a quoted {@code $"..."} name decoded) and strings (null: see {@link #bytes}, the raw bytes
 * after escapes). For a reserved token {@link #error} is the reason to report when it is used.
 */
public record Token(Kind kind, String text, byte[] bytes, String error, int line, int column) implements SExpr {
    public enum Kind { KEYWORD, ID, NAT, INT, FLOAT, STRING, RESERVED }

    public boolean isKeyword(String k) {
        return kind == Kind.KEYWORD && text.equals(k);
    }

    public boolean isNumber() {
        return kind == Kind.NAT || kind == Kind.INT || kind == Kind.FLOAT;
    }

    /** The string's bytes read as UTF-8 (for messages; names are checked by the parser). */
    public String stringValue() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ID -> "$" + text;
            case STRING -> "\"" + stringValue() + "\"";
            default -> text;
        };
    }
}
