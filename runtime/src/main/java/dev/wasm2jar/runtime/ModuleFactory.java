package dev.wasm2jar.runtime;

/**
 * Creates instances of one compiled module. A generated jar's main class implements it by calling
 * the generated instance class's static {@code instantiate} directly (no reflection at start-up).
 */
@FunctionalInterface
public interface ModuleFactory {
    Instance instantiate(ImportResolver imports);
}
