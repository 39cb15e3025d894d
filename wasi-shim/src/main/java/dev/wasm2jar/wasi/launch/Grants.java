package dev.wasm2jar.wasi.launch;

import dev.wasm2jar.wasi.WasiConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a program may see of the host: directories ({@code HOST[::GUEST]}, as wasmtime's
 * {@code --dir}), environment variables ({@code NAME=VALUE}, or {@code NAME} for the host's value),
 * and whether the whole environment is inherited. Nothing is granted implicitly.
 */
public final class Grants {
    final List<String> dirs = new ArrayList<>();
    final List<String> env = new ArrayList<>();
    boolean inheritEnv;

    public Grants dir(String spec) {
        dirs.add(spec);
        return this;
    }

    public Grants env(String spec) {
        env.add(spec);
        return this;
    }

    public Grants inheritEnv(boolean inherit) {
        inheritEnv = inherit;
        return this;
    }

    public List<String> dirs() {
        return List.copyOf(dirs);
    }

    public List<String> envs() {
        return List.copyOf(env);
    }

    public boolean inheritEnv() {
        return inheritEnv;
    }

    /** Adds these grants to a WASI configuration; relative HOST paths resolve against the working directory. */
    public void applyTo(WasiConfig.Builder config) {
        if (inheritEnv) config.inheritEnv();
        for (String e : env) {
            int eq = e.indexOf('=');
            if (eq < 0) {
                String v = System.getenv(e);
                if (v != null) config.env(e, v);
            } else {
                config.env(e.substring(0, eq), e.substring(eq + 1));
            }
        }
        for (String d : dirs) {
            int sep = d.indexOf("::");
            String host = sep < 0 ? d : d.substring(0, sep);
            String guest = sep < 0 ? d : d.substring(sep + 2);
            if (host.isEmpty() || guest.isEmpty()) throw new IllegalArgumentException("bad --dir value '" + d + "': expected HOST[::GUEST]");
            config.preopen(Path.of(host), guest);
        }
    }
}
