package dev.wasm2jar.model;

/**
 * A block type (spec section 5.4.1): empty, one value type, or the index of a function type
 * (blocks with parameters or several results). Exactly one form is set.
 */
public record BlockType(ValType valueType, int typeIndex) {
    public static final BlockType EMPTY = new BlockType(null, -1);

    public static BlockType of(ValType t) {
        return new BlockType(t, -1);
    }

    public static BlockType ofType(int typeIndex) {
        return new BlockType(null, typeIndex);
    }

    public boolean isEmpty() {
        return valueType == null && typeIndex < 0;
    }

    /** The block's function type, resolving a type index against {@code module}. */
    public FuncType resolve(Module module) {
        if (typeIndex >= 0) return module.funcType(typeIndex);
        if (valueType == null) return new FuncType(java.util.List.of(), java.util.List.of());
        return new FuncType(java.util.List.of(), java.util.List.of(valueType));
    }
}
