package dev.wasm2jar.cli;

import dev.wasm2jar.error.ModuleException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The {@code wasm2jar} command line. {@code wasm2jar app.wasm -o app.jar} compiles to a runnable jar;
 * {@code run} compiles in memory and runs (options before the module, as in {@code wasmtime run});
 * {@code wast} runs spec test scripts. Errors are one clear line on stderr, never a stack trace.
 */
@Command(name = "wasm2jar", mixinStandardHelpOptions = true, versionProvider = Version.class,
        subcommands = {RunCommand.class, WastCommand.class},
        description = "Compiles a WebAssembly module (.wasm or .wat) ahead of time to JVM bytecode in a runnable jar.",
        footer = {"", "Examples:",
                "  wasm2jar app.wasm -o app.jar --dir .     then: java -jar app.jar ARGS",
                "  wasm2jar run --dir . app.wasm ARGS",
                "  wasm2jar wast ../shared/testsuite/i32.wast"})
public final class Main extends CompileCommand {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns the exit status (for tests). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setStopAtPositional(false);
        cl.getSubcommands().get("run").setStopAtPositional(true);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            err.println("wasm2jar: " + describe(ex));
            err.flush();
            return 1;
        });
        return cl.execute(args);
    }

    /** One line for an error that stopped the CLI. */
    static String describe(Throwable ex) {
        if (ex instanceof ModuleException) return ex.getMessage();
        if (ex instanceof java.nio.file.NoSuchFileException) return "no such file: " + ex.getMessage();
        if (ex instanceof java.nio.file.AccessDeniedException) return "permission denied: " + ex.getMessage();
        if (ex instanceof java.io.IOException) return "I/O error: " + ex.getMessage();
        if (ex instanceof UserError) return ex.getMessage();
        return "internal error (please report it at the project's issue tracker): " + ex;
    }

    /** A mistake of the user's that ends the command with a message and no stack trace. */
    static final class UserError extends RuntimeException {
        UserError(String message) {
            super(message);
        }
    }
}
