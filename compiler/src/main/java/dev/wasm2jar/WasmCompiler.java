package dev.wasm2jar;

import dev.wasm2jar.binary.ModuleDecoder;
import dev.wasm2jar.codegen.CodegenOptions;
import dev.wasm2jar.codegen.CompiledModule;
import dev.wasm2jar.codegen.ModuleGenerator;
import dev.wasm2jar.error.ModuleException;
import dev.wasm2jar.model.Module;
import dev.wasm2jar.text.WatParser;
import dev.wasm2jar.validate.ModuleValidator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The compiler pipeline in one place: text or binary → {@link Module} (decoder) → validated
 * (validator) → JVM classes ({@link ModuleGenerator}). The CLI, the spec runner and the Maven plugin
 * all go through here.
 */
public final class WasmCompiler {
    private WasmCompiler() {
    }

    /**
     * The binary of a module file: a {@code .wasm} file as is, a text file ({@code .wat}, or any
     * file not starting with the binary magic) through our text parser. Errors name the file.
     */
    public static byte[] readModuleBytes(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length >= 4 && bytes[0] == 0 && bytes[1] == 'a' && bytes[2] == 's' && bytes[3] == 'm') return bytes;
        try {
            return WatParser.parseModule(new String(bytes, StandardCharsets.UTF_8));
        } catch (ModuleException e) {
            throw e.withFile(file.toString());
        }
    }

    /** Decodes and validates a binary module. */
    public static Module load(byte[] wasm) {
        Module module = ModuleDecoder.decode(wasm);
        ModuleValidator.validate(module);
        return module;
    }

    /** Reads, decodes and validates a module file; errors carry the file name. */
    public static Module load(Path file) throws IOException {
        byte[] bytes = readModuleBytes(file);
        try {
            return load(bytes);
        } catch (ModuleException e) {
            throw e.withFile(file.toString());
        }
    }

    /** Generates the JVM classes of a validated module. */
    public static CompiledModule compile(Module module, CodegenOptions options) {
        return ModuleGenerator.generate(module, options);
    }

    /** Generates the JVM classes of a validated module into {@code sink} as each is ready (big modules: on all cores). */
    public static dev.wasm2jar.codegen.GenerationStats compile(Module module, CodegenOptions options, dev.wasm2jar.codegen.ClassSink sink) {
        return ModuleGenerator.generate(module, options, sink);
    }
}
