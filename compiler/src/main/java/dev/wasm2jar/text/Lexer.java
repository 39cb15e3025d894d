package dev.wasm2jar.text;

import dev.wasm2jar.error.MalformedException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits UTF-8 source text into tokens (spec section 6.2): parentheses, annotation starts
 * {@code (@id}, and atoms ({@link Token}). White space and comments (line {@code ;;} and nested
 * block {@code (; ;)}) are skipped. Lexical errors (illegal characters, malformed UTF-8, unclosed
 * strings and comments, bad escapes) are raised at once as {@link MalformedException} with
 * line:column; a run of characters that is no valid token becomes a {@link Token.Kind#RESERVED} token.
 */
final class Lexer {
    static final int EOF = 0, LPAREN = 1, RPAREN = 2, ANNOTATION = 3, ATOM = 4;

    private final byte[] src;
    private final int end;
    private int pos;
    private int line = 1;
    private int lineStart;

    // The current token.
    int tokenStart;
    int tokenLine;
    int tokenColumn;
    Token atom;
    String annotationId;
    /** Inside an annotation "(@" is an ordinary parenthesis. */
    boolean inAnnotation;

    private byte[] buf = new byte[64];

    Lexer(byte[] src) {
        this.src = src;
        this.end = src.length;
    }

    int position() {
        return pos;
    }

    /** Advances to the next token and returns its kind (one of the constants above). */
    int next() {
        skipSpace();
        tokenStart = pos;
        tokenLine = line;
        tokenColumn = pos - lineStart + 1;
        if (pos >= end) return EOF;
        int c = src[pos] & 0xFF;
        if (c == '(') {
            pos++;
            if (pos < end && src[pos] == '@' && !inAnnotation) {
                pos++;
                annotationId = annotationId();
                return ANNOTATION;
            }
            return LPAREN;
        }
        if (c == ')') {
            pos++;
            return RPAREN;
        }
        atom = scanAtom();
        return ATOM;
    }

    MalformedException error(String reason) {
        return MalformedException.atText(reason, tokenLine, tokenColumn);
    }

    private MalformedException errorHere(String reason) {
        return MalformedException.atText(reason, line, pos - lineStart + 1);
    }

    private void skipSpace() {
        while (pos < end) {
            int c = src[pos] & 0xFF;
            if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '\n') {
                newline();
            } else if (c == ';' && pos + 1 < end && src[pos + 1] == ';') {
                pos += 2;
                // a line comment ends at a newline: LF, CR or CR LF (spec 6.2.4)
                while (pos < end && src[pos] != '\n' && src[pos] != '\r') commentChar();
            } else if (c == '(' && pos + 1 < end && src[pos + 1] == ';') {
                blockComment();
            } else {
                return;
            }
        }
    }

    private void newline() {
        pos++;
        line++;
        lineStart = pos;
    }

    private void blockComment() {
        int startLine = line, startCol = pos - lineStart + 1;
        int depth = 0;
        while (true) {
            if (pos >= end) throw MalformedException.atText("unclosed comment", startLine, startCol);
            byte c = src[pos];
            if (c == '(' && pos + 1 < end && src[pos + 1] == ';') {
                depth++;
                pos += 2;
            } else if (c == ';' && pos + 1 < end && src[pos + 1] == ')') {
                pos += 2;
                if (--depth == 0) return;
            } else if (c == '\n') {
                newline();
            } else {
                commentChar();
            }
        }
    }

    /** Skips one character of a comment: anything but malformed UTF-8. */
    private void commentChar() {
        int c = src[pos] & 0xFF;
        if (c < 0x80) {
            pos++;
            return;
        }
        int n = utf8Length(src, pos, end);
        if (n < 0) throw errorHere("malformed UTF-8 encoding");
        pos += n;
    }

    /** The id after {@code (@}: idchars or a non-empty string (spec 6.2.5, annotations). */
    private String annotationId() {
        if (pos < end && src[pos] == '"') {
            int l = line, col = pos - lineStart + 1;
            byte[] b;
            try {
                b = string();
            } catch (MalformedException e) {
                throw MalformedException.atText("empty annotation id", l, col);
            }
            if (b.length == 0) throw MalformedException.atText("empty annotation id", l, col);
            if (!isUtf8(b)) throw MalformedException.atText("malformed UTF-8 encoding", l, col);
            return new String(b, StandardCharsets.UTF_8);
        }
        int start = pos;
        while (pos < end && isIdChar(src[pos] & 0xFF)) pos++;
        if (pos == start) throw error("empty annotation id");
        return new String(src, start, pos - start, StandardCharsets.US_ASCII);
    }

    /** A maximal run of id characters, strings and reserved characters, then classified. */
    private Token scanAtom() {
        int start = pos;
        int strings = 0;
        boolean onlyIdChars = true;
        byte[] lastString = null;
        int lastStringStart = -1;
        while (pos < end) {
            int c = src[pos] & 0xFF;
            if (isIdChar(c)) {
                pos++;
            } else if (c == '"') {
                lastStringStart = pos;
                if (pos == start + 1 && src[start] == '$') {
                    // $"..." that is no well-formed string: the reference lexer reads a lone '$'
                    try {
                        lastString = string();
                    } catch (MalformedException e) {
                        if (e.reason().startsWith("malformed UTF-8")) throw e;
                        throw error("empty identifier");
                    }
                } else {
                    lastString = string();
                }
                strings++;
                onlyIdChars = false;
            } else if (c == ',' || c == '[' || c == ']' || c == '{' || c == '}') {
                pos++;
                onlyIdChars = false;
            } else if (c == ';') {
                if (pos + 1 < end && src[pos + 1] == ';') break;
                pos++;
                onlyIdChars = false;
            } else if (c == '(' || c == ')' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                break;
            } else {
                if (pos == start) throw errorHere(illegalCharacter());
                break; // the illegal character is reported as the next token
            }
        }
        int len = pos - start;
        if (strings == 1 && lastStringStart == start && len > 0 && pos == afterString) {
            return new Token(Token.Kind.STRING, null, lastString, null, tokenLine, tokenColumn);
        }
        int first = src[start] & 0xFF;
        if (first == '$') {
            if (onlyIdChars && len > 1) {
                return new Token(Token.Kind.ID, ascii(start + 1, len - 1), null, null, tokenLine, tokenColumn);
            }
            if (strings == 1 && lastStringStart == start + 1 && pos == afterString) {
                if (lastString.length == 0) return reserved(start, len, "empty identifier");
                if (!isUtf8(lastString)) throw error("malformed UTF-8 encoding");
                return new Token(Token.Kind.ID, new String(lastString, StandardCharsets.UTF_8), null, null, tokenLine, tokenColumn);
            }
            if (len == 1) return reserved(start, len, "empty identifier");
            return reserved(start, len, null);
        }
        if (onlyIdChars) {
            String text = ascii(start, len);
            if (first >= 'a' && first <= 'z') return new Token(Token.Kind.KEYWORD, text, null, null, tokenLine, tokenColumn);
            Token.Kind k = NumberLiterals.classify(text);
            if (k != null) return new Token(k, text, null, null, tokenLine, tokenColumn);
            return reserved(start, len, null);
        }
        return reserved(start, len, null);
    }

    private int afterString;

    private Token reserved(int start, int len, String error) {
        String text = new String(src, start, len, StandardCharsets.UTF_8);
        return new Token(Token.Kind.RESERVED, text, null, error != null ? error : "unknown operator " + text,
                tokenLine, tokenColumn);
    }

    private String illegalCharacter() {
        int c = src[pos] & 0xFF;
        if (c >= 0x80 && utf8Length(src, pos, end) < 0) return "malformed UTF-8 encoding";
        return "illegal character";
    }

    private String ascii(int start, int len) {
        return new String(src, start, len, StandardCharsets.ISO_8859_1);
    }

    /** Reads a string literal at pos (a '"'), returning its bytes after escapes (spec 6.3.3). */
    private byte[] string() {
        int startLine = line, startCol = pos - lineStart + 1;
        pos++;
        int n = 0;
        while (true) {
            if (pos >= end) throw MalformedException.atText("unclosed string", startLine, startCol);
            int c = src[pos] & 0xFF;
            if (n + 4 > buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
            if (c == '"') {
                pos++;
                break;
            }
            if (c == '\\') {
                pos++;
                if (pos >= end) throw MalformedException.atText("unclosed string", startLine, startCol);
                int e = src[pos] & 0xFF;
                switch (e) {
                    case 't' -> { buf[n++] = '\t'; pos++; }
                    case 'n' -> { buf[n++] = '\n'; pos++; }
                    case 'r' -> { buf[n++] = '\r'; pos++; }
                    case '"' -> { buf[n++] = '"'; pos++; }
                    case '\'' -> { buf[n++] = '\''; pos++; }
                    case '\\' -> { buf[n++] = '\\'; pos++; }
                    case 'u' -> n = unicodeEscape(n);
                    default -> {
                        int h1 = hexValue(e), h2 = pos + 1 < end ? hexValue(src[pos + 1] & 0xFF) : -1;
                        if (h1 < 0 || h2 < 0) throw errorHere("illegal escape");
                        buf[n++] = (byte) (h1 * 16 + h2);
                        pos += 2;
                    }
                }
            } else if (c < 0x20 || c == 0x7F) {
                if (c == '\n') throw MalformedException.atText("unclosed string", startLine, startCol);
                throw errorHere("illegal control character in string");
            } else if (c < 0x80) {
                buf[n++] = (byte) c;
                pos++;
            } else {
                int len = utf8Length(src, pos, end);
                if (len < 0) throw errorHere("malformed UTF-8 encoding");
                for (int i = 0; i < len; i++) buf[n++] = src[pos++];
            }
        }
        afterString = pos;
        return Arrays.copyOf(buf, n);
    }

    /** {@code \\u{hex+}}: a Unicode scalar value, written as UTF-8. */
    private int unicodeEscape(int n) {
        pos++;
        if (pos >= end || src[pos] != '{') throw errorHere("illegal escape");
        pos++;
        long cp = 0;
        int digits = 0;
        while (pos < end && src[pos] != '}') {
            int h = hexValue(src[pos] & 0xFF);
            if (h < 0) {
                if (src[pos] == '_' && digits > 0) {
                    pos++;
                    continue;
                }
                throw errorHere("illegal escape");
            }
            cp = Math.min(cp * 16 + h, 0x200000);
            digits++;
            pos++;
        }
        if (pos >= end || digits == 0) throw errorHere("illegal escape");
        pos++;
        if (cp >= 0xD800 && cp < 0xE000 || cp > 0x10FFFF) throw errorHere("illegal escape");
        int c = (int) cp;
        if (c < 0x80) {
            buf[n++] = (byte) c;
        } else if (c < 0x800) {
            buf[n++] = (byte) (0xC0 | c >> 6);
            buf[n++] = (byte) (0x80 | c & 0x3F);
        } else if (c < 0x10000) {
            buf[n++] = (byte) (0xE0 | c >> 12);
            buf[n++] = (byte) (0x80 | c >> 6 & 0x3F);
            buf[n++] = (byte) (0x80 | c & 0x3F);
        } else {
            buf[n++] = (byte) (0xF0 | c >> 18);
            buf[n++] = (byte) (0x80 | c >> 12 & 0x3F);
            buf[n++] = (byte) (0x80 | c >> 6 & 0x3F);
            buf[n++] = (byte) (0x80 | c & 0x3F);
        }
        return n;
    }

    static int hexValue(int c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    /** idchar (spec 6.3.5): letters, digits and {@code ! # $ % & ' * + - . / : < = > ? @ \ ^ _ ` | ~}. */
    static boolean isIdChar(int c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') return true;
        switch (c) {
            case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-':
            case '.': case '/': case ':': case '<': case '=': case '>': case '?': case '@': case '\\':
            case '^': case '_': case '`': case '|': case '~':
                return true;
            default:
                return false;
        }
    }

    /** Length of the well-formed UTF-8 sequence at {@code p} (no overlongs, surrogates or > U+10FFFF), or -1. */
    static int utf8Length(byte[] b, int p, int end) {
        int c = b[p] & 0xFF;
        if (c < 0x80) return 1;
        int n;
        int min;
        if (c >= 0xC2 && c <= 0xDF) { n = 2; min = 0x80; }
        else if (c >= 0xE0 && c <= 0xEF) { n = 3; min = 0x800; }
        else if (c >= 0xF0 && c <= 0xF4) { n = 4; min = 0x10000; }
        else return -1;
        if (p + n > end) return -1;
        int cp = c & (0x7F >> n);
        for (int i = 1; i < n; i++) {
            int d = b[p + i] & 0xFF;
            if ((d & 0xC0) != 0x80) return -1;
            cp = cp << 6 | d & 0x3F;
        }
        if (cp < min || cp > 0x10FFFF || cp >= 0xD800 && cp < 0xE000) return -1;
        return n;
    }

    static boolean isUtf8(byte[] b) {
        for (int p = 0; p < b.length; ) {
            int n = utf8Length(b, p, b.length);
            if (n < 0) return false;
            p += n;
        }
        return true;
    }
}
