package dev.wasm2jar.maven;

import dev.wasm2jar.error.ModuleException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ModuleCompilationTest {
    @TempDir
    Path dir;

    private ModuleCompilation.Request request(Path wasm, String className, boolean bindings, String version) {
        return new ModuleCompilation.Request(wasm, className, bindings, dir.resolve("classes"), dir.resolve("sources"),
                dir.resolve("state"), version);
    }

    private Path module(String wat) throws IOException {
        return Files.writeString(dir.resolve("calc.wat"), wat);
    }

    private static final String CALC = "(module (func (export \"add\") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))";

    @Test
    void compilesOnceThenSkipsUntilSomethingChanges() throws IOException {
        Path wasm = module(CALC);
        List<String> log = new ArrayList<>();
        assertEquals(ModuleCompilation.Outcome.COMPILED, ModuleCompilation.run(request(wasm, "com.example.Calc", true, "1.0"), log::add));
        Path facade = dir.resolve("sources/com/example/Calc.java");
        Path moduleClass = dir.resolve("classes/com/example/Calc$Module.class");
        assertTrue(Files.isRegularFile(facade));
        assertTrue(Files.isRegularFile(moduleClass));
        assertTrue(Files.isRegularFile(dir.resolve("classes/com/example/Calc$Module.data")));
        assertTrue(log.get(0).startsWith("Compiling calc.wat (1 functions"), log.toString());

        assertEquals(ModuleCompilation.Outcome.UP_TO_DATE, ModuleCompilation.run(request(wasm, "com.example.Calc", true, "1.0"), log::add));
        assertEquals("calc.wat is up to date (com.example.Calc)", log.get(log.size() - 1));

        // A new plugin version compiles again; an unchanged facade keeps its time stamp, so javac need not rerun.
        Files.setLastModifiedTime(facade, FileTime.fromMillis(1000));
        assertEquals(ModuleCompilation.Outcome.COMPILED, ModuleCompilation.run(request(wasm, "com.example.Calc", true, "1.1"), log::add));
        assertEquals(1000, Files.getLastModifiedTime(facade).toMillis());

        // A deleted output (e.g. by a partial clean) compiles again.
        Files.delete(moduleClass);
        assertEquals(ModuleCompilation.Outcome.COMPILED, ModuleCompilation.run(request(wasm, "com.example.Calc", true, "1.1"), log::add));
        assertTrue(Files.isRegularFile(moduleClass));

        // A changed module compiles again.
        module(CALC.replace("i32.add", "i32.sub"));
        assertEquals(ModuleCompilation.Outcome.COMPILED, ModuleCompilation.run(request(wasm, "com.example.Calc", true, "1.1"), log::add));
    }

    @Test
    void outputsOfTheEarlierRunAreRemoved() throws IOException {
        Path wasm = module(CALC);
        ModuleCompilation.run(request(wasm, "com.example.Calc", true, "1.0"), s -> { });
        ModuleCompilation.run(request(wasm, "com.example.Calc", false, "1.0"), s -> { });
        assertFalse(Files.exists(dir.resolve("sources/com/example/Calc.java")));
        assertFalse(Files.exists(dir.resolve("classes/com/example/Calc$Module.class")));
        assertTrue(Files.isRegularFile(dir.resolve("classes/com/example/Calc.class")));
    }

    @Test
    void rejectedModulesNameFileOffsetAndReason() throws IOException {
        Path bad = Files.write(dir.resolve("bad.wasm"), new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, 1, 5, 1, 0x61, 0, 0});
        ModuleException e = assertThrows(ModuleException.class,
                () -> ModuleCompilation.run(request(bad, "com.example.Bad", true, "1.0"), s -> { }));
        assertEquals(bad + ":0xb: malformed module: malformed type", e.getMessage());
        assertFalse(Files.exists(dir.resolve("classes")));
    }

    @Test
    void classNamesThatJavaCannotSpellAreRefused() throws IOException {
        Path wasm = module(CALC);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModuleCompilation.run(request(wasm, "com.example.class", true, "1.0"), s -> { }));
        assertTrue(e.getMessage().contains("cannot be written in Java source"), e.getMessage());
    }
}
