package dev.wasm2jar.runtime;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
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

    private ModuleData(DataInputStream in) throws IOException {
        if (in.readInt() != MAGIC || in.readInt() != VERSION) throw new IOException("not a wasm2jar module data file");
        maxResults = in.readInt();
        types = new FunctionType[in.readInt()];
        ValueType[] vts = ValueType.values();
        for (int i = 0; i < types.length; i++) {
            ValueType[] ps = new ValueType[in.readInt()];
            for (int k = 0; k < ps.length; k++) ps[k] = vts[in.readUnsignedByte()];
            ValueType[] rs = new ValueType[in.readInt()];
            for (int k = 0; k < rs.length; k++) rs[k] = vts[in.readUnsignedByte()];
            types[i] = new FunctionType(ps, rs);
        }
        codeClasses = new String[in.readInt()];
        for (int i = 0; i < codeClasses.length; i++) codeClasses[i] = readString(in);
        int nf = in.readInt();
        functionTypes = new int[nf];
        functionClasses = new int[nf];
        methodNames = new String[nf];
        functionNames = new String[nf];
        for (int i = 0; i < nf; i++) {
            functionTypes[i] = in.readInt();
            functionClasses[i] = in.readInt();
            methodNames[i] = readString(in);
            functionNames[i] = readString(in);
        }
        int ne = in.readInt();
        List<String> names = new ArrayList<>(ne);
        exportKinds = new int[ne];
        exportIndices = new int[ne];
        exportByName = new HashMap<>(ne * 2);
        for (int i = 0; i < ne; i++) {
            String n = readString(in);
            names.add(n);
            exportKinds[i] = in.readUnsignedByte();
            exportIndices[i] = in.readInt();
            exportByName.put(n, i);
        }
        exportNames = Collections.unmodifiableList(names);
        dataSegments = new byte[in.readInt()][];
        for (int i = 0; i < dataSegments.length; i++) {
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            dataSegments[i] = b;
        }
        elemSegments = new int[in.readInt()][];
        for (int i = 0; i < elemSegments.length; i++) {
            int n = in.readInt();
            if (n < 0) continue;
            int[] idx = new int[n];
            for (int k = 0; k < n; k++) idx[k] = in.readInt();
            elemSegments[i] = idx;
        }
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Reads the resource {@code name} relative to {@code owner} (called from generated static initializers). */
    public static ModuleData load(Class<?> owner, String name) {
        try {
            // A class loader of the JDK's reads resources through URLs: read the jar ourselves. Any
            // other loader is asked (a generated jar's JarBoot serves them from its open jar).
            ClassLoader cl = owner.getClassLoader();
            byte[] inJar = cl == null || cl.getClass().getModule().isNamed() ? fromJar(owner, name) : null;
            try (InputStream raw = inJar != null ? new ByteArrayInputStream(inJar) : owner.getResourceAsStream(name)) {
                if (raw == null) throw new IllegalStateException("resource " + name + " of " + owner.getName() + " is missing");
                return new ModuleData(new DataInputStream(inJar != null ? raw : new BufferedInputStream(raw, 1 << 16)));
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
