package dev.wasm2jar.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Module data embedded as string constants: every byte value survives, and each chunk fits one constant. */
class ModuleDataEmbeddingTest {
    @Test
    void chunksRoundTripAndFitTheConstantPool() throws Exception {
        byte[] data = new byte[300_000];
        new Random(1).nextBytes(data);
        for (int i = 0; i < 256; i++) data[i] = (byte) i;
        List<String> chunks = InstanceClassGenerator.latin1Chunks(data);
        assertTrue(chunks.size() > 3);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (String c : chunks) {
            joined.write(c.getBytes(StandardCharsets.ISO_8859_1));
            // DataOutputStream.writeUTF uses the class file's modified UTF-8 and rejects over 65535 bytes
            new DataOutputStream(new ByteArrayOutputStream()).writeUTF(c);
        }
        assertArrayEquals(data, joined.toByteArray());
    }

    @Test
    void emptyDataIsOneEmptyChunk() {
        assertArrayEquals(new Object[] {""}, InstanceClassGenerator.latin1Chunks(new byte[0]).toArray());
    }
}
