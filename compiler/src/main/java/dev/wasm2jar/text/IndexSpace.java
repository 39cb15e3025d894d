package dev.wasm2jar.text;

import java.util.HashMap;
import java.util.Map;

/**
 * One index space of a module or function (spec 6.6.1, identifier contexts): how many entries it
 * has and which symbolic identifiers name them.
 */
final class IndexSpace {
    final String kind;
    private final Map<String, Integer> ids = new HashMap<>();
    private int count;

    IndexSpace(String kind) {
        this.kind = kind;
    }

    int count() {
        return count;
    }

    /** Adds an entry, named by {@code id} if not null; a name may be bound only once. */
    int add(String id, SExpr at) {
        if (id != null) {
            if (ids.containsKey(id)) throw Cursor.error(at, "duplicate " + kind + " $" + id);
            ids.put(id, count);
        }
        return count++;
    }

    /** Adds {@code n} unnamed entries. */
    void addAnonymous(int n) {
        count += n;
    }

    Integer lookup(String id) {
        return ids.get(id);
    }

    /** The id of entry {@code index}, or null (linear: for names sections and messages only). */
    String nameOf(int index) {
        for (Map.Entry<String, Integer> e : ids.entrySet()) if (e.getValue() == index) return e.getKey();
        return null;
    }

    Map<String, Integer> ids() {
        return ids;
    }

    /** Resolves an index token: a {@code $id} bound here, or a u32 literal (kept as is, even if out of range). */
    int resolve(SExpr e) {
        if (e instanceof Token t) {
            if (t.kind() == Token.Kind.ID) {
                Integer i = ids.get(t.text());
                if (i == null) throw Cursor.error(t, "unknown " + kind + " $" + t.text());
                return i;
            }
            if (t.kind() == Token.Kind.NAT) return u32(t);
        }
        throw Cursor.unexpected(e);
    }

    static int u32(Token t) {
        try {
            return (int) NumberLiterals.unsigned(t.text(), 32);
        } catch (NumberLiterals.OutOfRange x) {
            throw Cursor.error(t, "i32 constant out of range");
        }
    }
}
