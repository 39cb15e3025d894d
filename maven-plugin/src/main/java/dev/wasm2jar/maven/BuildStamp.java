package dev.wasm2jar.maven;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What an earlier run produced from what inputs, kept under {@code target/wasm2jar}: the inputs'
 * fingerprint (the module's SHA-256, the plugin's version, the options) and the files written. A
 * later run with the same fingerprint whose files all still exist has nothing to do; one with a
 * different fingerprint first deletes the files of the earlier run (a module that shrank leaves no
 * stale classes behind).
 */
final class BuildStamp {
    private static final String OUTPUTS = "outputs";

    private final Map<String, String> inputs;
    private final List<Path> outputs;

    BuildStamp(Map<String, String> inputs, List<Path> outputs) {
        this.inputs = new TreeMap<>(inputs);
        this.outputs = List.copyOf(outputs);
    }

    List<Path> outputs() {
        return outputs;
    }

    /** The stamp stored at {@code file}, or null if there is none (or it cannot be read). */
    static BuildStamp read(Path file) {
        if (!Files.isRegularFile(file)) return null;
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
        Map<String, String> inputs = new TreeMap<>();
        List<Path> outputs = new ArrayList<>();
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith(OUTPUTS + ".")) outputs.add(Path.of(p.getProperty(k)));
            else inputs.put(k, p.getProperty(k));
        }
        return new BuildStamp(inputs, outputs);
    }

    void write(Path file) throws IOException {
        Properties p = new Properties();
        p.putAll(inputs);
        for (int i = 0; i < outputs.size(); i++) p.setProperty(OUTPUTS + "." + i, outputs.get(i).toString());
        Files.createDirectories(file.getParent());
        try (Writer w = Files.newBufferedWriter(file)) {
            p.store(w, "wasm2jar build stamp");
        }
    }

    /** True if this stamp was made from {@code inputs} and its outputs are all still there. */
    boolean upToDate(Map<String, String> inputs) {
        if (!this.inputs.equals(new TreeMap<>(inputs))) return false;
        for (Path p : outputs) if (!Files.exists(p)) return false;
        return true;
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
