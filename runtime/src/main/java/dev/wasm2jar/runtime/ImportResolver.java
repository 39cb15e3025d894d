package dev.wasm2jar.runtime;

/**
 * Supplies a module's imports when it is instantiated: for each import, the external value
 * (a {@link WasmFunction}, {@link Memory}, {@link Table}, {@link Global}, or exception {@link Tag})
 * that the module and name refer to, or null if there is none. Types are checked by the instance
 * ({@link Linker}), which reports mismatches as a {@link LinkException}.
 */
@FunctionalInterface
public interface ImportResolver {
    Object resolve(String module, String name);

    ImportResolver NONE = (m, n) -> null;
}
