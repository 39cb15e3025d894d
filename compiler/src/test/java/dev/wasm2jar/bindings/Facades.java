package dev.wasm2jar.bindings;

import dev.wasm2jar.WasmCompiler;
import dev.wasm2jar.codegen.CodegenOptions;
import dev.wasm2jar.codegen.CompiledModule;
import dev.wasm2jar.model.Module;
import dev.wasm2jar.text.WatParser;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Test helper: a text module compiled to classes plus its facade, the facade compiled with javac
 * against those classes (as a user's build would), everything loaded in a fresh class loader.
 */
final class Facades {
    private Facades() {
    }

    record Built(JavaSource source, ClassLoader loader, Path dir) {
        Class<?> facade() throws ClassNotFoundException {
            return loader.loadClass(source.className());
        }
    }

    static Built build(String wat, String facadeName) throws IOException {
        Module m = WasmCompiler.load(WatParser.parseModule(wat));
        CompiledModule compiled = WasmCompiler.compile(m, CodegenOptions.defaults().withClassName(facadeName + "$Module"));
        JavaSource src = BindingsGenerator.generate(m, compiled, facadeName, "test.wat");
        Path dir = Files.createTempDirectory("facade");
        for (Map.Entry<String, byte[]> e : compiled.classFiles().entrySet()) write(dir.resolve(e.getKey() + ".class"), e.getValue());
        for (Map.Entry<String, byte[]> e : compiled.resources().entrySet()) write(dir.resolve(e.getKey()), e.getValue());
        Path java = dir.resolve("src").resolve(src.path());
        write(java, src.text().getBytes());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String cp = dir + File.pathSeparator + System.getProperty("java.class.path");
        int rc = javac.run(null, err, err, "-Xlint:all", "-Werror", "-classpath", cp, "-d", dir.toString(), java.toString());
        if (rc != 0) throw new AssertionError("javac failed:\n" + err + "\n" + numbered(src.text()));
        ClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, Facades.class.getClassLoader());
        return new Built(src, loader, dir);
    }

    private static void write(Path p, byte[] b) throws IOException {
        Files.createDirectories(p.getParent());
        Files.write(p, b);
    }

    private static String numbered(String text) {
        StringBuilder sb = new StringBuilder();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) sb.append(String.format("%4d  %s%n", i + 1, lines[i]));
        return sb.toString();
    }
}
