package dev.wasm2jar.runtime;

/**
 * Import matching (spec section 4.5.3 "import subtyping"), called by generated instance
 * constructors for each import in order.
 */
public final class Linker {
    private Linker() {
    }

    private static Object lookup(ImportResolver imports, String module, String name) {
        Object v = imports.resolve(module, name);
        if (v == null) throw linkError("unknown import " + module + "." + name);
        return v;
    }

    private static RuntimeException incompatible(String module, String name, String why) {
        return linkError("incompatible import type for " + module + "." + name + ": " + why);
    }

    /**
     * A {@link LinkException}, typed as its superclass so that verifying this class (at every
     * start-up) does not load LinkException, which only a failing link needs.
     */
    private static RuntimeException linkError(String message) {
        return LinkException.of(message);
    }

    public static WasmFunction function(ImportResolver imports, String module, String name, FunctionType expected) {
        Object v = lookup(imports, module, name);
        if (!(v instanceof WasmFunction f)) throw incompatible(module, name, "expected a function, got " + describe(v));
        if (!f.type().equals(expected)) throw incompatible(module, name, "expected " + expected + ", got " + f.type());
        return f;
    }

    /** Limits match when the actual ones are at least as large and at most as permissive. */
    private static boolean limitsMatch(long actualMin, long actualMax, long min, long max) {
        if (actualMin < min) return false;
        if (max < 0) return true;
        return actualMax >= 0 && actualMax <= max;
    }

    public static Memory memory(ImportResolver imports, String module, String name, long min, long max) {
        Object v = lookup(imports, module, name);
        if (!(v instanceof Memory m)) throw incompatible(module, name, "expected a memory, got " + describe(v));
        if (!limitsMatch(m.pages(), m.declaredMax(), min, max)) {
            throw incompatible(module, name, "memory limits " + m.pages() + ".." + m.declaredMax() + " do not match " + min + ".." + max);
        }
        return m;
    }

    public static Table table(ImportResolver imports, String module, String name, ValueType elemType, long min, long max) {
        Object v = lookup(imports, module, name);
        if (!(v instanceof Table t)) throw incompatible(module, name, "expected a table, got " + describe(v));
        if (t.elemType != elemType) throw incompatible(module, name, "table of " + t.elemType + ", expected " + elemType);
        if (!limitsMatch(t.size(), t.declaredMax(), min, max)) {
            throw incompatible(module, name, "table limits " + t.size() + ".." + t.declaredMax() + " do not match " + min + ".." + max);
        }
        return t;
    }

    public static Global global(ImportResolver imports, String module, String name, ValueType type, boolean mutable) {
        Object v = lookup(imports, module, name);
        if (!(v instanceof Global g)) throw incompatible(module, name, "expected a global, got " + describe(v));
        if (g.type != type || g.mutable != mutable) {
            throw incompatible(module, name, "global " + (g.mutable ? "mut " : "") + g.type + ", expected " + (mutable ? "mut " : "") + type);
        }
        return g;
    }

    public static Tag tag(ImportResolver imports, String module, String name, FunctionType type) {
        Object v = lookup(imports, module, name);
        if (!(v instanceof Tag t)) throw incompatible(module, name, "expected a tag, got " + describe(v));
        if (!t.type.equals(type)) throw incompatible(module, name, "tag " + t.type + ", expected " + type);
        return t;
    }

    private static String describe(Object v) {
        if (v instanceof WasmFunction) return "a function";
        if (v instanceof Memory) return "a memory";
        if (v instanceof Table) return "a table";
        if (v instanceof Global) return "a global";
        if (v instanceof Tag) return "a tag";
        return v.getClass().getSimpleName();
    }
}
