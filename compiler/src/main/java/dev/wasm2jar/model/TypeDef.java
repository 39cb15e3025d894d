package dev.wasm2jar.model;

/**
 * One entry of the type section (spec section 2.3.10): a composite type with its subtyping
 * declaration. {@code recGroupStart}/{@code recGroupSize} locate the recursion group it belongs
 * to (a type outside any {@code rec} is its own group of one). WebAssembly 2.0 types are final
 * function types with no supertypes, each in its own group.
 */
public record TypeDef(CompositeType type, boolean isFinal, int[] supertypes, int recGroupStart, int recGroupSize) {
    public static TypeDef plain(CompositeType type, int index) {
        return new TypeDef(type, true, new int[0], index, 1);
    }

    public boolean isFunc() {
        return type instanceof FuncType;
    }
}
