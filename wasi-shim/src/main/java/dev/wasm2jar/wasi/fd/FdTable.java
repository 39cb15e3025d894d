package dev.wasm2jar.wasi.fd;

import dev.wasm2jar.wasi.abi.Errno;
import dev.wasm2jar.wasi.abi.WasiError;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The guest's descriptor table, numbered as wasmtime numbers it: a new descriptor takes the
 * highest number freed so far, else one past the highest in use.
 */
public final class FdTable {
    private final TreeMap<Integer, Descriptor> used = new TreeMap<>(Unsigned.ORDER);
    private final TreeSet<Integer> free = new TreeSet<>(Unsigned.ORDER);

    /** Descriptor numbers are u32; a class rather than a method reference, which costs a bootstrap at start-up. */
    private static final class Unsigned implements Comparator<Integer> {
        static final Unsigned ORDER = new Unsigned();

        @Override
        public int compare(Integer a, Integer b) {
            return Integer.compareUnsigned(a, b);
        }
    }

    public int push(Descriptor d) {
        int fd;
        if (!free.isEmpty()) {
            fd = free.pollLast();
        } else if (used.isEmpty()) {
            fd = 0;
        } else {
            int last = used.lastKey();
            if (last == -1) throw WasiError.of(Errno.MFILE); // u32 max in use
            fd = last + 1;
            if (used.containsKey(fd)) throw WasiError.of(Errno.MFILE);
        }
        used.put(fd, d);
        return fd;
    }

    public Descriptor get(int fd) {
        Descriptor d = used.get(fd);
        if (d == null) throw WasiError.of(Errno.BADF);
        return d;
    }

    public Descriptor getOrNull(int fd) {
        return used.get(fd);
    }

    /** Removes {@code fd} (EBADF if absent) and returns what it held. */
    public Descriptor remove(int fd) {
        Descriptor d = used.remove(fd);
        if (d == null) throw WasiError.of(Errno.BADF);
        free.add(fd);
        return d;
    }

    /**
     * fd_renumber as wasmtime does it: {@code from} must exist; {@code to} need not, and whatever it
     * held is replaced (and returned, for closing).
     */
    public Descriptor renumber(int from, int to) {
        Descriptor d = get(from);
        if (from == to) return null;
        used.remove(from);
        free.add(from);
        free.remove(to);
        return used.put(to, d);
    }

    public Map<Integer, Descriptor> all() {
        return used;
    }
}
