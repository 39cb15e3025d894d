package dev.wasm2jar.jar;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/**
 * The grants given at compile time ({@code --dir}, {@code --env}, {@code --inherit-env}), baked
 * into a jar as {@value #RESOURCE} and read by the jar launcher as its defaults. Directories keep
 * the user's spelling: a relative HOST resolves against the working directory when the jar runs.
 */
public record LaunchDefaults(String program, List<String> dirs, List<String> env, boolean inheritEnv) {
    public static final String RESOURCE = "META-INF/wasm2jar/launch.properties";

    /** The properties file: {@code program} (argv[0]), {@code dir.N}, {@code env.N}, {@code inherit-env}. */
    public byte[] toProperties() {
        Properties p = new Properties();
        p.setProperty("program", program);
        for (int i = 0; i < dirs.size(); i++) p.setProperty("dir." + i, dirs.get(i));
        for (int i = 0; i < env.size(); i++) p.setProperty("env." + i, env.get(i));
        p.setProperty("inherit-env", Boolean.toString(inheritEnv));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            p.store(out, "wasm2jar launch defaults");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
