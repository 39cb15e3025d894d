package dev.wasm2jar.runtime;

/**
 * Creates instances of one compiled module. A generated jar's main class implements it by calling
 * the generated instance class's static {@code instantiate} directly (no reflection at start-up).
 */
@FunctionalInterface
public interface ModuleFactory {
    Instance instantiate(ImportResolver imports);

    /**
     * Loads, verifies and initializes ahead classes that {@link #instantiate} and the module's
     * first calls will need (a generated jar's main class: the code classes, then the instance class
     * with its module data), so that a launcher can spend an otherwise idle thread on it while the
     * guest thread sets up WASI. Never required; does nothing by default.
     */
    default void prepare() {
    }
}
