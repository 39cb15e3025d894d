package dev.wasm2jar.codegen;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Reads the bytecode length of the methods of a class file (ASM does not report it). */
public final class MethodSizes {
    /** HotSpot compiles no method of more bytes of bytecode ({@code -XX:HugeMethodLimit}, fixed in product builds). */
    public static final int JIT_LIMIT = 8000;

    private MethodSizes() {
    }

    /** The largest method of a class file: {@code [size]} and its name in {@code name[0]} when larger than {@code atLeast}. */
    public static int largest(byte[] cls, String[] name, int atLeast) {
        int[] max = {atLeast};
        forEach(cls, (m, size) -> {
            if (size > max[0]) {
                max[0] = size;
                if (name != null) name[0] = m;
            }
        });
        return max[0];
    }

    /** Calls {@code each} with the name and bytecode length of every method with code. */
    public static void forEach(byte[] cls, java.util.function.ObjIntConsumer<String> each) {
        ByteBuffer b = ByteBuffer.wrap(cls);
        b.position(8);
        int n = b.getShort() & 0xFFFF;
        String[] utf8 = new String[n];
        for (int i = 1; i < n; i++) {
            int tag = b.get() & 0xFF;
            switch (tag) {
                case 1: {
                    int len = b.getShort() & 0xFFFF;
                    utf8[i] = new String(cls, b.position(), len, StandardCharsets.UTF_8);
                    b.position(b.position() + len);
                    break;
                }
                case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18: skip(b, 4); break;
                case 5: case 6: skip(b, 8); i++; break;
                case 7: case 8: case 16: case 19: case 20: skip(b, 2); break;
                case 15: skip(b, 3); break;
                default: throw new IllegalArgumentException("constant tag " + tag);
            }
        }
        skip(b, 6);
        skip(b, 2 * (b.getShort() & 0xFFFF));
        int fields = b.getShort() & 0xFFFF;
        for (int i = 0; i < fields; i++) {
            skip(b, 6);
            int attrs = b.getShort() & 0xFFFF;
            for (int a = 0; a < attrs; a++) {
                skip(b, 2);
                skip(b, b.getInt());
            }
        }
        int methods = b.getShort() & 0xFFFF;
        for (int i = 0; i < methods; i++) {
            skip(b, 2);
            String mname = utf8[b.getShort() & 0xFFFF];
            skip(b, 2);
            int attrs = b.getShort() & 0xFFFF;
            for (int a = 0; a < attrs; a++) {
                String an = utf8[b.getShort() & 0xFFFF];
                int len = b.getInt();
                if (an.equals("Code")) {
                    each.accept(mname, b.getInt(b.position() + 4));
                }
                skip(b, len);
            }
        }
    }

    private static void skip(ByteBuffer b, int n) {
        b.position(b.position() + n);
    }
}
