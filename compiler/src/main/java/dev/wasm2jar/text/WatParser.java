package dev.wasm2jar.text;

import java.nio.charset.StandardCharsets;

/**
 * Text format to binary format (a wat2wasm): parses a module (spec chapter 6) and returns its
 * binary encoding (spec chapter 5). Identifiers and abbreviations are resolved here; what is
 * syntactically fine but invalid (type errors, out-of-range numeric indices) is encoded as written
 * for the validator to reject. Malformed text throws
 * {@link dev.wasm2jar.error.MalformedException} with line:column.
 */
public final class WatParser {
    private WatParser() {
    }

    /** A module given as text: {@code (module $id? field*)} or just its fields (spec 6.6.13). */
    public static byte[] parseModule(String text) {
        return parseModule(text.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] parseModule(byte[] utf8) {
        SList top = SExprReader.read(utf8);
        if (top.size() == 1 && top.get(0) instanceof SList m && m.isHead("module")) return encodeModule(m);
        return encodeFields(top);
    }

    /** Encodes a {@code (module $id? field*)} list. */
    public static byte[] encodeModule(SList module) {
        Cursor c = new Cursor(module, 1);
        String name = c.tryId();
        return new ModuleParser(module, c.position(), name).encode();
    }

    /**
     * Encodes the fields of {@code list} from item {@code firstField} on (a {@code (module ...)} form
     * of a script, or all items of an inline module); {@code name} is the module's identifier or null.
     */
    public static byte[] encodeFields(SList list, int firstField, String name) {
        return new ModuleParser(list, firstField, name).encode();
    }

    /** Encodes a list whose items are all module fields (an inline module). */
    public static byte[] encodeFields(SList fields) {
        return new ModuleParser(fields, 0, null).encode();
    }
}
