package dev.wasm2jar.maven;

import dev.wasm2jar.WasmCompiler;
import dev.wasm2jar.codegen.CodegenOptions;
import dev.wasm2jar.codegen.CompiledModule;
import dev.wasm2jar.error.ModuleException;
import dev.wasm2jar.jar.JarWriter;
import dev.wasm2jar.jar.LaunchDefaults;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the runnable jar that {@code wasm2jar app.wasm -o app.jar} writes (the module, the runtime
 * and the WASI shim; {@code java -jar} runs its {@code _start}) and attaches it to the project with a
 * classifier, so {@code install} and {@code deploy} publish it too.
 */
@Mojo(name = "jar", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class JarMojo extends AbstractMojo {
    /** The WASI command module (.wasm or .wat). */
    @Parameter(required = true)
    private File wasmFile;

    /** The generated module class inside the jar. */
    @Parameter(defaultValue = "wasm.Module")
    private String className;

    /** The jar's classifier; the file is {@code target/<finalName>-<classifier>.jar}. */
    @Parameter(defaultValue = "wasm")
    private String classifier;

    /** Whether to attach the jar to the project as an artifact. */
    @Parameter(defaultValue = "true")
    private boolean attach;

    /** Directories granted by default, as the CLI's {@code --dir HOST[::GUEST]}. */
    @Parameter
    private List<String> dirs = new ArrayList<>();

    /** Environment variables set by default, as the CLI's {@code --env NAME[=VALUE]}. */
    @Parameter
    private List<String> env = new ArrayList<>();

    /** Whether the program sees the whole host environment. */
    @Parameter(defaultValue = "false")
    private boolean inheritEnv;

    /**
     * Whether the jar's manifest exports {@code jdk.internal.misc} to it, for faster memory access
     * on Java 24 and later (costs Java 17 to 23 about 8 ms of start-up). Default: when the build
     * runs on Java 24 or later.
     */
    @Parameter
    private Boolean internalUnsafe;

    @Parameter(defaultValue = "${project.build.directory}", readonly = true, required = true)
    private File buildDirectory;

    @Parameter(defaultValue = "${project.build.finalName}", readonly = true, required = true)
    private String finalName;

    @Parameter(defaultValue = "${project.build.directory}/wasm2jar", readonly = true, required = true)
    private File stateDirectory;

    @Parameter(property = "wasm2jar.skip", defaultValue = "false")
    private boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    private PluginDescriptor plugin;

    @Component
    private MavenProjectHelper projectHelper;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("wasm2jar: skipped");
            return;
        }
        if (!wasmFile.isFile()) throw new MojoFailureException("wasm2jar: no such module file: " + wasmFile);
        Path jar = buildDirectory.toPath().resolve(finalName + "-" + classifier + ".jar");
        try {
            byte[] wasm = Files.readAllBytes(wasmFile.toPath());
            Map<String, String> inputs = new LinkedHashMap<>();
            inputs.put("wasm2jar", plugin.getVersion() + " " + ToolFingerprint.of(WasmCompiler.class));
            inputs.put("module.sha256", BuildStamp.sha256(wasm));
            inputs.put("className", className);
            inputs.put("dirs", String.join("\n", dirs));
            inputs.put("env", String.join("\n", env));
            inputs.put("inheritEnv", Boolean.toString(inheritEnv));
            boolean exportInternal = LaunchDefaults.internalUnsafe(internalUnsafe);
            inputs.put("internalUnsafe", Boolean.toString(exportInternal));
            Path stampFile = stateDirectory.toPath().resolve("jar-" + classifier + ".properties");
            BuildStamp old = BuildStamp.read(stampFile);
            if (old != null && old.upToDate(inputs)) {
                getLog().info(jar.getFileName() + " is up to date");
            } else {
                getLog().info("Building " + jar.getFileName() + " from " + wasmFile.getName());
                CompiledModule compiled = WasmCompiler.compile(WasmCompiler.load(wasmFile.toPath()),
                        CodegenOptions.defaults().withClassName(className));
                JarWriter.write(jar, compiled, new LaunchDefaults(wasmFile.getName(), dirs, env, inheritEnv, exportInternal));
                new BuildStamp(inputs, List.of(jar)).write(stampFile);
            }
        } catch (ModuleException e) {
            throw new MojoFailureException("wasm2jar: " + e.withFile(wasmFile.toString()).getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("wasm2jar: cannot write " + jar + ": " + e, e);
        }
        if (attach) projectHelper.attachArtifact(project, "jar", classifier, jar.toFile());
    }
}
