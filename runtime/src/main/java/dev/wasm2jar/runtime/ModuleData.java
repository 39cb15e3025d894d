package dev.wasm2jar.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a compiled module keeps outside its bytecode, read once per class, usually from string
 * constants of the generated instance class ({@link #of(String[])}: no resource lookup at start-up),
 * for large modules from the resource {@code <ClassName>.data} next to it: function types, the code class and
 * method name of each function (to build function references lazily), exports, data segment bytes
 * and element segments of plain function indices. Keeping these out of the constant pool keeps
 * classes small and loading fast.
 *
 * <p>Format (big-endian, as written by the compiler's {@code ModuleDataWriter}): magic
 * {@code "W2JD"}, version, max result count, types, code classes, functions, exports, data
 * segments, element segments. Strings are a u32 byte length plus UTF-8.
 */
public final class ModuleData {
    public static final int MAGIC = 0x57324A44; // "W2JD"
    public static final int VERSION = 1;

    /** Export kinds, as the binary format numbers them. */
    public static final int FUNC = 0, TABLE = 1, MEMORY = 2, GLOBAL = 3;

    public final int maxResults;
    public final FunctionType[] types;
    public final String[] codeClasses;
    /** Per function (imports first): type index, code class index (-1 for imports), method name, display name. */
    public final int[] functionTypes;
    public final int[] functionClasses;
    public final String[] methodNames;
    public final String[] functionNames;
    public final List<String> exportNames;
    public final int[] exportKinds;
    public final int[] exportIndices;
    private final Map<String, Integer> exportByName;
    public final byte[][] dataSegments;
    /** Per element segment: function indices (-1 = null), or null if the segment is built by code. */
    public final int[][] elemSegments;

    private ModuleData(ByteBuffer in) {
        if (in.getInt() != MAGIC || in.getInt() != VERSION) throw new IllegalStateException("not a wasm2jar module data file");
        maxResults = in.getInt();
        types = new FunctionType[in.getInt()];
        ValueType[] vts = ValueType.values();
        for (int i = 0; i < types.length; i++) {
            ValueType[] ps = new ValueType[in.getInt()];
            for (int k = 0; k < ps.length; k++) ps[k] = vts[(in.get() & 0xFF)];
            ValueType[] rs = new ValueType[in.getInt()];
            for (int k = 0; k < rs.length; k++) rs[k] = vts[(in.get() & 0xFF)];
            types[i] = new FunctionType(ps, rs);
        }
        codeClasses = new String[in.getInt()];
        for (int i = 0; i < codeClasses.length; i++) codeClasses[i] = readString(in);
        int nf = in.getInt();
        functionTypes = new int[nf];
        functionClasses = new int[nf];
        methodNames = new String[nf];
        functionNames = new String[nf];
        for (int i = 0; i < nf; i++) {
            functionTypes[i] = in.getInt();
            functionClasses[i] = in.getInt();
            methodNames[i] = readString(in);
            functionNames[i] = readString(in);
        }
        int ne = in.getInt();
        List<String> names = new ArrayList<>(ne);
        exportKinds = new int[ne];
        exportIndices = new int[ne];
        exportByName = new HashMap<>(ne * 2);
        for (int i = 0; i < ne; i++) {
            String n = readString(in);
            names.add(n);
            exportKinds[i] = (in.get() & 0xFF);
            exportIndices[i] = in.getInt();
            exportByName.put(n, i);
        }
        exportNames = Collections.unmodifiableList(names);
        dataSegments = new byte[in.getInt()][];
        for (int i = 0; i < dataSegments.length; i++) {
            byte[] b = new byte[in.getInt()];
            in.get(b);
            dataSegments[i] = b;
        }
        elemSegments = new int[in.getInt()][];
        for (int i = 0; i < elemSegments.length; i++) {
            int n = in.getInt();
            if (n < 0) continue;
            int[] idx = new int[n];
            for (int k = 0; k < n; k++) idx[k] = in.getInt();
            elemSegments[i] = idx;
        }
    }

    private static String readString(ByteBuffer in) {
        int n = in.getInt();
        String s = new String(in.array(), in.position(), n, StandardCharsets.UTF_8);
        in.position(in.position() + n);
        return s;
    }

    /**
     * The data from string constants, each char one byte (0..255): how generated static
     * initializers carry it, since a constant is read with the class and needs no resource lookup
     * (which would load the JDK's jar-URL machinery at start-up).
     */
    @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int) copies the low bytes of each char: exactly this encoding
    public static ModuleData of(String[] chunks) {
        int n = 0;
        for (String c : chunks) n += c.length();
        byte[] b = new byte[n];
        int at = 0;
        for (String c : chunks) {
            c.getBytes(0, c.length(), b, at);
            at += c.length();
        }
        return new ModuleData(ByteBuffer.wrap(b));
    }

    /** Reads the resource {@code name} relative to {@code owner} (called from generated static initializers). */
    public static ModuleData load(Class<?> owner, String name) {
        try (InputStream raw = owner.getResourceAsStream(name)) {
            if (raw == null) throw new IllegalStateException("resource " + name + " of " + owner.getName() + " is missing");
            return new ModuleData(ByteBuffer.wrap(raw.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " of " + owner.getName(), e);
        }
    }

    /** The index of export {@code name} in {@link #exportNames}, or -1. */
    public int exportIndex(String name) {
        Integer i = exportByName.get(name);
        return i == null ? -1 : i;
    }
}
