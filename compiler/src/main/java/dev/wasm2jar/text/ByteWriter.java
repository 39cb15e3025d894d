package dev.wasm2jar.text;

import java.util.Arrays;

/** A growable byte buffer with the binary format's primitive encodings (spec section 5.2). */
final class ByteWriter {
    private byte[] buf;
    private int size;

    ByteWriter() {
        this(64);
    }

    ByteWriter(int capacity) {
        buf = new byte[capacity];
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int n) {
        if (size + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
    }

    ByteWriter u8(int b) {
        ensure(1);
        buf[size++] = (byte) b;
        return this;
    }

    ByteWriter bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    ByteWriter bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
        return this;
    }

    ByteWriter bytes(ByteWriter other) {
        return bytes(other.buf, 0, other.size);
    }

    /** Unsigned LEB128 of a u32 given as int (its bits) or of a u64. */
    ByteWriter u32(int v) {
        return u64(v & 0xFFFFFFFFL);
    }

    ByteWriter u64(long v) {
        ensure(10);
        do {
            int b = (int) (v & 0x7F);
            v >>>= 7;
            buf[size++] = (byte) (v != 0 ? b | 0x80 : b);
        } while (v != 0);
        return this;
    }

    /** Signed LEB128 (s32, s33, s64 alike: the value's own width decides the length). */
    ByteWriter s64(long v) {
        ensure(10);
        while (true) {
            int b = (int) (v & 0x7F);
            v >>= 7;
            boolean done = v == 0 && (b & 0x40) == 0 || v == -1 && (b & 0x40) != 0;
            buf[size++] = (byte) (done ? b : b | 0x80);
            if (done) return this;
        }
    }

    ByteWriter f32(int bits) {
        ensure(4);
        for (int i = 0; i < 4; i++) buf[size++] = (byte) (bits >>> (8 * i));
        return this;
    }

    ByteWriter f64(long bits) {
        ensure(8);
        for (int i = 0; i < 8; i++) buf[size++] = (byte) (bits >>> (8 * i));
        return this;
    }

    /** A vector of bytes: length then the bytes (names, data, custom section contents). */
    ByteWriter vec(byte[] b) {
        return u32(b.length).bytes(b);
    }

    /** A length-prefixed copy of another buffer (section and function bodies). */
    ByteWriter sized(ByteWriter body) {
        return u32(body.size).bytes(body.buf, 0, body.size);
    }
}
