package dev.wasm2jar.runtime;

/**
 * How big the host lets a guest's memories and tables get, process-wide: memories and tables
 * created afterwards never pass these (creation traps, {@code memory.grow}/{@code table.grow}
 * return -1). Defaults come from the system properties {@code wasm2jar.max-memory-pages} and
 * {@code wasm2jar.max-table-elements} (for compiled jars), else the hard limits
 * {@link Memory#MAX_PAGES} and {@link Table#MAX_ELEMENTS}; {@code wasm2jar run} sets them from
 * {@code --max-memory-pages} / {@code --max-table-elements}.
 */
public final class HostLimits {
    public static final String MEMORY_PROPERTY = "wasm2jar.max-memory-pages";
    public static final String TABLE_PROPERTY = "wasm2jar.max-table-elements";

    private static volatile int maxMemoryPages = Memory.MAX_PAGES;
    private static volatile int maxTableElements = Table.MAX_ELEMENTS;

    static {
        try {
            fromSystemProperties();
        } catch (IllegalArgumentException e) {
            // keep the defaults; launchers call fromSystemProperties() themselves to report it
        }
    }

    private HostLimits() {
    }

    /** Applies the system properties (unset ones leave the limit as is); throws on a malformed value. */
    public static void fromSystemProperties() {
        String m = System.getProperty(MEMORY_PROPERTY), t = System.getProperty(TABLE_PROPERTY);
        if (m != null) setMaxMemoryPages(parse(MEMORY_PROPERTY, m));
        if (t != null) setMaxTableElements(parse(TABLE_PROPERTY, t));
    }

    private static int parse(String name, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": not a number: " + value);
        }
    }

    public static int maxMemoryPages() {
        return maxMemoryPages;
    }

    public static int maxTableElements() {
        return maxTableElements;
    }

    /** At most {@link Memory#MAX_PAGES} (what one byte[] holds). */
    public static void setMaxMemoryPages(int pages) {
        if (pages < 0 || pages > Memory.MAX_PAGES) {
            throw new IllegalArgumentException("memory limit must be 0.." + Memory.MAX_PAGES + " pages, got " + pages);
        }
        maxMemoryPages = pages;
    }

    /** At most {@link Table#MAX_ELEMENTS}. */
    public static void setMaxTableElements(int elements) {
        if (elements < 0 || elements > Table.MAX_ELEMENTS) {
            throw new IllegalArgumentException("table limit must be 0.." + Table.MAX_ELEMENTS + " elements, got " + elements);
        }
        maxTableElements = elements;
    }
}
