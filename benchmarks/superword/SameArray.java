import java.lang.reflect.Field;
import java.util.Objects;

/**
 * Whether C2 vectorizes matmul's inner loop, {@code c[j] += a * b[j]}, when both rows live in one
 * array, as they do in a Wasm linear memory. Five versions of the same loop: rows of one
 * {@code byte[]} read and written through {@code sun.misc.Unsafe}, rows of one {@code double[]},
 * two separate {@code double[]}s, one {@code byte[]} passed twice (loads through one reference,
 * stores through the other), and one {@code byte[]} reached as our generated code reaches it (the
 * last column: addresses computed in {@code int} and checked by {@code Objects.checkIndex} against
 * the memory's size, as {@code MemoryAccess} does). Only the two separate arrays are vectorized:
 * C2 must assume that two rows of one array may overlap, and two references it cannot tell apart
 * may be one array. That holds for JDK 17 and 25. C2's run-time aliasing checks (JDK-8324751, in
 * a later release) should vectorize the others as well, if they work as described; run this there
 * before measuring matmul. The last column is the one that has to come down to the two arrays'
 * time for matmul to.
 *
 * <pre>java benchmarks/superword/SameArray.java</pre>
 */
public class SameArray {
    private static final sun.misc.Unsafe U;
    private static final long BASE;

    static {
        try {
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            U = (sun.misc.Unsafe) f.get(null);
            BASE = U.arrayBaseOffset(byte[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static void oneByteArray(byte[] m, int crow, int brow, double a, int n) {
        for (int j = 0; j < n; j++) {
            long c = BASE + crow + 8L * j, b = BASE + brow + 8L * j;
            U.putDouble(m, c, U.getDouble(m, c) + a * U.getDouble(m, b));
        }
    }

    /** The same array passed twice: loads through one reference, stores through the other. */
    static void twoReferences(byte[] stores, byte[] loads, int crow, int brow, double a, int n) {
        for (int j = 0; j < n; j++) {
            long c = BASE + crow + 8L * j, b = BASE + brow + 8L * j;
            U.putDouble(stores, c, U.getDouble(stores, c) + a * U.getDouble(loads, b));
        }
    }

    /** As {@code MemoryAccess.getF64}/{@code setF64} compile: int address, checked, then Unsafe. */
    static void asGenerated(byte[] m, int crow, int brow, double a, int n, int limit) {
        for (int j = 0; j < n; j++) {
            int c = crow + 8 * j, b = brow + 8 * j;
            double bj = U.getDouble(m, BASE + Objects.checkIndex(b, limit - 7));
            double cj = U.getDouble(m, BASE + Objects.checkIndex(c, limit - 7));
            U.putDouble(m, BASE + Objects.checkIndex(c, limit - 7), cj + a * bj);
        }
    }

    static void oneDoubleArray(double[] d, int crow, int brow, double a, int n) {
        for (int j = 0; j < n; j++) d[crow + j] += a * d[brow + j];
    }

    static void twoDoubleArrays(double[] c, double[] b, double a, int n) {
        for (int j = 0; j < n; j++) c[j] += a * b[j];
    }

    public static void main(String[] args) {
        int n = 500, reps = 300_000;
        byte[] m = new byte[3 * 8 * n];
        double[] d = new double[3 * n], c = new double[n], b = new double[n];
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            for (int r = 0; r < reps; r++) oneByteArray(m, 0, 8 * n + 8 * (r & 7), 1e-9, n);
            long t1 = System.nanoTime();
            for (int r = 0; r < reps; r++) oneDoubleArray(d, 0, n + (r & 7), 1e-9, n);
            long t2 = System.nanoTime();
            for (int r = 0; r < reps; r++) twoDoubleArrays(c, b, 1e-9, n);
            long t3 = System.nanoTime();
            for (int r = 0; r < reps; r++) twoReferences(m, m, 0, 8 * n + 8 * (r & 7), 1e-9, n);
            long t4 = System.nanoTime();
            for (int r = 0; r < reps; r++) asGenerated(m, 0, 8 * n + 8 * (r & 7), 1e-9, n, m.length);
            long t5 = System.nanoTime();
            System.out.printf("one byte[] via Unsafe %d ms, one double[] %d ms, two double[]s %d ms,"
                    + " one byte[] through two references %d ms, as generated %d ms%n",
                    ms(t0, t1), ms(t1, t2), ms(t2, t3), ms(t3, t4), ms(t4, t5));
        }
    }

    private static long ms(long from, long to) {
        return (to - from) / 1_000_000;
    }
}
