package dev.wasm2jar.wasi.launch;

import dev.wasm2jar.wasi.WasiConfig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
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
    final List<String> listen = new ArrayList<>();
    boolean inheritEnv;

    /** A listening TCP socket ({@code HOST:PORT}) handed to the program, as wasmtime's {@code --tcplisten}. */
    public Grants tcpListen(String address) {
        listen.add(address);
        return this;
    }

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

    /**
     * Adds these grants to a WASI configuration; relative HOST paths resolve against the working
     * directory. Listening sockets are bound here; a bad address is an IllegalArgumentException.
     */
    public void applyTo(WasiConfig.Builder config) {
        for (String a : listen) config.listenSocket(bind(a));
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

    private static ServerSocketChannel bind(String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0) throw new IllegalArgumentException("bad --tcplisten address '" + address + "': expected HOST:PORT");
        try {
            int port = Integer.parseInt(address.substring(colon + 1));
            ServerSocketChannel ch = ServerSocketChannel.open();
            ch.bind(new InetSocketAddress(address.substring(0, colon), port));
            return ch;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in --tcplisten '" + address + "'");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot listen on " + address + ": " + e.getMessage());
        }
    }
}
