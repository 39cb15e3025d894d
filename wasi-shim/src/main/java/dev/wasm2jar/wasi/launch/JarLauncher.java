package dev.wasm2jar.wasi.launch;

import dev.wasm2jar.runtime.HostLimits;
import dev.wasm2jar.runtime.ModuleFactory;
import dev.wasm2jar.wasi.WasiConfig;

import java.util.ArrayList;
import java.util.List;

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
    private JarLauncher() {
    }

    /**
     * Called by the generated main with the grants given at compile time as constants (reading them
     * from a jar resource would load the JDK's jar-URL machinery on every start).
     */
    public static void main(String[] args, ModuleFactory factory, String program, String[] dirs, String[] env, boolean inheritEnv) {
        boolean defaults = !"false".equals(System.getProperty("wasm2jar.defaults"));
        String dirProperty = System.getProperty("wasm2jar.dir");
        String envProperty = System.getProperty("wasm2jar.env");
        String listenProperty = System.getProperty("wasm2jar.tcplisten");
        boolean inheritProperty = Boolean.getBoolean("wasm2jar.inherit-env");

        List<String> argv = new ArrayList<>(args.length + 1);
        argv.add(program);
        for (String a : args) argv.add(a);
        WasiConfig.Builder config = WasiConfig.builder().args(argv);
        // Nothing granted (the usual case): Grants is not even loaded.
        if (defaults && (dirs.length > 0 || env.length > 0 || inheritEnv)
                || dirProperty != null || envProperty != null || listenProperty != null || inheritProperty) {
            Grants grants = new Grants();
            if (defaults) {
                for (String d : dirs) grants.dir(d);
                for (String e : env) grants.env(e);
                grants.inheritEnv(inheritEnv);
            }
            for (String d : split(dirProperty)) grants.dir(d);
            for (String e : split(envProperty)) grants.env(e);
            if (inheritProperty) grants.inheritEnv(true);
            for (String a : split(listenProperty)) grants.tcpListen(a);
            try {
                grants.applyTo(config);
            } catch (IllegalArgumentException e) {
                System.err.println("wasm2jar: " + e.getMessage());
                System.exit(1);
            }
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
        String timeoutProperty = System.getProperty("wasm2jar.timeout");
        long timeout = 0;
        if (timeoutProperty != null) { // Timeout is only loaded when asked for
            try {
                timeout = Timeout.parseMillis(timeoutProperty);
            } catch (IllegalArgumentException e) {
                System.err.println("wasm2jar: -Dwasm2jar.timeout: " + e.getMessage());
                System.exit(1);
                return;
            }
        }
        int status = timeout > 0 ? Timeout.run(factory, config.build(), stack, timeout, System.err)
                : Launcher.run(factory, config.build(), stack, System.err);
        // Status 0 returns instead: from Java 21, Runtime.exit first asks a System.Logger whether to
        // log the exit, which sets up the JDK's logging (about 7 ms). The guest thread has ended, so
        // no thread of ours keeps the JVM up, and it exits with 0 through the same shutdown hooks.
        if (status != 0) System.exit(status);
    }

    private static List<String> split(String value) {
        List<String> out = new ArrayList<>();
        if (value == null) return out;
        for (String s : value.split(";")) if (!s.isEmpty()) out.add(s);
        return out;
    }
}
