package dev.wasm2jar.wasi.launch;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.security.ProtectionDomain;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The entry point of a generated jar ({@code Main-Class}): loads the jar's classes with a class
 * loader of its own and runs the generated main class ({@code wasm2jar.Main}) with it.
 *
 * <p>Start-up: the application class loader spends about 0.25 ms of CPU on each class it loads from
 * a jar besides parsing and verifying it (URL and code-source objects, package checks, a search
 * through the platform and boot loaders first, and the JIT compiling that Java code as it gets
 * hot); a program's first run loads about fifty of ours. This loader reads each class straight from
 * the jar (a {@link ZipFile} sharing the application loader's open jar) and defines it, which
 * costs a fraction of that. The classes keep the jar's code source. The JDK's classes, and this
 * class (through which the main class hands itself over), come from the parent loader.
 *
 * <p>Nothing depends on it: run with {@code java -cp app.jar wasm2jar.Main}, or embedded, the
 * classes load the usual way; and where this loader cannot be made (a jar that is not a local
 * file, a security manager) the main class runs from the application loader.
 */
public final class JarBoot extends ClassLoader {
    /** The generated main class, set by its static initializer. */
    private static Consumer<String[]> generated;

    static {
        registerAsParallelCapable();
    }

    private final ZipFile jar;
    private final ProtectionDomain domain;

    private JarBoot(ZipFile jar, ProtectionDomain domain, ClassLoader parent) {
        super(parent); // unnamed: stack traces print as they did without this loader
        this.jar = jar;
        this.domain = domain;
    }

    /**
     * Called by the generated main class's static initializer with an instance of itself: how this
     * class gets to call it without reflection.
     */
    public static void register(Consumer<String[]> generatedMain) {
        generated = generatedMain;
    }

    public static void main(String[] args) throws ClassNotFoundException {
        ClassLoader app = JarBoot.class.getClassLoader();
        ClassLoader loader = app;
        try {
            ProtectionDomain pd = JarBoot.class.getProtectionDomain();
            File file = new File(pd.getCodeSource().getLocation().toURI());
            if (file.isFile()) loader = new JarBoot(new ZipFile(file), pd, app); // open as long as the JVM runs
        } catch (Exception e) {
            // not a local jar, or not allowed: the application loader does it
        }
        Class.forName("wasm2jar.Main", true, loader);
        generated.accept(args);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        // java.* can only be the JDK's: straight to the parent, without a lock object per name
        if (name.startsWith("java.")) return getParent().loadClass(name);
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                byte[] b = name.equals(JarBoot.class.getName()) ? null : read(name);
                // not in the jar: the JDK's (or the parent's)
                if (b == null) return getParent().loadClass(name);
                c = defineClass(name, b, 0, b.length, domain);
            }
            if (resolve) resolveClass(c);
            return c;
        }
    }

    /** The jar's own resources straight from it (the module data, for one); others from the parent. */
    @Override
    public InputStream getResourceAsStream(String name) {
        ZipEntry e = jar.getEntry(name);
        if (e != null) {
            try {
                return jar.getInputStream(e);
            } catch (IOException x) {
                // the parent's way reports it
            }
        }
        return super.getResourceAsStream(name);
    }

    /** The class file of {@code name} in the jar, or null if the jar has none. */
    private byte[] read(String name) throws ClassNotFoundException {
        ZipEntry e = jar.getEntry(name.replace('.', '/').concat(".class"));
        if (e == null) return null;
        try (InputStream in = jar.getInputStream(e)) {
            long size = e.getSize();
            if (size < 0 || size > Integer.MAX_VALUE - 8) return in.readAllBytes();
            byte[] b = new byte[(int) size];
            if (in.readNBytes(b, 0, b.length) != b.length) throw new IOException("truncated entry " + e.getName());
            return b;
        } catch (IOException x) {
            throw new ClassNotFoundException(name, x);
        }
    }
}
