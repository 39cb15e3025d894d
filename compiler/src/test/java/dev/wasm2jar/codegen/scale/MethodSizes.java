package dev.wasm2jar.codegen.scale;

import java.nio.ByteBuffer;
import java.util.Map;

/** Reads the bytecode length of every method of class files (a minimal class-file parser). */
public final class MethodSizes {
    private MethodSizes() {
    }

    /** The largest method, as {@code size} with its name in {@code where[0]}. */
    public static int largest(Map<String, byte[]> classes, String[] where) {
        int max = 0;
        for (Map.Entry<String, byte[]> e : classes.entrySet()) {
            max = Math.max(max, largest(e.getKey(), e.getValue(), where, max));
        }
        return max;
    }

    /** The largest method of one class if over {@code atLeast} (its name into {@code where[0]}), else {@code atLeast}. */
    public static int largest(String className, byte[] cls, String[] where, int atLeast) {
        ByteBuffer b = ByteBuffer.wrap(cls);
        b.position(8);
        int n = b.getShort() & 0xFFFF;
        String[] utf8 = new String[n];
        for (int i = 1; i < n; i++) {
            int tag = b.get() & 0xFF;
            switch (tag) {
                case 1: {
                    int len = b.getShort() & 0xFFFF;
                    byte[] s = new byte[len];
                    b.get(s);
                    utf8[i] = new String(s, java.nio.charset.StandardCharsets.UTF_8);
                    break;
                }
                case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18: b.position(b.position() + 4); break;
                case 5: case 6: b.position(b.position() + 8); i++; break;
                case 7: case 8: case 16: case 19: case 20: b.position(b.position() + 2); break;
                case 15: b.position(b.position() + 3); break;
                default: throw new IllegalArgumentException("constant tag " + tag);
            }
        }
        b.position(b.position() + 6);
        b.position(b.position() + 2 * (b.getShort() & 0xFFFF));
        int fields = b.getShort() & 0xFFFF;
        for (int i = 0; i < fields; i++) {
            b.position(b.position() + 6);
            skipAttributes(b);
        }
        int methods = b.getShort() & 0xFFFF;
        int max = atLeast;
        for (int i = 0; i < methods; i++) {
            b.position(b.position() + 2);
            String name = utf8[b.getShort() & 0xFFFF];
            b.position(b.position() + 2);
            int attrs = b.getShort() & 0xFFFF;
            for (int a = 0; a < attrs; a++) {
                String an = utf8[b.getShort() & 0xFFFF];
                int len = b.getInt();
                int next = b.position() + len;
                if (an.equals("Code")) {
                    int codeLen = b.getInt(b.position() + 4);
                    if (codeLen > max) {
                        max = codeLen;
                        if (where != null) where[0] = className + "." + name;
                    }
                }
                b.position(next);
            }
        }
        return max;
    }

    private static void skipAttributes(ByteBuffer b) {
        int attrs = b.getShort() & 0xFFFF;
        for (int a = 0; a < attrs; a++) {
            b.position(b.position() + 2);
            int len = b.getInt();
            b.position(b.position() + len);
        }
    }
}
