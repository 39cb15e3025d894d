package dev.wasm2jar.text;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Puts the sections of a module together in the order of the binary format (spec 5.5.2), with
 * custom sections placed before or after a standard section (the {@code @custom} annotation's
 * placement) or at the end.
 */
final class Sections {
    /** Standard sections in binary order: text name and section id. */
    static final String[] ORDER = {"type", "import", "func", "table", "memory", "tag", "global", "export",
            "start", "elem", "datacount", "code", "data"};
    private static final int[] IDS = {1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11};

    private record Entry(int slot, int minor, int seq, byte[] bytes) {
    }

    private final List<Entry> entries = new ArrayList<>();

    static int slotOf(String name) {
        for (int i = 0; i < ORDER.length; i++) if (ORDER[i].equals(name)) return i + 1;
        return -1;
    }

    /** A standard section with its content (written only if {@code present}). */
    void standard(String name, ByteWriter content, boolean present) {
        if (!present) return;
        int slot = slotOf(name);
        ByteWriter w = new ByteWriter(content.size() + 6);
        w.u8(IDS[slot - 1]).sized(content);
        entries.add(new Entry(slot, 1, entries.size(), w.toByteArray()));
    }

    /**
     * A custom section placed relative to a standard one: {@code minor} 0 before, 2 after
     * {@code slot} (0 = before all, {@code ORDER.length + 2} = after all).
     */
    void custom(byte[] name, byte[] data, int slot, int minor) {
        ByteWriter content = new ByteWriter(name.length + data.length + 4);
        content.vec(name).bytes(data);
        ByteWriter w = new ByteWriter(content.size() + 6);
        w.u8(0).sized(content);
        entries.add(new Entry(slot, minor, entries.size(), w.toByteArray()));
    }

    void custom(String name, byte[] data, int slot, int minor) {
        custom(name.getBytes(StandardCharsets.UTF_8), data, slot, minor);
    }

    byte[] toBinary() {
        entries.sort(Comparator.comparingInt(Entry::slot).thenComparingInt(Entry::minor).thenComparingInt(Entry::seq));
        ByteWriter w = new ByteWriter(256);
        w.bytes(new byte[] {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00});
        for (Entry e : entries) w.bytes(e.bytes);
        return w.toByteArray();
    }
}
