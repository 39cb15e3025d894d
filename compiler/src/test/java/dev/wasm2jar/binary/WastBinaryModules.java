package dev.wasm2jar.binary;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the {@code (module binary "...")} forms of a .wast script, a stand-in for the text parser
 * in the decoder's own tests: an s-expression reader that knows comments and string literals, and
 * decodes the string escapes of the text format ({@code \hh \n \t \r \\ \" \' \\u{...}}).
 */
final class WastBinaryModules {
    /** A binary module of a script; {@code command} is the enclosing assertion ("module" if none). */
    record Entry(String file, int line, String command, byte[] bytes, String expected) {
        @Override
        public String toString() {
            return file + ":" + line + " (" + command + (expected != null ? " \"" + expected + "\"" : "") + ")";
        }
    }

    /** A node of the script: a list, or an atom (a keyword, or a string's decoded bytes). */
    private static final class Node {
        final int line;
        final List<Node> children; // null for atoms
        final String atom;         // keyword text, null for strings
        final byte[] string;       // decoded string literal, null otherwise

        Node(int line, List<Node> children, String atom, byte[] string) {
            this.line = line;
            this.children = children;
            this.atom = atom;
            this.string = string;
        }

        boolean isAtom(String s) {
            return atom != null && atom.equals(s);
        }
    }

    private final byte[] src;
    private int pos;
    private int line = 1;

    private WastBinaryModules(byte[] src) {
        this.src = src;
    }

    static List<Entry> read(Path file) throws IOException {
        WastBinaryModules p = new WastBinaryModules(Files.readAllBytes(file));
        List<Entry> out = new ArrayList<>();
        String name = file.getFileName().toString();
        Node top;
        while ((top = p.next()) != null) {
            if (top.children == null || top.children.isEmpty()) continue;
            Node head = top.children.get(0);
            if (head.isAtom("module")) {
                byte[] b = binaryOf(top);
                if (b != null) out.add(new Entry(name, top.line, "module", b, null));
            } else if (head.atom != null && head.atom.startsWith("assert_")) {
                for (Node c : top.children) {
                    if (c.children == null || c.children.isEmpty() || !c.children.get(0).isAtom("module")) continue;
                    byte[] b = binaryOf(c);
                    if (b == null) continue;
                    Node last = top.children.get(top.children.size() - 1);
                    String expected = last.string != null ? new String(last.string, StandardCharsets.UTF_8) : null;
                    out.add(new Entry(name, c.line, head.atom, b, expected));
                }
            }
        }
        return out;
    }

    /** The bytes of {@code (module [definition] [$id] binary "..."*)}, or null for other modules. */
    private static byte[] binaryOf(Node module) {
        List<Node> c = module.children;
        int i = 1;
        while (i < c.size() && c.get(i).atom != null && (c.get(i).atom.startsWith("$") || c.get(i).isAtom("definition"))) i++;
        if (i >= c.size() || !c.get(i).isAtom("binary")) return null;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (i++; i < c.size(); i++) {
            if (c.get(i).string != null) out.writeBytes(c.get(i).string);
        }
        return out.toByteArray();
    }

    /** The next node, or null at the end of the input. */
    private Node next() {
        skipSpace();
        if (pos >= src.length) return null;
        int startLine = line;
        byte b = src[pos];
        if (b == '(') {
            pos++;
            List<Node> kids = new ArrayList<>();
            while (true) {
                skipSpace();
                if (pos >= src.length) throw new IllegalStateException("unclosed ( from line " + startLine);
                if (src[pos] == ')') {
                    pos++;
                    return new Node(startLine, kids, null, null);
                }
                kids.add(next());
            }
        }
        if (b == ')') throw new IllegalStateException("unexpected ) at line " + line);
        if (b == '"') return new Node(startLine, null, null, string());
        int start = pos;
        while (pos < src.length && !isSpace(src[pos]) && src[pos] != '(' && src[pos] != ')' && src[pos] != '"') pos++;
        return new Node(startLine, null, new String(src, start, pos - start, StandardCharsets.UTF_8), null);
    }

    private byte[] string() {
        pos++; // opening quote
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            if (pos >= src.length) throw new IllegalStateException("unclosed string");
            byte b = src[pos++];
            if (b == '"') return out.toByteArray();
            if (b == '\n') line++;
            if (b != '\\') {
                out.write(b);
                continue;
            }
            byte e = src[pos++];
            switch (e) {
                case 'n': out.write('\n'); break;
                case 't': out.write('\t'); break;
                case 'r': out.write('\r'); break;
                case '\\': out.write('\\'); break;
                case '"': out.write('"'); break;
                case '\'': out.write('\''); break;
                case 'u': {
                    if (src[pos] != '{') throw new IllegalStateException("bad \\u escape at line " + line);
                    int close = pos;
                    while (src[close] != '}') close++;
                    String hex = new String(src, pos + 1, close - pos - 1, StandardCharsets.US_ASCII).replace("_", "");
                    pos = close + 1;
                    out.writeBytes(new String(Character.toChars(Integer.parseInt(hex, 16))).getBytes(StandardCharsets.UTF_8));
                    break;
                }
                default:
                    out.write(Integer.parseInt(new String(src, pos - 1, 2, StandardCharsets.US_ASCII), 16));
                    pos++;
            }
        }
    }

    private void skipSpace() {
        while (pos < src.length) {
            byte b = src[pos];
            if (b == '\n') {
                line++;
                pos++;
            } else if (isSpace(b)) {
                pos++;
            } else if (b == ';' && pos + 1 < src.length && src[pos + 1] == ';') {
                while (pos < src.length && src[pos] != '\n') pos++;
            } else if (b == '(' && pos + 1 < src.length && src[pos + 1] == ';') {
                int depth = 1;
                pos += 2;
                while (pos < src.length && depth > 0) {
                    if (src[pos] == '(' && pos + 1 < src.length && src[pos + 1] == ';') {
                        depth++;
                        pos += 2;
                    } else if (src[pos] == ';' && pos + 1 < src.length && src[pos + 1] == ')') {
                        depth--;
                        pos += 2;
                    } else {
                        if (src[pos] == '\n') line++;
                        pos++;
                    }
                }
            } else {
                return;
            }
        }
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }
}
