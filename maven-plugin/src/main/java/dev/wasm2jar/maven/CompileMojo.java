package dev.wasm2jar.maven;

import dev.wasm2jar.error.ModuleException;
import org.apache.maven.model.Dependency;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Compiles WebAssembly modules into the project's classes and writes a typed Java facade for each
 * to {@code target/generated-sources/wasm2jar}, which becomes a source root: the project's own code
 * calls {@code new Calc().add(2, 3)} and compiles against it. The project needs
 * {@code dev.wasm2jar:wasm2jar-runtime} (and {@code wasm2jar-wasi} for WASI modules) as dependencies.
 *
 * <p>A module is compiled again only when its file, its options or the plugin changed. A module the
 * compiler rejects fails the build with the file, the byte offset and the reason.
 */
@Mojo(name = "compile", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class CompileMojo extends AbstractMojo {
    /** The module to compile (.wasm, or .wat text); with {@link #className}. For several, use {@link #modules}. */
    @Parameter
    private File wasmFile;

    /** The facade's binary class name, e.g. {@code com.example.Calc} (the module class is {@code com.example.Calc$Module}). */
    @Parameter
    private String className;

    /** Several modules, each with {@code wasmFile}, {@code className} and optionally {@code bindings}. */
    @Parameter
    private List<WasmModule> modules;

    /** Whether to write typed facades; without, {@code className} names the generated module class itself. */
    @Parameter(property = "wasm2jar.bindings", defaultValue = "true")
    private boolean bindings;

    /** Where the class files go. */
    @Parameter(defaultValue = "${project.build.outputDirectory}", required = true)
    private File outputDirectory;

    /** Where the facade sources go; added to the project's compile source roots. */
    @Parameter(defaultValue = "${project.build.directory}/generated-sources/wasm2jar", required = true)
    private File generatedSourcesDirectory;

    /** Build stamps, which let an unchanged module skip compilation. */
    @Parameter(defaultValue = "${project.build.directory}/wasm2jar", readonly = true, required = true)
    private File stateDirectory;

    @Parameter(property = "wasm2jar.skip", defaultValue = "false")
    private boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    private PluginDescriptor plugin;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("wasm2jar: skipped");
            return;
        }
        List<WasmModule> all = configuredModules();
        boolean anyFacade = false;
        for (WasmModule m : all) {
            boolean withBindings = m.getBindings() != null ? m.getBindings() : bindings;
            anyFacade |= withBindings;
            ModuleCompilation.Request r = new ModuleCompilation.Request(m.getWasmFile().toPath(), m.getClassName(), withBindings,
                    outputDirectory.toPath(), generatedSourcesDirectory.toPath(), stateDirectory.toPath(), toolVersion());
            try {
                ModuleCompilation.run(r, getLog()::info);
            } catch (ModuleException e) {
                throw new MojoFailureException("wasm2jar: " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new MojoFailureException("wasm2jar: " + m.getWasmFile() + ": " + e.getMessage(), e);
            } catch (IOException e) {
                throw new MojoExecutionException("wasm2jar: cannot compile " + m.getWasmFile() + ": " + e, e);
            }
        }
        if (anyFacade) project.addCompileSourceRoot(generatedSourcesDirectory.getPath());
        warnWithoutRuntime();
    }

    private List<WasmModule> configuredModules() throws MojoFailureException {
        List<WasmModule> all = new ArrayList<>();
        if (wasmFile != null || className != null) all.add(new WasmModule(wasmFile, className, null));
        if (modules != null) all.addAll(modules);
        if (all.isEmpty()) {
            throw new MojoFailureException("wasm2jar: nothing to compile: configure <wasmFile> and <className>, or a list of <modules>");
        }
        Set<String> names = new HashSet<>();
        for (WasmModule m : all) {
            if (m.getWasmFile() == null) throw new MojoFailureException("wasm2jar: a module has no <wasmFile>");
            if (m.getClassName() == null || m.getClassName().isBlank()) {
                throw new MojoFailureException("wasm2jar: " + m.getWasmFile() + " has no <className> (e.g. com.example.Calc)");
            }
            if (!m.getWasmFile().isFile()) throw new MojoFailureException("wasm2jar: no such module file: " + m.getWasmFile());
            if (!names.add(m.getClassName())) throw new MojoFailureException("wasm2jar: two modules are both compiled to " + m.getClassName());
        }
        return all;
    }

    /** The plugin's version and the jar it runs from: a rebuilt snapshot recompiles modules too. */
    private String toolVersion() {
        return plugin.getVersion() + " " + ToolFingerprint.of(dev.wasm2jar.WasmCompiler.class);
    }

    private void warnWithoutRuntime() {
        for (Dependency d : project.getDependencies()) {
            boolean bringsRuntime = "wasm2jar-runtime".equals(d.getArtifactId()) || "wasm2jar-wasi".equals(d.getArtifactId());
            if ("dev.wasm2jar".equals(d.getGroupId()) && bringsRuntime) return;
        }
        getLog().warn("wasm2jar: the generated classes need dev.wasm2jar:wasm2jar-runtime:" + plugin.getVersion()
                + " as a dependency of this project (unless another dependency brings it)");
    }
}
