package dev.wasm2jar.codegen.scale;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Generates big, valid, deterministic modules shaped like real compiled programs: many functions
 * of type {@code (i32 x, i32 fuel) -> i32} with locals of all number types, loops, ifs, blocks
 * whose branches carry values, {@code br_table} switches, direct and indirect calls (only to
 * smaller functions, bounded by {@code fuel}), memory loads and stores, a global; and a few huge
 * "interpreter" functions: a dispatch loop over a {@code br_table} of hundreds of arms. Every
 * function terminates without trapping. The export {@code call(index, x)} calls function
 * {@code index} through the table with fuel 3, so a test can compare every function's result
 * with another engine's (node).
 */
public final class BigModule {
    /** Shape of a module. */
    public record Spec(long seed, int functions, int avgSize, int bigEvery, int bigSize, int huge, int hugeSize) {
        /** About 30 MB: 35,000 functions, 10 huge ones of up to 250 KB. */
        public static Spec full() {
            return new Spec(42, 35_000, 330, 70, 20_000, 10, 250_000);
        }

        /** A few seconds' worth for the regular test run. */
        public static Spec small() {
            return new Spec(7, 300, 400, 40, 12_000, 2, 60_000);
        }
    }

    private static final int LOCAL_X = 0, LOCAL_FUEL = 1, FIRST_I32 = 2, N_I32 = 6, LOCAL_E = 8, LOCAL_H = 9,
            FIRST_COUNTER = 10, N_COUNTERS = 4, LOCAL_PC = 14, LOCAL_STEPS = 15, N_LOCALS = 16;
    private static final int TYPE_F = 0, TYPE_I32_I64 = 1;

    private final Spec spec;
    private final SplittableRandom rnd;
    private final boolean[] huge;
    private ByteArrayOutputStream out;
    private int func;
    private int calls;

    private BigModule(Spec spec) {
        this.spec = spec;
        this.rnd = new SplittableRandom(spec.seed());
        this.huge = new boolean[spec.functions()];
        for (int k = 0; k < spec.huge(); k++) huge[spec.functions() - 1 - k * (spec.functions() / Math.max(1, spec.huge()))] = true;
    }

    public static byte[] generate(Spec spec) {
        return new BigModule(spec).module();
    }

    /** Writes the full-size module: {@code BigModule OUT.wasm [functions]}. */
    public static void main(String[] args) throws IOException {
        Spec s = Spec.full();
        if (args.length > 1) s = new Spec(s.seed(), Integer.parseInt(args[1]), s.avgSize(), s.bigEvery(), s.bigSize(), s.huge(), s.hugeSize());
        byte[] b = generate(s);
        Files.write(Path.of(args[0]), b);
        System.out.println("wrote " + b.length + " bytes, " + s.functions() + " functions");
    }

    // ---- module ----

    private byte[] module() {
        int n = spec.functions();
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        // types: 0 (i32 i32) -> i32, 1 () -> (i32 i64)
        section(m, 1, concat(u32(2), new byte[] {0x60, 2, 0x7F, 0x7F, 1, 0x7F}, new byte[] {0x60, 0, 2, 0x7F, 0x7E}));
        ByteArrayOutputStream fs = new ByteArrayOutputStream();
        fs.writeBytes(u32(n + 1));
        for (int i = 0; i <= n; i++) fs.writeBytes(u32(TYPE_F));
        section(m, 3, fs.toByteArray());
        section(m, 4, concat(u32(1), new byte[] {0x70, 0}, u32(n)));                 // table n funcref
        section(m, 5, concat(u32(1), new byte[] {0}, u32(1)));                        // memory 1
        section(m, 6, concat(u32(1), new byte[] {0x7F, 1, 0x41}, s32(12345), new byte[] {0x0B})); // global mut i32
        byte[] name = "call".getBytes();
        section(m, 7, concat(u32(1), u32(name.length), name, new byte[] {0}, u32(n)));
        ByteArrayOutputStream el = new ByteArrayOutputStream();
        el.writeBytes(u32(1));
        el.writeBytes(new byte[] {0, 0x41, 0, 0x0B});
        el.writeBytes(u32(n));
        for (int i = 0; i < n; i++) el.writeBytes(u32(i));
        section(m, 9, el.toByteArray());
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        code.writeBytes(u32(n + 1));
        for (func = 0; func < n; func++) {
            byte[] body = huge[func] ? hugeBody() : body();
            code.writeBytes(u32(body.length));
            code.writeBytes(body);
        }
        // call(index, x) = table[index](x, 3)
        byte[] call = concat(u32(0), new byte[] {0x20, 1, 0x41, 3, 0x20, 0, 0x11}, u32(TYPE_F), new byte[] {0, 0x0B});
        code.writeBytes(u32(call.length));
        code.writeBytes(call);
        section(m, 10, code.toByteArray());
        return m.toByteArray();
    }

    private static byte[] locals() {
        // 6 i32, 1 i64, 1 f64, 6 i32 (loop counters, pc, steps)
        return concat(u32(4), u32(N_I32), new byte[] {0x7F}, u32(1), new byte[] {0x7E}, u32(1), new byte[] {0x7C},
                u32(N_COUNTERS + 2), new byte[] {0x7F});
    }

    private int sizeOf(int f) {
        if (huge[f]) return spec.hugeSize() / 2 + rnd.nextInt(spec.hugeSize() / 2);
        if (f % spec.bigEvery() == spec.bigEvery() - 1) return spec.bigSize() / 3 + rnd.nextInt(spec.bigSize());
        return 40 + rnd.nextInt(2 * spec.avgSize() - 80);
    }

    private byte[] body() {
        out = new ByteArrayOutputStream();
        out.writeBytes(locals());
        calls = 0;
        int target = sizeOf(func);
        while (out.size() < target) stmt(0, 0, Math.min(target - out.size(), 3000));
        result();
        return out.toByteArray();
    }

    /** A dispatch loop: {@code pc} picks one of many arms each step, for a bounded number of steps. */
    private byte[] hugeBody() {
        out = new ByteArrayOutputStream();
        out.writeBytes(locals());
        calls = 0;
        int target = sizeOf(func);
        int arms = 200 + rnd.nextInt(300);
        int perArm = target / arms;
        op(0x20, LOCAL_X); i32c(255); op(0x71); i32c(50); op(0x6A); op(0x21, LOCAL_STEPS);
        op(0x20, LOCAL_X); i32c(arms); op(0x70); op(0x21, LOCAL_PC);
        out.write(0x03); out.write(0x40);                 // loop $L
        out.write(0x02); out.write(0x40);                 // block $next
        for (int a = 0; a < arms; a++) { out.write(0x02); out.write(0x40); }
        op(0x20, LOCAL_PC);
        out.write(0x0E);
        out.writeBytes(u32(arms));
        for (int a = 0; a < arms; a++) out.writeBytes(u32(a));
        out.writeBytes(u32(arms));                          // default: $next
        for (int a = 0; a < arms; a++) {
            out.write(0x0B);                               // end of arm a's block: arm a follows
            int end = out.size() + perArm;
            while (out.size() < end) stmt(1, 0, Math.min(end - out.size(), 2000));
            // pc = (pc * 7 + a + i32 local) mod arms (unsigned)
            op(0x20, LOCAL_PC); i32c(7); op(0x6C); i32c(a); op(0x6A); local(); op(0x6A); i32c(arms); op(0x70);
            op(0x21, LOCAL_PC);
            op(0x0C, arms - 1 - a);                        // br $next
        }
        out.write(0x0B);                                   // end $next
        op(0x20, LOCAL_STEPS); i32c(1); op(0x6B); op(0x22, LOCAL_STEPS);
        op(0x0D, 0);                                       // br_if $L
        out.write(0x0B);                                   // end loop
        result();
        return out.toByteArray();
    }

    private void result() {
        for (int i = 0; i < N_I32; i++) {
            op(0x20, FIRST_I32 + i);
            if (i > 0) { i32c(31); op(0x6C); op(0x73); }
        }
        op(0x20, LOCAL_E); out.write(0xA7); op(0x6A);     // + wrap(e)
        op(0x20, LOCAL_H); out.write(0xFC); out.write(2); op(0x6A); // + trunc_sat_f64_s(h)
        op(0x23, 0); op(0x73);
        out.write(0x0B);
    }

    // ---- statements: each leaves the stack as it found it ----

    private void stmt(int loops, int depth, int budget) {
        int k = rnd.nextInt(depth > 4 || budget < 60 ? 8 : 15);
        switch (k) {
            case 0: case 1: case 2: expr(2); op(0x21, FIRST_I32 + rnd.nextInt(N_I32)); break;
            case 3: // e = e * c + extend_u(expr)
                op(0x20, LOCAL_E); i64c(rnd.nextLong() | 1); out.write(0x7E); expr(2); out.write(0xAD); out.write(0x7C); op(0x21, LOCAL_E);
                break;
            case 4: // h = h * 0.5 + convert_s(expr)
                op(0x20, LOCAL_H); out.write(0x44); out.writeBytes(le64(Double.doubleToRawLongBits(0.5))); out.write(0xA2);
                expr(2); out.write(0xB7); out.write(0xA0); op(0x21, LOCAL_H);
                break;
            case 5: // store
                address(); expr(2); op(0x36, 2); out.writeBytes(u32(rnd.nextInt(256) * 4));
                break;
            case 6: op(0x23, 0); expr(2); op(0x73); op(0x24, 0); break;
            case 7: call(loops); break;
            case 8: { // if/else
                expr(2); out.write(0x04); out.write(0x40);
                block(loops, depth, budget / 2);
                if (rnd.nextBoolean()) { out.write(0x05); block(loops, depth, budget / 3); }
                out.write(0x0B);
                break;
            }
            case 9: { // counted loop
                if (loops >= N_COUNTERS) { call(loops); break; }
                int c = FIRST_COUNTER + loops;
                expr(1); i32c(7); op(0x71); i32c(1); op(0x6A); op(0x21, c);
                out.write(0x03); out.write(0x40);
                block(loops + 1, depth, budget / 2);
                op(0x20, c); i32c(1); op(0x6B); op(0x22, c); op(0x0D, 0);
                out.write(0x0B);
                break;
            }
            case 10: { // block (result i32): a branch carries a value out
                out.write(0x02); out.write(0x7F);
                expr(2); expr(1); op(0x0D, 0); op(0x1A);
                block(loops, depth, budget / 3);
                expr(2);
                out.write(0x0B);
                op(0x21, FIRST_I32 + rnd.nextInt(N_I32));
                break;
            }
            case 11: { // block with an early exit
                out.write(0x02); out.write(0x40);
                block(loops, depth, budget / 3);
                expr(1); op(0x0D, 0);
                block(loops, depth, budget / 3);
                out.write(0x0B);
                break;
            }
            case 12: switchStmt(loops, depth, budget); break;
            case 13: { // block (result i32 i64) left by br_if carrying two values
                out.write(0x02); out.writeBytes(s32(TYPE_I32_I64));
                expr(2); op(0x20, LOCAL_E); expr(1); op(0x0D, 0); op(0x1A); op(0x1A);
                block(loops, depth, budget / 3);
                expr(1); op(0x20, LOCAL_E); i64c(3); out.write(0x7C);
                out.write(0x0B);
                op(0x21, LOCAL_E); op(0x21, FIRST_I32 + rnd.nextInt(N_I32));
                break;
            }
            default: { // rare early return
                if (rnd.nextInt(8) != 0) { expr(3); op(0x21, FIRST_I32 + rnd.nextInt(N_I32)); break; }
                expr(1); i32c(63); op(0x71); i32c(1); op(0x46);
                out.write(0x04); out.write(0x40); expr(2); op(0x23, 0); op(0x6A); out.write(0x0F); out.write(0x0B);
                break;
            }
        }
    }

    private void block(int loops, int depth, int budget) {
        int end = out.size() + 8 + rnd.nextInt(Math.max(1, budget));
        do stmt(loops, depth + 1, end - out.size()); while (out.size() < end);
    }

    /** block(result i32) around a br_table over arms that each leave a value. */
    private void switchStmt(int loops, int depth, int budget) {
        int arms = 2 + rnd.nextInt(depth == 0 ? 40 : 8);
        out.write(0x02); out.write(0x7F);                 // $exit (result i32)
        for (int a = 0; a < arms; a++) { out.write(0x02); out.write(0x40); }
        expr(2);
        out.write(0x0E);
        out.writeBytes(u32(arms));
        for (int a = 0; a < arms; a++) out.writeBytes(u32(rnd.nextInt(arms)));
        out.writeBytes(u32(rnd.nextInt(arms)));
        for (int a = 0; a < arms; a++) {
            out.write(0x0B);
            block(loops, depth + 1, budget / (arms + 1));
            expr(2);
            op(0x0C, arms - 1 - a);                        // br $exit with the arm's value
        }
        out.write(0x0B);
        op(0x21, FIRST_I32 + rnd.nextInt(N_I32));
    }

    /** {@code a = fuel > 0 ? f_j(expr, fuel - 1) : expr} for a smaller, non-huge j; not inside loops. */
    private void call(int loops) {
        int j = func > 0 ? rnd.nextInt(func) : -1;
        if (loops > 0 || calls >= 4 || j < 0 || huge[j] || huge[func]) {
            expr(3);
            op(0x21, FIRST_I32 + rnd.nextInt(N_I32));
            return;
        }
        calls++;
        op(0x20, LOCAL_FUEL);
        out.write(0x04); out.write(0x7F);
        expr(2); op(0x20, LOCAL_FUEL); i32c(1); op(0x6B);
        if (rnd.nextBoolean()) {
            op(0x10, j);
        } else {
            i32c(j); op(0x11, TYPE_F); out.write(0);
        }
        out.write(0x05);
        expr(2);
        out.write(0x0B);
        op(0x21, FIRST_I32 + rnd.nextInt(N_I32));
    }

    // ---- expressions: each pushes one i32 ----

    private void expr(int depth) {
        int k = rnd.nextInt(depth <= 0 ? 3 : 11);
        switch (k) {
            case 0: local(); break;
            case 1: i32c(rnd.nextInt(2000) - 1000); break;
            case 2: op(0x23, 0); break;
            case 3: case 4: case 5: { // binary
                expr(depth - 1); expr(depth - 1);
                int[] ops = {0x6A, 0x6B, 0x6C, 0x71, 0x72, 0x73, 0x74, 0x76, 0x77, 0x4B, 0x48, 0x46};
                op(ops[rnd.nextInt(ops.length)]);
                break;
            }
            case 6: expr(depth - 1); expr(depth - 1); i32c(1); op(0x72); op(0x6E); break; // div_u by (y | 1)
            case 7: address(); op(0x28, 2); out.writeBytes(u32(rnd.nextInt(256) * 4)); break;
            case 8: op(0x20, LOCAL_E); i64c(rnd.nextInt(40)); out.write(0x88); out.write(0xA7); break; // wrap(e >>> k)
            case 9: expr(depth - 1); expr(depth - 1); expr(depth - 1); op(0x1B); break;          // select
            default: expr(depth - 1); op(0x45); break;                                          // eqz
        }
    }

    private void local() {
        int k = rnd.nextInt(N_I32 + 1);
        op(0x20, k == N_I32 ? LOCAL_X : FIRST_I32 + k);
    }

    /** An aligned address below 32 KiB (an offset under 1 KiB keeps every access in page 0). */
    private void address() {
        expr(1); i32c(0x7FFC); op(0x71);
    }

    // ---- encoding ----

    private void op(int opcode) {
        out.write(opcode);
    }

    private void op(int opcode, int index) {
        out.write(opcode);
        out.writeBytes(u32(index));
    }

    private void i32c(int v) {
        out.write(0x41);
        out.writeBytes(s32(v));
    }

    private void i64c(long v) {
        out.write(0x42);
        out.writeBytes(s64(v));
    }

    private static void section(ByteArrayOutputStream m, int id, byte[] content) {
        m.write(id);
        m.writeBytes(u32(content.length));
        m.writeBytes(content);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) b.writeBytes(p);
        return b.toByteArray();
    }

    static byte[] u32(long v) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(5);
        do {
            int x = (int) (v & 0x7F);
            v >>>= 7;
            b.write(v != 0 ? x | 0x80 : x);
        } while (v != 0);
        return b.toByteArray();
    }

    static byte[] s32(int v) {
        return s64(v);
    }

    static byte[] s64(long v) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(10);
        while (true) {
            int x = (int) (v & 0x7F);
            v >>= 7;
            if ((v == 0 && (x & 0x40) == 0) || (v == -1 && (x & 0x40) != 0)) {
                b.write(x);
                return b.toByteArray();
            }
            b.write(x | 0x80);
        }
    }

    private static byte[] le64(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) b[i] = (byte) (v >>> (8 * i));
        return b;
    }
}
