package dev.wasm2jar.runtime;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What a compiled module keeps outside its bytecode, read once per class from the resource
 * {@code <ClassName>.data} next to the generated instance class: function types, the code class and
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

    /** The data being parsed (only while the constructor runs), and where. */
    private byte[] in;
    private int pos;

    private ModuleData(byte[] in) throws IOException {
        this.in = in;
        if (readInt() != MAGIC || readInt() != VERSION) throw new IOException("not a wasm2jar module data file");
        maxResults = readInt();
        types = new FunctionType[readInt()];
        ValueType[] vts = ValueType.values();
        for (int i = 0; i < types.length; i++) {
            ValueType[] ps = new ValueType[readInt()];
            for (int k = 0; k < ps.length; k++) ps[k] = vts[readUnsignedByte()];
            ValueType[] rs = new ValueType[readInt()];
            for (int k = 0; k < rs.length; k++) rs[k] = vts[readUnsignedByte()];
            types[i] = new FunctionType(ps, rs);
        }
        codeClasses = new String[readInt()];
        for (int i = 0; i < codeClasses.length; i++) codeClasses[i] = readString();
        int nf = readInt();
        functionTypes = new int[nf];
        functionClasses = new int[nf];
        methodNames = new String[nf];
        functionNames = new String[nf];
        for (int i = 0; i < nf; i++) {
            functionTypes[i] = readInt();
            functionClasses[i] = readInt();
            methodNames[i] = readString();
            functionNames[i] = readString();
        }
        int ne = readInt();
        List<String> names = new ArrayList<>(ne);
        exportKinds = new int[ne];
        exportIndices = new int[ne];
        exportByName = new HashMap<>(ne * 2);
        for (int i = 0; i < ne; i++) {
            String n = readString();
            names.add(n);
            exportKinds[i] = readUnsignedByte();
            exportIndices[i] = readInt();
            exportByName.put(n, i);
        }
        exportNames = Collections.unmodifiableList(names);
        dataSegments = new byte[readInt()][];
        for (int i = 0; i < dataSegments.length; i++) dataSegments[i] = readBytes(readInt());
        elemSegments = new int[readInt()][];
        for (int i = 0; i < elemSegments.length; i++) {
            int n = readInt();
            if (n < 0) continue;
            int[] idx = new int[n];
            for (int k = 0; k < n; k++) idx[k] = readInt();
            elemSegments[i] = idx;
        }
        this.in = null;
    }

    // Big-endian reads straight from the array (no stream layers: this runs interpreted, at start-up).

    private void need(int n) throws IOException {
        if (n < 0 || n > in.length - pos) throw new IOException("module data truncated at byte " + pos);
    }

    private int readInt() throws IOException {
        need(4);
        int p = pos;
        pos = p + 4;
        return (in[p] & 0xFF) << 24 | (in[p + 1] & 0xFF) << 16 | (in[p + 2] & 0xFF) << 8 | (in[p + 3] & 0xFF);
    }

    private int readUnsignedByte() throws IOException {
        need(1);
        return in[pos++] & 0xFF;
    }

    private byte[] readBytes(int n) throws IOException {
        need(n);
        byte[] b = java.util.Arrays.copyOfRange(in, pos, pos + n);
        pos += n;
        return b;
    }

    private String readString() throws IOException {
        int n = readInt();
        need(n);
        String s = new String(in, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    /** Reads the resource {@code name} relative to {@code owner} (called from generated static initializers). */
    public static ModuleData load(Class<?> owner, String name) {
        try {
            // A class loader of the JDK's reads resources through URLs: read the jar ourselves. Any
            // other loader is asked (a generated jar's JarBoot serves them from its open jar).
            ClassLoader cl = owner.getClassLoader();
            byte[] inJar = cl == null || cl.getClass().getModule().isNamed() ? fromJar(owner, name) : null;
            if (inJar != null) return new ModuleData(inJar);
            try (InputStream raw = owner.getResourceAsStream(name)) {
                if (raw == null) throw new IllegalStateException("resource " + name + " of " + owner.getName() + " is missing");
                return new ModuleData(raw.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " of " + owner.getName(), e);
        }
    }

    /**
     * The resource read straight from the jar file that {@code owner} was loaded from, or null if it
     * did not come from a local jar. {@code Class.getResourceAsStream} costs a few milliseconds at
     * start-up: it first searches the JDK's own modules, then opens a {@code jar:} URL connection
     * (about fifteen JDK classes loaded only for that); the class loader has the jar open already,
     * and a {@link ZipFile} of the same file shares its parsed directory.
     */
    private static byte[] fromJar(Class<?> owner, String name) throws IOException {
        File jar;
        try {
            CodeSource cs = owner.getProtectionDomain().getCodeSource();
            URL url = cs == null ? null : cs.getLocation();
            if (url == null || !"file".equals(url.getProtocol())) return null;
            jar = new File(url.toURI());
        } catch (Exception e) { // a security manager, an unusual URL: take the class loader's way
            return null;
        }
        if (!jar.isFile()) return null; // a directory of classes
        String pkg = owner.getPackageName();
        String entry = pkg.isEmpty() ? name : pkg.replace('.', '/') + '/' + name;
        try (ZipFile zip = new ZipFile(jar)) {
            ZipEntry e = zip.getEntry(entry);
            if (e == null) return null;
            try (InputStream in = zip.getInputStream(e)) {
                return in.readAllBytes();
            }
        }
    }

    /** The index of export {@code name} in {@link #exportNames}, or -1. */
    public int exportIndex(String name) {
        Integer i = exportByName.get(name);
        return i == null ? -1 : i;
    }
}
