package dev.wasm2jar.codegen;

import dev.wasm2jar.binary.ModuleDecoder;
import dev.wasm2jar.model.Module;
import dev.wasm2jar.runtime.ImportResolver;
import dev.wasm2jar.runtime.Instance;
import dev.wasm2jar.validate.ModuleValidator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helper: text modules through wabt's wat2wasm, then decode, validate, generate, instantiate. */
final class Wat {
    private Wat() {
    }

    static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/wat2wasm"));
    }

    static byte[] toWasm(String wat) {
        try {
            Path dir = Files.createTempDirectory("wat");
            Path in = dir.resolve("m.wat"), out = dir.resolve("m.wasm");
            Files.writeString(in, wat);
            Process p = new ProcessBuilder("wat2wasm", "--debug-names", in.toString(), "-o", out.toString())
                    .redirectErrorStream(true).start();
            String msg = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) throw new IllegalArgumentException("wat2wasm: " + msg);
            byte[] b = Files.readAllBytes(out);
            Files.delete(in);
            Files.delete(out);
            Files.delete(dir);
            return b;
        } catch (IOException | InterruptedException e) {
            throw new RuntimeException(e);
        }
    }

    static CompiledModule compile(byte[] wasm) {
        Module m = ModuleDecoder.decode(wasm);
        validate(m);
        return ModuleGenerator.generate(m, CodegenOptions.defaults());
    }

    /** Validates, tolerating modules the validator still calls multi-memory (codegen supports them). */
    static void validate(Module m) {
        try {
            ModuleValidator.validate(m);
        } catch (dev.wasm2jar.error.UnsupportedFeatureException e) {
            if (!e.feature().equals("multi-memory")) throw e; // supported by codegen, not yet by the validator
        }
    }

    static Instance instantiate(String wat) {
        return instantiate(wat, ImportResolver.NONE);
    }

    static Instance instantiate(String wat, ImportResolver imports) {
        return compile(toWasm(wat)).instantiate(imports);
    }
}
