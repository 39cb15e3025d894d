package dev.wasm2jar.model;

/** The kinds of external values, with their binary encoding (spec section 5.5.5). */
public enum ExternKind {
    FUNC(0), TABLE(1), MEMORY(2), GLOBAL(3), TAG(4);

    public final int code;

    ExternKind(int code) {
        this.code = code;
    }

    public static ExternKind of(int code) {
        for (ExternKind k : values()) if (k.code == code) return k;
        return null;
    }

    /** Text-format keyword. */
    public String keyword() {
        return name().toLowerCase();
    }
}
