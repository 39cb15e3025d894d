package dev.wasm2jar.validate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A minimal JSON reader for the test-only parsing of wast2json output: objects, arrays, strings, numbers, literals. */
final class MiniJson {
    private final String s;
    private int pos;

    private MiniJson(String s) {
        this.s = s;
    }

    static Object parse(String text) {
        MiniJson p = new MiniJson(text);
        Object v = p.value();
        p.ws();
        if (p.pos != text.length()) throw new IllegalArgumentException("trailing JSON at " + p.pos);
        return v;
    }

    private Object value() {
        ws();
        char c = s.charAt(pos);
        switch (c) {
            case '{': {
                pos++;
                Map<String, Object> m = new LinkedHashMap<>();
                ws();
                if (s.charAt(pos) == '}') { pos++; return m; }
                while (true) {
                    ws();
                    String k = string();
                    ws();
                    expect(':');
                    m.put(k, value());
                    ws();
                    if (s.charAt(pos) == ',') { pos++; continue; }
                    expect('}');
                    return m;
                }
            }
            case '[': {
                pos++;
                List<Object> l = new ArrayList<>();
                ws();
                if (s.charAt(pos) == ']') { pos++; return l; }
                while (true) {
                    l.add(value());
                    ws();
                    if (s.charAt(pos) == ',') { pos++; continue; }
                    expect(']');
                    return l;
                }
            }
            case '"':
                return string();
            default: {
                int start = pos;
                while (pos < s.length() && ",}] \n\r\t".indexOf(s.charAt(pos)) < 0) pos++;
                String lit = s.substring(start, pos);
                if (lit.equals("true")) return Boolean.TRUE;
                if (lit.equals("false")) return Boolean.FALSE;
                if (lit.equals("null")) return null;
                return lit; // numbers are kept as text
            }
        }
    }

    private String string() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = s.charAt(pos++);
            if (c == '"') return sb.toString();
            if (c != '\\') { sb.append(c); continue; }
            char e = s.charAt(pos++);
            switch (e) {
                case 'n': sb.append('\n'); break;
                case 't': sb.append('\t'); break;
                case 'r': sb.append('\r'); break;
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'u': sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16)); pos += 4; break;
                default: sb.append(e);
            }
        }
    }

    private void expect(char c) {
        if (s.charAt(pos) != c) throw new IllegalArgumentException("expected " + c + " at " + pos);
        pos++;
    }

    private void ws() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
    }
}
