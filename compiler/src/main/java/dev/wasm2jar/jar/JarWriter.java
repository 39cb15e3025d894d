package dev.wasm2jar.jar;

import dev.wasm2jar.codegen.ClassSink;
import dev.wasm2jar.codegen.CompiledModule;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Writes a self-contained runnable jar: the generated classes and resources, the runtime and WASI
 * shim classes (and nothing else: no ASM, no picocli), a small generated main class holding the
 * launch defaults, and a manifest whose Main-Class is {@code JarBoot} (which loads the jar's classes
 * itself, for a faster start, and runs the generated main class). The jar is written to a temporary
 * file and moved into place, so a failure never leaves half a jar behind.
 */
public final class JarWriter {
    /** Packages copied from our own classpath into every jar. */
    private static final String[] RUNTIME_PACKAGES = {"dev/wasm2jar/runtime/", "dev/wasm2jar/wasi/"};
    static final String MAIN_CLASS = "wasm2jar/Main";
    /** The jar's Main-Class: loads the jar's classes itself (faster start), then runs {@link #MAIN_CLASS}. */
    static final String BOOT_CLASS = "dev/wasm2jar/wasi/launch/JarBoot";
    private static final String LAUNCHER = "dev/wasm2jar/wasi/launch/JarLauncher";

    private JarWriter() {
    }

    /**
     * The jar's manifest. With {@code internalUnsafe}, {@code Add-Exports} lets the runtime reach
     * {@code jdk.internal.misc.Unsafe} under {@code java -jar} (see {@link LaunchDefaults}).
     */
    static Manifest manifest(boolean internalUnsafe) {
        Manifest manifest = new Manifest();
        Attributes attrs = manifest.getMainAttributes();
        attrs.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attrs.put(Attributes.Name.MAIN_CLASS, BOOT_CLASS.replace('/', '.'));
        if (internalUnsafe) attrs.put(new Attributes.Name("Add-Exports"), "java.base/jdk.internal.misc");
        attrs.put(new Attributes.Name("Created-By"), "wasm2jar");
        return manifest;
    }

    public static void write(Path out, CompiledModule compiled, LaunchDefaults defaults) throws IOException {
        Map<String, byte[]> entries = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : compiled.classFiles().entrySet()) entries.put(e.getKey() + ".class", e.getValue());
        entries.putAll(compiled.resources());
        runtimeClasses(entries);
        Map<String, Integer> sizes = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : compiled.classFiles().entrySet()) sizes.put(e.getKey(), e.getValue().length);
        String instanceClass = compiled.className().replace('.', '/');
        entries.put(MAIN_CLASS + ".class", mainClass(instanceClass, defaults, prepareOrder(instanceClass, sizes)));

        Manifest manifest = manifest(defaults.internalUnsafe());
        Path dir = out.toAbsolutePath().getParent();
        if (dir != null) Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".wasm2jar", ".jar.tmp");
        try {
            try (OutputStream fo = Files.newOutputStream(tmp); JarOutputStream jar = new JarOutputStream(fo, manifest)) {
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    JarEntry je = newEntry(e.getKey(), e.getValue());
                    jar.putNextEntry(je);
                    jar.write(e.getValue());
                    jar.closeEntry();
                }
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * A jar written while the module is being compiled: generated classes go straight to the file
     * (from any thread) instead of being held in memory; {@link #finish} adds the runtime, the main
     * class and the launch defaults and moves the jar into place, {@link #close} alone discards it.
     */
    public static final class Streaming implements ClassSink, AutoCloseable {
        private final Path out;
        private final Path tmp;
        private final JarOutputStream jar;
        private final String instanceClass;
        private final LaunchDefaults defaults;
        private final java.util.Set<String> written = new java.util.HashSet<>();
        private final Map<String, Integer> classSizes = new TreeMap<>();
        private IOException failure;
        private boolean finished;

        public Streaming(Path out, String className, LaunchDefaults defaults) throws IOException {
            this.out = out;
            this.instanceClass = className.replace('.', '/');
            this.defaults = defaults;
            Manifest manifest = manifest(defaults.internalUnsafe());
            Path dir = out.toAbsolutePath().getParent();
            if (dir != null) Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, ".wasm2jar", ".jar.tmp");
            jar = new JarOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16), manifest);
        }

        @Override
        public void classFile(String internalName, byte[] bytes) {
            synchronized (this) {
                classSizes.put(internalName, bytes.length);
            }
            entry(internalName + ".class", bytes);
        }

        @Override
        public void resource(String path, byte[] bytes) {
            entry(path, bytes);
        }

        private synchronized void entry(String name, byte[] bytes) {
            if (failure != null || !written.add(name)) return;
            try {
                JarEntry je = newEntry(name, bytes);
                jar.putNextEntry(je);
                jar.write(bytes);
                jar.closeEntry();
            } catch (IOException e) {
                failure = e;
            }
        }

        public synchronized void finish() throws IOException {
            Map<String, byte[]> rest = new TreeMap<>();
            runtimeClasses(rest);
            rest.put(MAIN_CLASS + ".class", mainClass(instanceClass, defaults, prepareOrder(instanceClass, classSizes)));
            for (Map.Entry<String, byte[]> e : rest.entrySet()) entry(e.getKey(), e.getValue());
            if (failure != null) throw failure;
            jar.close();
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
            finished = true;
        }

        @Override
        public synchronized void close() throws IOException {
            if (finished) return;
            try {
                jar.close();
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Copies the runtime and WASI classes from wherever our own classes are (a jar or a directory). */
    static void runtimeClasses(Map<String, byte[]> entries) throws IOException {
        for (String pkgClass : new String[] {"dev.wasm2jar.runtime.Memory", "dev.wasm2jar.wasi.launch.JarLauncher"}) {
            Path src = codeSource(pkgClass);
            if (src == null) continue;
            if (Files.isDirectory(src)) {
                try (Stream<Path> files = Files.walk(src)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        String rel = src.relativize(f).toString().replace('\\', '/');
                        if (Files.isRegularFile(f) && isRuntime(rel)) entries.put(rel, Files.readAllBytes(f));
                    }
                }
            } else {
                try (JarFile jf = new JarFile(src.toFile())) {
                    for (JarEntry je : (Iterable<JarEntry>) jf.stream()::iterator) {
                        if (!je.isDirectory() && isRuntime(je.getName())) {
                            try (InputStream in = jf.getInputStream(je)) {
                                entries.put(je.getName(), in.readAllBytes());
                            }
                        }
                    }
                }
            }
        }
        if (!entries.containsKey("dev/wasm2jar/runtime/Memory.class")) {
            throw new IOException("cannot find the wasm2jar runtime classes to put into the jar");
        }
    }

    /**
     * A jar entry for {@code bytes}: the runtime's classes and the main class stored uncompressed
     * (JarBoot then reads them without an inflater: a few ms less at start for about 190 KB more
     * jar), everything else deflated.
     */
    static JarEntry newEntry(String name, byte[] bytes) {
        JarEntry je = new JarEntry(name);
        je.setTime(0);
        if (name.endsWith(".class") && (isRuntime(name) || name.equals(MAIN_CLASS + ".class"))) {
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(bytes);
            je.setMethod(JarEntry.STORED);
            je.setSize(bytes.length);
            je.setCompressedSize(bytes.length);
            je.setCrc(crc.getValue());
        }
        return je;
    }

    private static boolean isRuntime(String entry) {
        for (String p : RUNTIME_PACKAGES) if (entry.startsWith(p)) return true;
        return false;
    }

    private static Path codeSource(String className) {
        try {
            Class<?> c = Class.forName(className, false, JarWriter.class.getClassLoader());
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (ClassNotFoundException | URISyntaxException | SecurityException | NullPointerException e) {
            return null;
        }
    }

    /**
     * {@code public final class wasm2jar.Main implements ModuleFactory}: {@code instantiate} calls
     * the generated class's static {@code instantiate} directly, {@code main} hands itself to the
     * WASI jar launcher with the launch defaults as constants. No reflection, lambdas or resources,
     * so start-up stays cheap.
     */
    /** Class bytes the generated main's {@code prepare} loads ahead at most (about 10 ms of verification). */
    static final int PREPARE_BUDGET = 1 << 20;

    /**
     * The classes {@code prepare} loads, in order: the module's code classes (by number, while their
     * bytes stay within {@link #PREPARE_BUDGET}), its call_indirect dispatch classes, the runtime's
     * numeric helpers, then the instance class (whose initializer reads the module data). That is
     * about the reverse of the order in which the guest thread needs them, after setting up WASI:
     * the two threads meet in the middle.
     */
    static List<String> prepareOrder(String instanceClass, Map<String, Integer> classSizes) {
        List<String> out = new java.util.ArrayList<>();
        if (!classSizes.containsKey(instanceClass)) return out;
        List<String> code = new java.util.ArrayList<>(), dispatch = new java.util.ArrayList<>();
        for (String c : classSizes.keySet()) {
            if (c.startsWith(instanceClass + "$Code")) code.add(c);
            else if (c.startsWith(instanceClass + "$Dispatch")) dispatch.add(c);
        }
        code.sort(JarWriter::byNameThenNumber);
        dispatch.sort(JarWriter::byNameThenNumber);
        long bytes = 0;
        for (String c : code) {
            bytes += classSizes.get(c);
            if (bytes > PREPARE_BUDGET) break;
            out.add(c);
        }
        out.addAll(dispatch);
        out.add("dev/wasm2jar/runtime/Numerics");
        out.add(instanceClass);
        return out;
    }

    /** Module$Code2 before Module$Code10: names compared with their trailing numbers as numbers. */
    private static int byNameThenNumber(String a, String b) {
        int ia = digitsFrom(a), ib = digitsFrom(b);
        int c = a.substring(0, ia).compareTo(b.substring(0, ib));
        if (c != 0 || ia == a.length() || ib == b.length()) return c != 0 ? c : a.compareTo(b);
        return Long.compare(Long.parseLong(a.substring(ia)), Long.parseLong(b.substring(ib)));
    }

    private static int digitsFrom(String s) {
        int i = s.length();
        while (i > 0 && Character.isDigit(s.charAt(i - 1)) && s.length() - i < 18) i--;
        return i;
    }

    static byte[] mainClass(String instanceClass, LaunchDefaults defaults, List<String> prepare) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, MAIN_CLASS,
                "Ljava/lang/Object;Ldev/wasm2jar/runtime/ModuleFactory;Ljava/util/function/Consumer<[Ljava/lang/String;>;",
                "java/lang/Object", new String[] {"dev/wasm2jar/runtime/ModuleFactory", "java/util/function/Consumer"});
        // static { JarBoot.register(new Main()); }: how JarBoot, which loaded this class, calls accept
        MethodVisitor clinit = cw.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
        clinit.visitCode();
        clinit.visitTypeInsn(Opcodes.NEW, MAIN_CLASS);
        clinit.visitInsn(Opcodes.DUP);
        clinit.visitMethodInsn(Opcodes.INVOKESPECIAL, MAIN_CLASS, "<init>", "()V", false);
        clinit.visitMethodInsn(Opcodes.INVOKESTATIC, BOOT_CLASS, "register", "(Ljava/util/function/Consumer;)V", false);
        clinit.visitInsn(Opcodes.RETURN);
        clinit.visitMaxs(0, 0);
        clinit.visitEnd();
        MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();

        MethodVisitor inst = cw.visitMethod(Opcodes.ACC_PUBLIC, "instantiate",
                "(Ldev/wasm2jar/runtime/ImportResolver;)Ldev/wasm2jar/runtime/Instance;", null, null);
        inst.visitCode();
        inst.visitVarInsn(Opcodes.ALOAD, 1);
        inst.visitMethodInsn(Opcodes.INVOKESTATIC, instanceClass, "instantiate",
                "(Ldev/wasm2jar/runtime/ImportResolver;)L" + instanceClass + ";", false);
        inst.visitInsn(Opcodes.ARETURN);
        inst.visitMaxs(0, 0);
        inst.visitEnd();

        // accept(Object args) (Consumer's erased method, all JarBoot calls): main((String[]) args)
        MethodVisitor accept = cw.visitMethod(Opcodes.ACC_PUBLIC, "accept", "(Ljava/lang/Object;)V", null, null);
        accept.visitCode();
        accept.visitVarInsn(Opcodes.ALOAD, 1);
        accept.visitTypeInsn(Opcodes.CHECKCAST, "[Ljava/lang/String;");
        accept.visitMethodInsn(Opcodes.INVOKESTATIC, MAIN_CLASS, "main", "([Ljava/lang/String;)V", false);
        accept.visitInsn(Opcodes.RETURN);
        accept.visitMaxs(0, 0);
        accept.visitEnd();

        // prepare(): Class.forName(name, true, loader) for each class of prepareOrder; nothing
        // reflective beyond finding a class by name, which loading it later would do anyway.
        MethodVisitor prep = cw.visitMethod(Opcodes.ACC_PUBLIC, "prepare", "()V", null, null);
        prep.visitCode();
        if (!prepare.isEmpty()) {
            prep.visitLdcInsn(org.objectweb.asm.Type.getObjectType(MAIN_CLASS));
            prep.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Class", "getClassLoader", "()Ljava/lang/ClassLoader;", false);
            prep.visitVarInsn(Opcodes.ASTORE, 1);
            for (String c : prepare) {
                prep.visitLdcInsn(c.replace('/', '.'));
                prep.visitInsn(Opcodes.ICONST_1);
                prep.visitVarInsn(Opcodes.ALOAD, 1);
                prep.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Class", "forName",
                        "(Ljava/lang/String;ZLjava/lang/ClassLoader;)Ljava/lang/Class;", false);
                prep.visitInsn(Opcodes.POP);
            }
        }
        prep.visitInsn(Opcodes.RETURN);
        prep.visitMaxs(0, 0);
        prep.visitEnd();

        MethodVisitor main = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "main", "([Ljava/lang/String;)V", null, null);
        main.visitCode();
        main.visitVarInsn(Opcodes.ALOAD, 0);
        main.visitTypeInsn(Opcodes.NEW, MAIN_CLASS);
        main.visitInsn(Opcodes.DUP);
        main.visitMethodInsn(Opcodes.INVOKESPECIAL, MAIN_CLASS, "<init>", "()V", false);
        main.visitLdcInsn(defaults.program());
        stringArray(main, defaults.dirs());
        stringArray(main, defaults.env());
        main.visitInsn(defaults.inheritEnv() ? Opcodes.ICONST_1 : Opcodes.ICONST_0);
        main.visitMethodInsn(Opcodes.INVOKESTATIC, LAUNCHER, "main",
                "([Ljava/lang/String;Ldev/wasm2jar/runtime/ModuleFactory;Ljava/lang/String;[Ljava/lang/String;[Ljava/lang/String;Z)V", false);
        main.visitInsn(Opcodes.RETURN);
        main.visitMaxs(0, 0);
        main.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    private static void stringArray(MethodVisitor mv, List<String> values) {
        mv.visitLdcInsn(values.size());
        mv.visitTypeInsn(Opcodes.ANEWARRAY, "java/lang/String");
        for (int i = 0; i < values.size(); i++) {
            mv.visitInsn(Opcodes.DUP);
            mv.visitLdcInsn(i);
            mv.visitLdcInsn(values.get(i));
            mv.visitInsn(Opcodes.AASTORE);
        }
    }
}
