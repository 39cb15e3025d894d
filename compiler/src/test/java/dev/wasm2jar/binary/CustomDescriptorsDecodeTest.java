package dev.wasm2jar.binary;

import dev.wasm2jar.error.MalformedException;
import dev.wasm2jar.error.UnsupportedFeatureException;
import org.junit.jupiter.api.Test;

import static dev.wasm2jar.binary.Bin.b;
import static dev.wasm2jar.binary.Bin.cat;
import static dev.wasm2jar.binary.Bin.module;
import static dev.wasm2jar.binary.Bin.name;
import static dev.wasm2jar.binary.Bin.section;
import static dev.wasm2jar.binary.Bin.vec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The custom-descriptors proposal's encodings are an unsupported feature, not malformed; malformations still are. */
class CustomDescriptorsDecodeTest {
    private static void unsupported(byte[] wasm) {
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, () -> ModuleDecoder.decode(wasm));
        assertEquals("custom-descriptors", e.feature());
    }

    /** rec { (descriptor 1) struct, (describes 0) struct }, then {@code extra} types in the same section. */
    private static byte[] pair(int count, Object... extra) {
        return module(section(1, vec(count, cat(b(0x4E, 0x02, 0x4D, 0x01, 0x5F, 0x00, 0x4C, 0x00, 0x5F, 0x00), cat(extra)))));
    }

    @Test
    void descriptorClauses() {
        unsupported(pair(1));
        // repeated clauses are malformed, also after a well-formed type
        assertThrows(MalformedException.class, () -> ModuleDecoder.decode(
                module(section(1, vec(1, b(0x4E, 0x01, 0x4D, 0x01, 0x4D, 0x01, 0x5F, 0x00))))));
        assertThrows(MalformedException.class, () -> ModuleDecoder.decode(pair(2, b(0x4C, 0x00, 0x4C, 0x00, 0x5F, 0x00))));
    }

    @Test
    void exactHeapTypes() {
        // (struct (field (ref exact 0)))
        unsupported(module(section(1, vec(1, b(0x5F, 0x01, 0x64, 0x62, 0x00, 0x00)))));
        // exact without ref / ref null stays malformed
        assertThrows(MalformedException.class, () -> ModuleDecoder.decode(module(section(1, vec(1, b(0x5F, 0x01, 0x62, 0x00, 0x00))))));
    }

    @Test
    void exactFunctionImport() {
        unsupported(module(section(1, vec(1, b(0x60, 0x00, 0x00))), section(2, vec(1, cat(name(""), name(""), b(0x20, 0x00))))));
    }
}
