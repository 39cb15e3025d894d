package dev.wasm2jar.cli;

import dev.wasm2jar.spec.WastRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code wasm2jar wast FILE...}: runs spec test scripts; exits non-zero when anything failed. */
@Command(name = "wast", mixinStandardHelpOptions = true,
        description = "Run WebAssembly spec test scripts (.wast) and report passed, failed and skipped assertions.")
public final class WastCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Script files.")
    List<Path> files = new ArrayList<>();

    @Override
    public Integer call() {
        WastRunner runner = new WastRunner(System.out);
        int passed = 0, failed = 0, skipped = 0;
        for (Path f : files) {
            if (!Files.isRegularFile(f)) throw new Main.UserError("no such file: " + f);
            WastRunner.Outcome o = runner.run(f, f.toString());
            passed += o.passed();
            failed += o.failed();
            skipped += o.skipped();
        }
        System.out.println(passed + " passed, " + failed + " failed, " + skipped + " skipped");
        return failed == 0 ? 0 : 1;
    }
}
