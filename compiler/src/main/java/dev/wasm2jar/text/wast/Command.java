package dev.wasm2jar.text.wast;

import java.util.List;

/**
 * One command of a script (the spec interpreter's script format), with its line in the script.
 * Module names are {@code $ids} without the {@code $}; null means the most recent module.
 */
public sealed interface Command {
    int line();

    /** A module: defined and, unless {@link WastModule#isDefinition()}, instantiated. */
    record DefineModule(int line, WastModule module) implements Command {
    }

    /** {@code (module instance $instance $module?)}: instantiates a module definition. */
    record ModuleInstance(int line, String instance, String module) implements Command {
    }

    /** {@code (register "as" $module?)}: makes a module's exports importable under the name {@code as}. */
    record Register(int line, String as, String module) implements Command {
    }

    /** An action on its own (its results are not checked). */
    record Perform(int line, Action action) implements Command {
    }

    record AssertReturn(int line, Action action, List<ResultPattern> results) implements Command {
    }

    /** {@code (assert_trap action "message")}. */
    record AssertTrap(int line, Action action, String message) implements Command {
    }

    /** {@code (assert_trap (module ...) "message")}: instantiation traps (e.g. in the start function). */
    record AssertModuleTrap(int line, WastModule module, String message) implements Command {
    }

    record AssertExhaustion(int line, Action action, String message) implements Command {
    }

    /** {@code (assert_exception action)}: the action throws a WebAssembly exception. */
    record AssertException(int line, Action action) implements Command {
    }

    /** {@code assert_malformed}; {@code custom} for {@code assert_malformed_custom} (custom section errors). */
    record AssertMalformed(int line, WastModule module, String message, boolean custom) implements Command {
    }

    /** {@code assert_invalid}; {@code custom} for {@code assert_invalid_custom}. */
    record AssertInvalid(int line, WastModule module, String message, boolean custom) implements Command {
    }

    record AssertUnlinkable(int line, WastModule module, String message) implements Command {
    }

    /** Threads proposal: {@code (thread $name (shared (module $m))* command*)}, run concurrently. */
    record Thread(int line, String name, List<String> sharedModules, List<Command> commands) implements Command {
    }

    /** Threads proposal: {@code (wait $thread)}. */
    record Wait(int line, String thread) implements Command {
    }

    /** Meta command {@code (input $name? "file")}. */
    record Input(int line, String name, String file) implements Command {
    }

    /** Meta command {@code (output $name? "file"?)}. */
    record Output(int line, String name, String file) implements Command {
    }

    /** Meta command {@code (script $name? command*)}. */
    record SubScript(int line, String name, List<Command> commands) implements Command {
    }
}
