package dev.wasm2jar.binary;

import dev.wasm2jar.error.MalformedException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static dev.wasm2jar.binary.Bin.b;
import static dev.wasm2jar.binary.Bin.body;
import static dev.wasm2jar.binary.Bin.module;
import static dev.wasm2jar.binary.Bin.name;
import static dev.wasm2jar.binary.Bin.section;
import static dev.wasm2jar.binary.Bin.vec;
import static dev.wasm2jar.binary.Bin.voidType;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Hostile input: randomly mutated and truncated modules must decode or fail with a
 * {@link MalformedException}, never with another exception, and without huge allocations (the
 * test runs with the default heap, so an allocation from a forged count would show as an error).
 */
class MutationRobustnessTest {
    private static final Path SUITE = Paths.get(System.getProperty("wasm2jar.testsuite", "/work/shared/testsuite"));

    @Test
    void mutatedModulesFailOnlyAsMalformed() throws IOException {
        List<byte[]> seeds = seeds();
        // A longer campaign: -Dwasm2jar.mutationRounds=2000000 -Dwasm2jar.mutationSeed=7
        Random random = new Random(Long.getLong("wasm2jar.mutationSeed", 20240617));
        int rounds = Integer.getInteger("wasm2jar.mutationRounds", 60_000);
        int decoded = 0, malformed = 0;
        for (int round = 0; round < rounds; round++) {
            byte[] seed = seeds.get(random.nextInt(seeds.size()));
            byte[] m = mutate(seed, random);
            try {
                ModuleDecoder.decode(m, random.nextBoolean());
                decoded++;
            } catch (MalformedException e) {
                malformed++;
            } catch (RuntimeException | OutOfMemoryError e) {
                fail("internal " + e + " on " + hex(m), e);
            }
        }
        System.out.printf("mutation robustness: %d decoded, %d malformed, from %d seeds%n", decoded, malformed, seeds.size());
    }

    private static byte[] mutate(byte[] seed, Random r) {
        byte[] m = seed.clone();
        int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits && m.length > 8; e++) {
            int at = 8 + r.nextInt(m.length - 8);
            switch (r.nextInt(5)) {
                case 0 -> m[at] = (byte) r.nextInt(256);
                case 1 -> m[at] = (byte) (r.nextBoolean() ? 0xFF : 0x80);
                case 2 -> m = Arrays.copyOf(m, at); // truncate
                case 3 -> { // delete one byte
                    byte[] n = new byte[m.length - 1];
                    System.arraycopy(m, 0, n, 0, at);
                    System.arraycopy(m, at + 1, n, at, m.length - at - 1);
                    m = n;
                }
                default -> { // insert a forged LEB count 2^32-1
                    byte[] leb = b(0xFF, 0xFF, 0xFF, 0xFF, 0x0F);
                    byte[] n = new byte[m.length + leb.length];
                    System.arraycopy(m, 0, n, 0, at);
                    System.arraycopy(leb, 0, n, at, leb.length);
                    System.arraycopy(m, at, n, at + leb.length, m.length - at);
                    m = n;
                }
            }
        }
        return m;
    }

    /** Hand-made modules using most sections, plus the testsuite's valid binary modules if present. */
    private static List<byte[]> seeds() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(module(voidType(),
                section(2, vec(1, name("m"), name("g"), 0x03, 0x7F, 0x00)),
                section(3, vec(1, 0)),
                section(4, vec(1, 0x70, 0x00, 0x01)),
                section(5, vec(1, 0x01, 0x01, 0x02)),
                section(6, vec(1, 0x7E, 0x01, 0x42, 0x07, 0x0B)),
                section(7, vec(1, name("f"), 0x00, 0x00)),
                section(9, vec(2, 0x00, 0x41, 0x00, 0x0B, vec(1, 0x00), 0x05, 0x70, vec(1, 0xD2, 0x00, 0x0B))),
                section(12, 0x01),
                section(10, vec(1, body(vec(1, 0x01, 0x7F), 0x02, 0x40, 0x41, 0x00, 0x04, 0x40, 0x05, 0x0B, 0x0B,
                        0x0E, 0x01, 0x00, 0x00, 0xFC, 0x09, 0x00, 0x0B))),
                section(11, vec(1, 0x01, vec(2, 1, 2))),
                section(0, name("name"), section(1, vec(1, 0x00, name("f"))))));
        seeds.add(module(section(1, vec(2, 0x4E, 2, 0x50, 0, 0x5F, 1, 0x78, 0x01, 0x4F, 1, 0x00, 0x5E, 0x64, 0x00, 0x00,
                0x60, 0, 0)), section(13, vec(1, 0x00, 0x02))));
        if (Files.isDirectory(SUITE)) {
            try (Stream<Path> s = Files.list(SUITE)) {
                for (Path f : s.filter(p -> p.toString().endsWith(".wast")).sorted().toList()) {
                    for (WastBinaryModules.Entry e : WastBinaryModules.read(f)) {
                        if (!e.command().equals("assert_malformed") && e.bytes().length > 8) seeds.add(e.bytes());
                    }
                }
            }
        }
        // More seeds, e.g. the .wasm files wast2json writes: -Dwasm2jar.mutationSeedsDir=DIR
        String dir = System.getProperty("wasm2jar.mutationSeedsDir");
        if (dir != null) {
            try (Stream<Path> s = Files.list(Paths.get(dir))) {
                for (Path p : s.filter(p -> p.toString().endsWith(".wasm")).sorted().toList()) seeds.add(Files.readAllBytes(p));
            }
        }
        return seeds;
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) sb.append(String.format("%02x", x & 0xFF));
        return sb.toString();
    }
}
