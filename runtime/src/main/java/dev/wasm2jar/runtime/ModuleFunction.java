package dev.wasm2jar.runtime;

import java.lang.invoke.MethodHandle;

/**
 * A function defined by a compiled module. Its method handle is looked up only when first needed
 * (a call from outside the module); {@code call_indirect} inside the module uses {@link #owner} and
 * {@link #index} and calls the static method directly.
 */
public final class ModuleFunction extends WasmFunction {
    ModuleFunction(FunctionType type, ModuleInstance owner, int index, String name) {
        super(type, owner, index, name);
    }

    /** Through the instance's generated switch when it has one, which needs no method handle. */
    @Override
    protected void invokeVoid() throws Throwable {
        if (!((ModuleInstance) owner).callVoid(index)) super.invokeVoid();
    }

    @Override
    protected MethodHandle resolveHandle() {
        return ((ModuleInstance) owner).resolveHandle(index);
    }
}
