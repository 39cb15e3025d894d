package dev.wasm2jar.maven;

import java.io.File;

/**
 * One entry of the {@code compile} goal's {@code <modules>} list:
 * <pre>
 * &lt;module&gt;
 *   &lt;wasmFile&gt;src/main/wasm/calc.wasm&lt;/wasmFile&gt;
 *   &lt;className&gt;com.example.Calc&lt;/className&gt;
 *   &lt;bindings&gt;true&lt;/bindings&gt;   &lt;!-- optional; default: the goal's bindings --&gt;
 * &lt;/module&gt;
 * </pre>
 */
public class WasmModule {
    /** The module: a .wasm binary, or a .wat text file. */
    private File wasmFile;
    /** The Java class to generate (the typed facade; without bindings, the module class itself). */
    private String className;
    /** Whether to write the typed facade; unset means the goal's {@code bindings}. */
    private Boolean bindings;

    public WasmModule() {
    }

    WasmModule(File wasmFile, String className, Boolean bindings) {
        this.wasmFile = wasmFile;
        this.className = className;
        this.bindings = bindings;
    }

    public File getWasmFile() {
        return wasmFile;
    }

    public String getClassName() {
        return className;
    }

    public Boolean getBindings() {
        return bindings;
    }
}
