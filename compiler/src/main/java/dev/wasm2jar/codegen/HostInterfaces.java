package dev.wasm2jar.codegen;

import dev.wasm2jar.model.FuncType;
import dev.wasm2jar.wasi.Wasi;
import dev.wasm2jar.wasi.WasiImports;
import org.objectweb.asm.Type;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;

/**
 * Import modules whose functions compiled code can call through a plain Java interface instead of a
 * method handle: today {@code wasi_snapshot_preview1} and the shim's {@link WasiImports}. An import
 * qualifies when its name and exact type match a method of the interface; the instance still links
 * it by name, and falls back to the function's handle when the resolver supplied something else.
 */
final class HostInterfaces {
    static final String WASI = Type.getInternalName(WasiImports.class);
    /** Method name to JVM descriptor, read from the interface when the compiler runs. */
    private static final Map<String, String> WASI_METHODS = new HashMap<>();

    static {
        for (Method m : WasiImports.class.getMethods()) WASI_METHODS.put(m.getName(), Type.getMethodDescriptor(m));
    }

    private HostInterfaces() {
    }

    /** The interface (internal name) to call this import through, or null if there is none. */
    static String interfaceFor(String module, String name, FuncType type) {
        if (!Wasi.MODULE.equals(module)) return null;
        String desc = WASI_METHODS.get(name);
        return desc != null && desc.equals(JvmType.boundaryDesc(type)) ? WASI : null;
    }
}
