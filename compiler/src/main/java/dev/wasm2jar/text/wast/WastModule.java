package dev.wasm2jar.text.wast;

import dev.wasm2jar.text.SList;
import dev.wasm2jar.text.WatParser;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A module of a script: text, binary ({@code (module binary "...")}) or quoted text
 * ({@code (module quote "...")}). It is turned into bytes only by {@link #toBinary()}, when the
 * runner executes the command, so that {@code assert_malformed} sees the error then.
 */
public final class WastModule {
    public enum Kind { TEXT, BINARY, QUOTE }

    private final int line;
    private final String name;
    private final Kind kind;
    private final boolean definition;
    private final SList text;
    private final int firstField;
    private final byte[] source;
    private final byte[] bytes;

    private WastModule(int line, String name, Kind kind, boolean definition, SList text, int firstField, byte[] source, byte[] bytes) {
        this.line = line;
        this.name = name;
        this.kind = kind;
        this.definition = definition;
        this.text = text;
        this.firstField = firstField;
        this.source = source;
        this.bytes = bytes;
    }

    /** A text module: the fields of {@code list} from {@code firstField} on; {@code source} is the script's text. */
    static WastModule text(int line, String name, boolean definition, SList list, int firstField, byte[] source) {
        return new WastModule(line, name, Kind.TEXT, definition, list, firstField, source, null);
    }

    static WastModule binary(int line, String name, boolean definition, byte[] bytes) {
        return new WastModule(line, name, Kind.BINARY, definition, null, 0, null, bytes.clone());
    }

    static WastModule quote(int line, String name, boolean definition, byte[] text) {
        return new WastModule(line, name, Kind.QUOTE, definition, null, 0, null, text.clone());
    }

    /** Line of the module in the script. */
    public int line() {
        return line;
    }

    /** The module's {@code $name} in the script (without {@code $}), or null. */
    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    /** True for {@code (module definition ...)}: defined but not instantiated (see {@link Command.ModuleInstance}). */
    public boolean isDefinition() {
        return definition;
    }

    /**
     * The binary module: the concatenated strings of a binary module, or the encoding of a text or
     * quoted module. Throws {@link dev.wasm2jar.error.MalformedException} for malformed text (and
     * {@link dev.wasm2jar.error.UnsupportedFeatureException} for text of unsupported proposals).
     */
    public byte[] toBinary() {
        return switch (kind) {
            case BINARY -> bytes.clone();
            case QUOTE -> WatParser.parseModule(bytes);
            case TEXT -> WatParser.encodeFields(text, firstField, name);
        };
    }

    /** The module as written: the text of a text module or of a quote, null for a binary module. */
    public String source() {
        return switch (kind) {
            case BINARY -> null;
            case QUOTE -> new String(bytes, StandardCharsets.UTF_8);
            case TEXT -> text.start() < 0 ? new String(source, StandardCharsets.UTF_8)
                    : new String(source, text.start(), text.end() - text.start(), StandardCharsets.UTF_8);
        };
    }

    @Override
    public String toString() {
        return "module" + (name != null ? " $" + name : "") + " (" + kind.name().toLowerCase() + ", line " + line + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WastModule m && m.line == line && m.kind == kind && java.util.Objects.equals(m.name, name)
                && Arrays.equals(m.bytes, bytes) && m.text == text;
    }

    @Override
    public int hashCode() {
        return line * 31 + kind.hashCode();
    }
}
