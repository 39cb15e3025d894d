package dev.wasm2jar.text;

import dev.wasm2jar.error.InvalidException;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Branch hint annotations {@code (@metadata.code.branch_hint "\00")} before an {@code if} or
 * {@code br_if} (branch hinting proposal): collected while functions are encoded, with the offset of
 * the hinted instruction from the start of its function body (the locals), and written as the custom
 * section {@code metadata.code.branch_hint}: per function, a vector of (offset, hint bytes).
 */
final class BranchHints {
    static final String ID = "metadata.code.branch_hint";
    private static final String PREFIX = "@" + ID + " annotation: ";

    /** Annotations by the start of the list they are in, then by the index of the item they precede. */
    private final Map<Integer, Map<Integer, Annotation>> byPosition = new HashMap<>();
    private final TreeMap<Integer, TreeMap<Integer, byte[]>> hints = new TreeMap<>();

    BranchHints(SList module) {
        for (Annotation a : module.annotations()) {
            if (!a.id().equals(ID)) continue;
            if (a.parentStart() == module.start()) throw Cursor.error(a.content(), PREFIX + "not in a function");
            Annotation previous = byPosition.computeIfAbsent(a.parentStart(), k -> new HashMap<>()).put(a.index(), a);
            if (previous != null) throw Cursor.error(a.content(), PREFIX + "duplicate annotation");
        }
    }

    /** The hint before item {@code index} of {@code list}, or null. */
    Annotation at(SList list, int index) {
        if (byPosition.isEmpty()) return null;
        Map<Integer, Annotation> m = byPosition.get(list.start());
        return m == null ? null : m.get(index);
    }

    /** Records {@code hint} for the instruction at {@code offset} of function {@code func}, which must be a branch. */
    void record(Annotation hint, int func, int offset, boolean isBranch) {
        if (func < 0) throw Cursor.error(hint.content(), PREFIX + "not in a function");
        if (!isBranch) {
            throw new InvalidException(PREFIX + "invalid target (at " + hint.content().line() + ":" + hint.content().column() + ")", -1);
        }
        Cursor c = new Cursor(hint.content());
        Token value = c.nextString();
        c.expectEnd();
        hints.computeIfAbsent(func, k -> new TreeMap<>()).put(offset, value.bytes());
    }

    /** The section's contents, or null if there are no hints. */
    byte[] section() {
        if (hints.isEmpty()) return null;
        ByteWriter w = new ByteWriter().u32(hints.size());
        for (Map.Entry<Integer, TreeMap<Integer, byte[]>> f : hints.entrySet()) {
            w.u32(f.getKey()).u32(f.getValue().size());
            for (Map.Entry<Integer, byte[]> h : f.getValue().entrySet()) w.u32(h.getKey()).vec(h.getValue());
        }
        return w.toByteArray();
    }
}
