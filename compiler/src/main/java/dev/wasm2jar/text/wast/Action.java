package dev.wasm2jar.text.wast;

import java.util.List;

/** A script action: invoking an exported function or reading an exported global. */
public sealed interface Action {
    int line();

    /** The module's {@code $name}, or null for the most recently defined module. */
    String module();

    /** {@code (invoke $m? "name" const*)}. */
    record Invoke(int line, String module, String name, List<Value> args) implements Action {
    }

    /** {@code (get $m? "name")}. */
    record Get(int line, String module, String name) implements Action {
    }
}
