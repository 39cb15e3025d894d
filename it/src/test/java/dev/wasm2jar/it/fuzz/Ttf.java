package dev.wasm2jar.it.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random valid modules from binaryen's {@code wasm-opt -ttf} (translate random bytes to a module),
 * restricted to the features we compile: MVP, sign-ext, nontrapping float-to-int, bulk memory,
 * mutable globals, multivalue and reference types. Its modules export functions with parameters,
 * a memory, a {@code hangLimitInitializer} that bounds loops and recursion, and import
 * {@code fuzzing-support.log-*} functions.
 */
final class Ttf {
    private Ttf() {
    }

    private static final List<String> BASE = List.of("-mvp", "--enable-sign-ext", "--enable-nontrapping-float-to-int",
            "--enable-bulk-memory", "--enable-mutable-globals");
    private static Boolean available;

    static synchronized boolean available(Path tmp) {
        if (available == null) available = Proc.available("wasm-opt", tmp);
        return available;
    }

    /** A fresh module, or null when wasm-opt is missing or fails. */
    static byte[] generate(Random rnd, Path tmp) {
        if (!available(tmp)) return null;
        tmp = tmp.toAbsolutePath();
        try {
            byte[] input = new byte[1000 + rnd.nextInt(20_000)];
            rnd.nextBytes(input);
            Path in = Files.createTempFile(tmp, "ttf", ".bin");
            Path out = Files.createTempFile(tmp, "ttf", ".wasm");
            try {
                Files.write(in, input);
                List<String> cmd = new ArrayList<>(List.of("wasm-opt", "-ttf", in.toString(), "-o", out.toString()));
                cmd.addAll(BASE);
                int f = rnd.nextInt(10);
                if (f >= 3) cmd.add("--enable-multivalue");
                // binaryen 108's reference-types output is often invalid (typed refs): fewer of those
                if (f >= 8) cmd.add("--enable-reference-types");
                Proc.Result r = Proc.run(cmd, tmp, 60_000);
                if (r.exit() != 0) return null;
                return Files.readAllBytes(out);
            } finally {
                Files.deleteIfExists(in);
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            return null;
        }
    }
}
