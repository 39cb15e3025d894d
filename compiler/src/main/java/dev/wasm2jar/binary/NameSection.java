package dev.wasm2jar.binary;

import dev.wasm2jar.error.MalformedException;
import dev.wasm2jar.model.Names;

import java.util.Map;

/**
 * Parses the {@code name} custom section (spec appendix 7.4 and the extended-name-section
 * proposal's subsections) into {@link Names}. The section is only a debugging aid: a malformed one
 * is ignored as a whole, never an error of the module (spec 7.4: "the name section ... must not
 * cause validation or decoding failure").
 */
final class NameSection {
    // Subsection ids (appendix 7.4.2 and the extended name section).
    private static final int MODULE = 0, FUNCTIONS = 1, LOCALS = 2, LABELS = 3, TYPES = 4, TABLES = 5,
            MEMORIES = 6, GLOBALS = 7, ELEMENTS = 8, DATA = 9, FIELDS = 10, TAGS = 11;

    private NameSection() {
    }

    /**
     * Reads the section content {@code [start, end)} of {@code bytes} into {@code target}; if the
     * content is malformed, {@code target} is left unchanged and false is returned.
     */
    static boolean parse(byte[] bytes, int start, int end, Names target) {
        Names n = new Names();
        try {
            read(new WasmReader(bytes, start, end), n);
        } catch (MalformedException e) {
            return false;
        }
        if (n.module != null) target.module = n.module;
        target.functions.putAll(n.functions);
        target.locals.putAll(n.locals);
        target.globals.putAll(n.globals);
        target.tables.putAll(n.tables);
        target.memories.putAll(n.memories);
        target.types.putAll(n.types);
        target.data.putAll(n.data);
        target.elements.putAll(n.elements);
        target.tags.putAll(n.tags);
        return true;
    }

    private static void read(WasmReader in, Names n) {
        while (!in.atEnd()) {
            int id = in.u8();
            int size = in.length();
            int end = in.position() + size;
            // length() admits a size up to the bytes left from the LEB's start (as the reference
            // interpreter does), which can reach a few bytes past the limit.
            if (end > in.limit()) throw in.malformed("unexpected end");
            int outer = in.limit(end);
            switch (id) {
                case MODULE: n.module = in.name(); break;
                case FUNCTIONS: nameMap(in, n.functions); break;
                case LOCALS: indirectNameMap(in, n.locals); break;
                case TYPES: nameMap(in, n.types); break;
                case TABLES: nameMap(in, n.tables); break;
                case MEMORIES: nameMap(in, n.memories); break;
                case GLOBALS: nameMap(in, n.globals); break;
                case ELEMENTS: nameMap(in, n.elements); break;
                case DATA: nameMap(in, n.data); break;
                case TAGS: nameMap(in, n.tags); break;
                case LABELS: case FIELDS: // not kept: nothing downstream uses label or field names
                default: in.position(end); break;
            }
            if (in.position() != end) throw in.malformed("name subsection size mismatch");
            in.limit(outer);
        }
    }

    private static void nameMap(WasmReader in, Map<Integer, String> out) {
        int count = in.length();
        for (int i = 0; i < count; i++) {
            int idx = in.index();
            out.put(idx, in.name());
        }
    }

    private static void indirectNameMap(WasmReader in, Map<Integer, Map<Integer, String>> out) {
        int count = in.length();
        for (int i = 0; i < count; i++) {
            int idx = in.index();
            Map<Integer, String> inner = new java.util.HashMap<>();
            nameMap(in, inner);
            out.put(idx, inner);
        }
    }
}
