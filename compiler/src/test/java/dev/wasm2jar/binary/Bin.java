package dev.wasm2jar.binary;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds binary modules by hand for the decoder's tests. */
final class Bin {
    static final byte[] HEADER = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};

    private Bin() {
    }

    /** Concatenates byte arrays, Integers (one byte each) and Strings (raw UTF-8). */
    static byte[] cat(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof byte[] b) out.writeBytes(b);
            else if (p instanceof Integer i) out.write(i);
            else if (p instanceof String s) out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            else throw new IllegalArgumentException(String.valueOf(p));
        }
        return out.toByteArray();
    }

    static byte[] b(int... bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) out[i] = (byte) bytes[i];
        return out;
    }

    static byte[] u32(long v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        do {
            int b = (int) (v & 0x7F);
            v >>>= 7;
            out.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
        return out.toByteArray();
    }

    /** A name: length and UTF-8 bytes. */
    static byte[] name(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return cat(u32(b.length), b);
    }

    /** A vector: count, then the entries' bytes. */
    static byte[] vec(int count, Object... entries) {
        return cat(u32(count), cat(entries));
    }

    /** A section with id and correct size. */
    static byte[] section(int id, Object... content) {
        byte[] c = cat(content);
        return cat(id, u32(c.length), c);
    }

    static byte[] module(Object... sections) {
        return cat(HEADER, cat(sections));
    }

    /** A type section with one function type [] -> []. */
    static byte[] voidType() {
        return section(1, vec(1, 0x60, 0, 0));
    }

    /** A code entry: size, locals, body bytes (which must end with 0x0b). */
    static byte[] body(byte[] locals, Object... code) {
        byte[] c = cat(locals, cat(code));
        return cat(u32(c.length), c);
    }

    /** One void function with the given instructions (ending in 0x0b) and no locals. */
    static byte[] oneFunction(Object... code) {
        return cat(voidType(), section(3, vec(1, 0)), section(10, vec(1, body(b(0), code))));
    }
}
