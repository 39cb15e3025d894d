package dev.wasm2jar.it.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Byte-level and section-aware mutations of a module binary. Section-aware mutations change one
 * section's payload and re-encode its size, so that the decoder gets past the framing and the
 * damage reaches the section's own decoding, validation and code generation.
 */
final class Mutator {
    private static final int[] INTERESTING = {0x00, 0x01, 0x7f, 0x80, 0xff, 0x40, 0x41, 0x0b, 0x0f, 0x10, 0x11, 0x1a, 0x20, 0x21, 0x6f, 0x70, 0x7b, 0x7c, 0x7d, 0x7e, 0xfc, 0xfd, 0xfe, 0xd0, 0xd2};
    /** LEB128 encodings worth trying: huge, negative, overlong, maximal. */
    private static final byte[][] LEBS = {
            {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f},
            {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07},
            {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08},
            {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x00},
            {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x00},
            {(byte) 0xff, (byte) 0xff, 0x03},
            {(byte) 0x80, (byte) 0x80, 0x04},
            {0x7f}, {0x00}, {0x01}, {0x40},
    };

    private static final int CODE = 10;
    /** Opcodes to plant in function bodies: control, calls, locals, memory, numeric, reference, misc. */
    private static final int[] OPCODES = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x1a, 0x1b, 0x1c,
            0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x28, 0x29, 0x2d, 0x36, 0x3a, 0x3f, 0x40, 0x41, 0x42, 0x43, 0x44,
            0x45, 0x50, 0x67, 0x6d, 0x7f, 0x80, 0x8c, 0x95, 0xa7, 0xa8, 0xae, 0xb6, 0xbc, 0xbf, 0xc0, 0xc4, 0xd0, 0xd1, 0xd2};

    private final Random rnd;

    Mutator(Random rnd) {
        this.rnd = rnd;
    }

    record Section(int id, byte[] payload) {
    }

    /** 1 to 4 mutations of {@code seed}; {@code donor} lends sections for splicing. */
    byte[] mutate(byte[] seed, byte[] donor) {
        byte[] b = seed;
        int n = rnd.nextInt(4) == 0 ? 2 + rnd.nextInt(3) : 1;
        for (int i = 0; i < n; i++) b = mutateOnce(b, donor);
        return b;
    }

    private byte[] mutateOnce(byte[] b, byte[] donor) {
        List<Section> sections = parse(b);
        if (sections != null && !sections.isEmpty() && rnd.nextInt(10) < 7) {
            return structured(sections, donor);
        }
        return raw(b);
    }

    private byte[] structured(List<Section> sections, byte[] donor) {
        for (int i = 0; i < sections.size(); i++) {
            if (sections.get(i).id() == CODE && rnd.nextInt(10) < 4) {
                byte[] code = mutateCode(sections.get(i).payload());
                if (code != null) {
                    sections.set(i, new Section(CODE, code));
                    return serialize(sections);
                }
            }
        }
        int k = rnd.nextInt(sections.size());
        Section s = sections.get(k);
        switch (rnd.nextInt(8)) {
            case 0 -> sections.remove(k);
            case 1 -> sections.add(rnd.nextInt(sections.size() + 1), s);
            case 2 -> { // swap with another section
                int j = rnd.nextInt(sections.size());
                sections.set(k, sections.get(j));
                sections.set(j, s);
            }
            case 3 -> { // splice a section of the donor in (replacing the same id, or inserted)
                List<Section> d = donor == null ? null : parse(donor);
                if (d == null || d.isEmpty()) return raw(serialize(sections));
                Section ds = d.get(rnd.nextInt(d.size()));
                int same = -1;
                for (int i = 0; i < sections.size(); i++) if (sections.get(i).id() == ds.id()) same = i;
                if (same >= 0 && rnd.nextBoolean()) sections.set(same, ds);
                else sections.add(rnd.nextInt(sections.size() + 1), ds);
            }
            case 4 -> sections.set(k, new Section(s.id(), tweakLeb(s.payload())));
            case 5 -> sections.set(k, new Section(s.id(), hugeCount(s.payload())));
            default -> sections.set(k, new Section(s.id(), raw(s.payload())));
        }
        return serialize(sections);
    }

    /**
     * Damages one function body of a code section payload and re-encodes the bodies' sizes, so the
     * damage reaches instruction decoding, validation and code generation; null if unparsable.
     */
    private byte[] mutateCode(byte[] payload) {
        int[] p = {0};
        long count = readLeb(payload, p);
        if (count <= 0 || count > payload.length) return null;
        List<byte[]> bodies = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            long size = readLeb(payload, p);
            if (size < 0 || size > payload.length - p[0]) return null;
            bodies.add(java.util.Arrays.copyOfRange(payload, p[0], p[0] + (int) size));
            p[0] += (int) size;
        }
        int k = rnd.nextInt(bodies.size());
        byte[] body = bodies.get(k);
        if (rnd.nextInt(4) == 0 && body.length > 1) { // an opcode (maybe prefixed, with a small immediate)
            int at = 1 + rnd.nextInt(body.length - 1);
            byte[] ins = switch (rnd.nextInt(3)) {
                case 0 -> new byte[] {(byte) OPCODES[rnd.nextInt(OPCODES.length)]};
                case 1 -> new byte[] {(byte) OPCODES[rnd.nextInt(OPCODES.length)], (byte) rnd.nextInt(4)};
                default -> new byte[] {(byte) 0xfc, (byte) rnd.nextInt(18), (byte) rnd.nextInt(2), (byte) rnd.nextInt(2)};
            };
            body = splice(body, at, rnd.nextBoolean() ? 0 : 1, ins);
        } else {
            body = raw(body, 0);
        }
        bodies.set(k, body);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(leb(bodies.size()));
        for (byte[] b : bodies) {
            out.writeBytes(leb(b.length));
            out.writeBytes(b);
        }
        out.write(payload, p[0], payload.length - p[0]); // trailing bytes (if any) stay
        return out.toByteArray();
    }

    /** Unstructured damage in {@code b}, mostly past the 8-byte header. */
    byte[] raw(byte[] b) {
        return raw(b, b.length > 8 && rnd.nextInt(20) != 0 ? 8 : 0);
    }

    private byte[] raw(byte[] b, int from) {
        if (b.length <= from) return splice(b, b.length, 0, new byte[] {(byte) rnd.nextInt(256)});
        byte[] out;
        int pos = from + rnd.nextInt(b.length - from);
        switch (rnd.nextInt(7)) {
            case 0 -> {
                out = b.clone();
                out[pos] ^= (byte) (1 << rnd.nextInt(8));
            }
            case 1 -> {
                out = b.clone();
                out[pos] = (byte) INTERESTING[rnd.nextInt(INTERESTING.length)];
            }
            case 2 -> {
                out = b.clone();
                out[pos] = (byte) rnd.nextInt(256);
            }
            case 3 -> { // insert a few bytes
                int n = rnd.nextInt(4) == 0 ? 2 + rnd.nextInt(3) : 1;
                byte[] ins = new byte[n];
                for (int i = 0; i < n; i++) ins[i] = (byte) (rnd.nextBoolean() ? INTERESTING[rnd.nextInt(INTERESTING.length)] : rnd.nextInt(256));
                out = splice(b, pos, 0, ins);
            }
            case 4 -> out = splice(b, pos, Math.min(b.length - pos, 1 + rnd.nextInt(8)), new byte[0]);
            case 5 -> { // duplicate a range
                int len = Math.min(b.length - pos, 1 + rnd.nextInt(16));
                byte[] r = new byte[len];
                System.arraycopy(b, pos, r, 0, len);
                out = splice(b, rnd.nextInt(b.length + 1), 0, r);
            }
            default -> out = tweakLeb(b);
        }
        return out;
    }

    /** Replaces the LEB128 at a random position with a huge, overlong or off-by-one one. */
    private byte[] tweakLeb(byte[] b) {
        if (b.length == 0) return b;
        int pos = rnd.nextInt(b.length);
        int len = 1;
        while (pos + len - 1 < b.length && (b[pos + len - 1] & 0x80) != 0 && len < 10) len++;
        len = Math.min(len, b.length - pos);
        byte[] repl;
        if (rnd.nextInt(3) == 0) {
            long v = readLeb(b, pos) + (rnd.nextBoolean() ? 1 : -1);
            repl = leb(Math.max(0, v));
        } else {
            repl = LEBS[rnd.nextInt(LEBS.length)];
        }
        return splice(b, pos, len, repl);
    }

    /** Makes the payload's leading count (most sections start with one) huge. */
    private byte[] hugeCount(byte[] p) {
        int len = 0;
        while (len < p.length && (p[len] & 0x80) != 0) len++;
        len = Math.min(len + 1, p.length);
        return splice(p, 0, len, LEBS[rnd.nextInt(3)]);
    }

    private static long readLeb(byte[] b, int[] pos) {
        long v = 0;
        int shift = 0;
        while (pos[0] < b.length && shift < 63) {
            int x = b[pos[0]++] & 0xff;
            v |= (long) (x & 0x7f) << shift;
            shift += 7;
            if ((x & 0x80) == 0) return v;
        }
        return -1;
    }

    private static long readLeb(byte[] b, int pos) {
        long v = 0;
        int shift = 0;
        for (int i = pos; i < b.length && shift < 63; i++, shift += 7) {
            v |= (long) (b[i] & 0x7f) << shift;
            if ((b[i] & 0x80) == 0) break;
        }
        return v;
    }

    static byte[] leb(long v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        do {
            int x = (int) (v & 0x7f);
            v >>>= 7;
            out.write(v != 0 ? x | 0x80 : x);
        } while (v != 0);
        return out.toByteArray();
    }

    private static byte[] splice(byte[] b, int pos, int del, byte[] ins) {
        byte[] out = new byte[b.length - del + ins.length];
        System.arraycopy(b, 0, out, 0, pos);
        System.arraycopy(ins, 0, out, pos, ins.length);
        System.arraycopy(b, pos + del, out, pos + ins.length, b.length - pos - del);
        return out;
    }

    /** The sections of a well-framed module, or null. */
    static List<Section> parse(byte[] b) {
        if (b.length < 8 || b[0] != 0 || b[1] != 'a' || b[2] != 's' || b[3] != 'm') return null;
        List<Section> out = new ArrayList<>();
        int p = 8;
        while (p < b.length) {
            int id = b[p++] & 0xff;
            long size = 0;
            int shift = 0;
            while (true) {
                if (p >= b.length || shift > 28) return null;
                int x = b[p++] & 0xff;
                size |= (long) (x & 0x7f) << shift;
                shift += 7;
                if ((x & 0x80) == 0) break;
            }
            if (size > b.length - p) return null;
            byte[] payload = new byte[(int) size];
            System.arraycopy(b, p, payload, 0, (int) size);
            p += (int) size;
            out.add(new Section(id, payload));
        }
        return out;
    }

    static byte[] serialize(List<Section> sections) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        for (Section s : sections) {
            out.write(s.id());
            out.writeBytes(leb(s.payload().length));
            out.writeBytes(s.payload());
        }
        return out.toByteArray();
    }
}
