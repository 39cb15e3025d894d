package dev.wasm2jar.wasi;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What a WASI guest may see and touch: its arguments, environment, standard streams, preopened
 * directories and listening sockets. Nothing else of the host is reachable. Immutable; built with
 * {@link #builder()}.
 */
public final class WasiConfig {
    /** A host directory granted to the guest under a guest name (wasmtime's {@code --dir HOST::GUEST}). */
    public record Preopen(Path host, String guest) {}

    final List<String> args;
    final Map<String, String> env;
    final List<Preopen> preopens;
    final InputStream stdin;
    final OutputStream stdout, stderr;
    final boolean stdinInherited, stdoutInherited, stderrInherited;
    /** Null for the system clock: {@link #clock()}. */
    private final WasiClock clock;
    /** Null until first used when defaulted: a SecureRandom loads the security providers (slow start). */
    private Random random;
    final List<ServerSocketChannel> listenSockets;
    /** Most descriptors the guest may hold at once (stdio and preopens included): EMFILE beyond. */
    final int maxOpenFds;

    private WasiConfig(Builder b) {
        this.args = List.copyOf(b.args);
        Map<String, String> e = new LinkedHashMap<>();
        if (b.inheritEnv) e.putAll(System.getenv());
        e.putAll(b.env);
        this.env = e;
        this.preopens = List.copyOf(b.preopens);
        this.stdinInherited = b.stdin == null;
        this.stdoutInherited = b.stdout == null;
        this.stderrInherited = b.stderr == null;
        this.stdin = b.stdin != null ? b.stdin : new FileInputStream(FileDescriptor.in);
        this.stdout = b.stdout != null ? b.stdout : new FileOutputStream(FileDescriptor.out);
        this.stderr = b.stderr != null ? b.stderr : new FileOutputStream(FileDescriptor.err);
        this.clock = b.clock;
        this.random = b.random;
        this.listenSockets = List.copyOf(b.listenSockets);
        this.maxOpenFds = b.maxOpenFds;
    }

    /** The source of random_get: the configured one, or a SecureRandom created on first use. */
    synchronized Random random() {
        if (random == null) random = Secure.random();
        return random;
    }

    /** The configured clock, or the system's. (Defaulted here, not in the builder: a program that reads no clock never loads WasiClock.) */
    WasiClock clock() {
        return clock != null ? clock : WasiClock.SYSTEM;
    }

    /** Creates the SecureRandom: in a class of its own, so that verifying WasiConfig at start-up does not load SecureRandom. */
    private static final class Secure {
        static Random random() {
            return new SecureRandom();
        }
    }

    /** The default for {@link Builder#maxOpenFds}. */
    public static final int DEFAULT_MAX_OPEN_FDS = 1024;

    public static Builder builder() {
        return new Builder();
    }

    public List<String> args() {
        return args;
    }

    /** The guest's environment, in order. */
    public Map<String, String> env() {
        return env;
    }

    public List<Preopen> preopens() {
        return preopens;
    }

    public static final class Builder {
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private boolean inheritEnv;
        private final List<Preopen> preopens = new ArrayList<>();
        private InputStream stdin;
        private OutputStream stdout, stderr;
        private WasiClock clock;
        private Random random;
        private final List<ServerSocketChannel> listenSockets = new ArrayList<>();
        private int maxOpenFds = DEFAULT_MAX_OPEN_FDS;

        private Builder() {}

        /** The guest's argv (argv[0] conventionally being the program name); replaces earlier ones. */
        public Builder args(List<String> args) {
            this.args.clear();
            this.args.addAll(args);
            return this;
        }

        public Builder arg(String arg) {
            this.args.add(arg);
            return this;
        }

        /** Sets one environment variable (overriding an inherited one of the same name). */
        public Builder env(String name, String value) {
            if (name.isEmpty() || name.indexOf('=') >= 0) throw new IllegalArgumentException("bad environment variable name: " + name);
            env.put(name, value);
            return this;
        }

        /** Passes the host's environment to the guest (not done unless asked). */
        public Builder inheritEnv() {
            this.inheritEnv = true;
            return this;
        }

        /** Grants {@code host} (a directory) to the guest as {@code guest}; fds 3, 4, ... in this order. */
        public Builder preopen(Path host, String guest) {
            preopens.add(new Preopen(host, guest));
            return this;
        }

        public Builder stdin(InputStream in) {
            this.stdin = in;
            return this;
        }

        public Builder stdout(OutputStream out) {
            this.stdout = out;
            return this;
        }

        public Builder stderr(OutputStream err) {
            this.stderr = err;
            return this;
        }

        public Builder clock(WasiClock clock) {
            this.clock = clock;
            return this;
        }

        /** The source of random_get (default: a SecureRandom). */
        public Builder random(Random random) {
            this.random = random;
            return this;
        }

        /**
         * A listening socket the guest can sock_accept on (wasmtime's --tcplisten). Numbered after
         * the preopens (fd 3 when there are none): wasi-libc stops looking for preopens at the first
         * descriptor that is not one.
         */
        public Builder listenSocket(ServerSocketChannel socket) {
            listenSockets.add(socket);
            return this;
        }

        /**
         * The most descriptors the guest may hold at once, stdio and preopens included (default
         * {@value #DEFAULT_MAX_OPEN_FDS}, a usual RLIMIT_NOFILE): opening more is EMFILE, as a
         * host process at its limit gets, so a guest cannot use up the JVM's descriptors.
         */
        public Builder maxOpenFds(int max) {
            if (max < 1) throw new IllegalArgumentException("maxOpenFds < 1: " + max);
            this.maxOpenFds = max;
            return this;
        }

        public WasiConfig build() {
            return new WasiConfig(this);
        }
    }
}
