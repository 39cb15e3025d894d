package dev.wasm2jar.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.InputStream;
import java.util.Properties;

/** The version from the build (filtered resource {@code wasm2jar-version.properties}). */
final class Version implements IVersionProvider {
    static String get() {
        try (InputStream in = Version.class.getResourceAsStream("/wasm2jar-version.properties")) {
            Properties p = new Properties();
            if (in != null) p.load(in);
            return p.getProperty("version", "unknown");
        } catch (Exception e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"wasm2jar " + get(), "Java " + System.getProperty("java.version")};
    }
}
