package dev.wasm2jar.wasi.launch;

import dev.wasm2jar.runtime.HostLimits;
import dev.wasm2jar.runtime.ModuleFactory;
import dev.wasm2jar.wasi.WasiConfig;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The main of a jar written by {@code wasm2jar app.wasm -o app.jar}. ARGS go to the program verbatim.
 * The grants baked in at compile time are the defaults; the user adds or replaces them with system
 * properties, which never mix with the program's own arguments:
 * <pre>
 *   java -Dwasm2jar.dir=HOST[::GUEST][;...] -Dwasm2jar.env=NAME[=VALUE][;...] -Dwasm2jar.inherit-env=true
 *        -Dwasm2jar.tcplisten=HOST:PORT[;...]
 *        -Dwasm2jar.defaults=false (drop the baked-in grants) -Dwasm2jar.stack=SIZE (e.g. 512m)
 *        -Dwasm2jar.max-memory-pages=N -Dwasm2jar.max-table-elements=N (see HostLimits)
 *        -Dwasm2jar.timeout=DURATION (e.g. 5s; stops loops only in a jar compiled with --interruptible)
 *        -jar app.jar ARGS
 * </pre>
 */
public final class JarLauncher {
    static final String DEFAULTS = "META-INF/wasm2jar/launch.properties";

    private JarLauncher() {
    }

    public static void main(String[] args, ModuleFactory factory) {
        Properties defaults = new Properties();
        try (InputStream in = JarLauncher.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
            if (in != null) defaults.load(in);
        } catch (IOException e) {
            System.err.println("wasm2jar: cannot read the jar's launch defaults: " + e.getMessage());
            System.exit(1);
        }
        Grants grants = new Grants();
        if (!"false".equals(System.getProperty("wasm2jar.defaults"))) {
            for (int i = 0; defaults.containsKey("dir." + i); i++) grants.dir(defaults.getProperty("dir." + i));
            for (int i = 0; defaults.containsKey("env." + i); i++) grants.env(defaults.getProperty("env." + i));
            grants.inheritEnv(Boolean.parseBoolean(defaults.getProperty("inherit-env", "false")));
        }
        for (String d : split(System.getProperty("wasm2jar.dir"))) grants.dir(d);
        for (String e : split(System.getProperty("wasm2jar.env"))) grants.env(e);
        if (Boolean.getBoolean("wasm2jar.inherit-env")) grants.inheritEnv(true);
        for (String a : split(System.getProperty("wasm2jar.tcplisten"))) grants.tcpListen(a);

        List<String> argv = new ArrayList<>();
        argv.add(defaults.getProperty("program", "main.wasm"));
        argv.addAll(List.of(args));
        WasiConfig.Builder config = WasiConfig.builder().args(argv);
        try {
            grants.applyTo(config);
        } catch (IllegalArgumentException e) {
            System.err.println("wasm2jar: " + e.getMessage());
            System.exit(1);
        }
        long stack;
        try {
            HostLimits.fromSystemProperties(); // -Dwasm2jar.max-memory-pages=N, -Dwasm2jar.max-table-elements=N
        } catch (IllegalArgumentException e) {
            System.err.println("wasm2jar: -D" + e.getMessage());
            System.exit(1);
            return;
        }
        try {
            stack = Launcher.parseSize(System.getProperty("wasm2jar.stack"), Launcher.DEFAULT_STACK);
        } catch (IllegalArgumentException e) {
            System.err.println("wasm2jar: -Dwasm2jar.stack: " + e.getMessage());
            System.exit(1);
            return;
        }
        long timeout;
        try {
            timeout = Timeout.parseMillis(System.getProperty("wasm2jar.timeout"));
        } catch (IllegalArgumentException e) {
            System.err.println("wasm2jar: -Dwasm2jar.timeout: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.exit(timeout > 0 ? Timeout.run(factory, config.build(), stack, timeout, System.err)
                : Launcher.run(factory, config.build(), stack, System.err));
    }

    private static List<String> split(String value) {
        List<String> out = new ArrayList<>();
        if (value == null) return out;
        for (String s : value.split(";")) if (!s.isEmpty()) out.add(s);
        return out;
    }
}
