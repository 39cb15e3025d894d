package dev.wasm2jar.runtime;

import java.util.Arrays;

/**
 * A table (spec section 4.2.7): references in an {@code Object[]} whose first {@link #size()}
 * entries are the table's elements (a funcref is a {@link WasmFunction}; null is the null
 * reference). Out-of-range accesses trap.
 */
public final class Table {
    /**
     * Hard host limit on elements: a bigger table (at creation or by {@code table.grow}) is refused,
     * not attempted. {@link HostLimits#maxTableElements()} may set a lower one.
     */
    public static final int MAX_ELEMENTS = 10_000_000;

    public final ValueType elemType;
    private final long declaredMax;
    /** The host limit when created ({@link HostLimits}). */
    private final int limit;
    /** Elements; capacity may exceed size. */
    public Object[] elements;
    private int size;
    /**
     * For the instance that created the table ({@link #setHome}), the function index of each element
     * that is one of that instance's functions, else -1: its {@code call_indirect} switches on this
     * without loading, casting and checking the element ({@link #ownFunction}).
     */
    private Object home;
    private int[] keys = new int[0];

    public Table(ValueType elemType, int initialSize, long maxSize, Object init) {
        this.elemType = elemType;
        this.declaredMax = maxSize;
        this.limit = HostLimits.maxTableElements();
        if (initialSize < 0 || initialSize > limit) {
            throw new Trap(TrapKind.OUT_OF_BOUNDS_TABLE_ACCESS, "cannot allocate a table of " + Integer.toUnsignedString(initialSize)
                    + " elements (host limit " + limit + ")", null);
        }
        try {
            this.elements = new Object[initialSize];
        } catch (OutOfMemoryError e) { // the heap, not the guest: report it as a failed instantiation
            throw new Trap(TrapKind.OUT_OF_BOUNDS_TABLE_ACCESS, "cannot allocate a table of " + initialSize + " elements: out of memory", null);
        }
        this.size = initialSize;
        if (init != null) Arrays.fill(elements, init);
    }

    public int size() {
        return size;
    }

    /** The declared maximum, or -1. */
    public long declaredMax() {
        return declaredMax;
    }

    /** {@code table.get}. */
    public Object get(int index) {
        if (index < 0 || index >= size) throw new Trap(TrapKind.OUT_OF_BOUNDS_TABLE_ACCESS);
        return elements[index];
    }

    /** {@code table.set}. */
    public void set(int index, Object value) {
        if (index < 0 || index >= size) throw new Trap(TrapKind.OUT_OF_BOUNDS_TABLE_ACCESS);
        elements[index] = value;
        rekey(index, index + 1);
    }

    /** Makes {@code instance} the one whose functions {@link #ownFunction} reports (the instance that created the table). */
    public void setHome(Object instance) {
        home = instance;
        keys = new int[elements.length];
        rekey(0, size);
    }

    private void rekey(int from, int to) {
        if (home == null) return;
        for (int i = from; i < to; i++) {
            keys[i] = elements[i] instanceof WasmFunction f && f.owner == home ? f.index : -1;
        }
    }

    /**
     * {@code call_indirect}'s fast path: the function index of the element at {@code index} when it
     * is one of {@code instance}'s own functions and the table is that instance's, else -1 (then
     * {@link #function} decides). Traps on a bad index.
     */
    public int ownFunction(int index, Object instance) {
        if (index < 0 || index >= size) throw new Trap(TrapKind.UNDEFINED_ELEMENT);
        return instance == home ? keys[index] : -1;
    }

    /** The function {@code call_indirect} calls at {@code index}: traps on a bad index or a null entry. */
    public WasmFunction function(int index) {
        if (index < 0 || index >= size) throw new Trap(TrapKind.UNDEFINED_ELEMENT);
        Object f = elements[index];
        if (f == null) throw Trap.at(TrapKind.UNINITIALIZED_ELEMENT, index);
        return (WasmFunction) f;
    }

    /** {@code table.grow}: the old size, or -1. */
    public int grow(int delta, Object init) {
        int old = size;
        long want = (long) old + (delta & 0xFFFFFFFFL);
        if (declaredMax >= 0 && want > declaredMax) return -1;
        if (want > limit) return -1;
        if (want > elements.length) {
            try {
                Object[] grown = Arrays.copyOf(elements, (int) Math.max(want, Math.min((long) limit, (long) elements.length * 2)));
                if (home != null) keys = Arrays.copyOf(keys, grown.length);
                elements = grown;
            } catch (OutOfMemoryError e) {
                return -1;
            }
        }
        Arrays.fill(elements, old, (int) want, init);
        size = (int) want;
        rekey(old, size);
        return old;
    }

    private static void checkRange(long offset, long length, int size) {
        if (offset < 0 || length < 0 || offset + length > size) throw new Trap(TrapKind.OUT_OF_BOUNDS_TABLE_ACCESS);
    }

    /** {@code table.fill} with unsigned operands. */
    public void fill(int dst, Object value, int length) {
        long d = dst & 0xFFFFFFFFL, n = length & 0xFFFFFFFFL;
        checkRange(d, n, size);
        Arrays.fill(elements, (int) d, (int) (d + n), value);
        rekey((int) d, (int) (d + n));
    }

    /** {@code table.copy} from {@code src} (maybe this table). */
    public void copyFrom(Table src, int dst, int from, int length) {
        long d = dst & 0xFFFFFFFFL, s = from & 0xFFFFFFFFL, n = length & 0xFFFFFFFFL;
        checkRange(d, n, size);
        checkRange(s, n, src.size);
        System.arraycopy(src.elements, (int) s, elements, (int) d, (int) n);
        rekey((int) d, (int) (d + n));
    }

    /** {@code table.init} from an element segment's references; a dropped segment is null (empty). */
    public void init(Object[] segment, int dst, int from, int length) {
        long d = dst & 0xFFFFFFFFL, s = from & 0xFFFFFFFFL, n = length & 0xFFFFFFFFL;
        checkRange(s, n, segment == null ? 0 : segment.length);
        checkRange(d, n, size);
        if (n > 0) System.arraycopy(segment, (int) s, elements, (int) d, (int) n);
        rekey((int) d, (int) (d + n));
    }
}
