package dev.wasm2jar.runtime;

import java.util.List;

/**
 * An instantiated module. Generated module classes implement it; an instance may be used from one
 * thread at a time.
 */
public interface Instance {
    /** The export of that name (WasmFunction, Memory, Table, Global or Tag), or null. */
    Object export(String name);

    /** Export names in the module's order. */
    List<String> exportNames();

    /** The exported function of that name, or null. */
    default WasmFunction function(String name) {
        return export(name) instanceof WasmFunction f ? f : null;
    }

    /** The exported memory of that name, or null. */
    default Memory memory(String name) {
        return export(name) instanceof Memory m ? m : null;
    }
}
