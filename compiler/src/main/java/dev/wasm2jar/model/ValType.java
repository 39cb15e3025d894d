package dev.wasm2jar.model;

/**
 * A value type (spec section 2.3): a number type, {@code v128}, or a reference type.
 *
 * <p>A reference type has a heap type, stored as the binary format's s33 value: negative numbers
 * are the abstract heap types ({@link #HT_FUNC}, {@link #HT_EXTERN}, ...), non-negative ones are
 * type indices of the module. Instances are immutable; compare with {@link #equals}.
 */
public final class ValType {
    public enum Kind { I32, I64, F32, F64, V128, REF }

    // Abstract heap types as s33 values (binary encoding, spec section 5.3.3).
    public static final int HT_NOEXN = -0x0C;    // 0x74
    public static final int HT_NOFUNC = -0x0D;   // 0x73
    public static final int HT_NOEXTERN = -0x0E; // 0x72
    public static final int HT_NONE = -0x0F;     // 0x71
    public static final int HT_FUNC = -0x10;     // 0x70
    public static final int HT_EXTERN = -0x11;   // 0x6F
    public static final int HT_ANY = -0x12;      // 0x6E
    public static final int HT_EQ = -0x13;       // 0x6D
    public static final int HT_I31 = -0x14;      // 0x6C
    public static final int HT_STRUCT = -0x15;   // 0x6B
    public static final int HT_ARRAY = -0x16;    // 0x6A
    public static final int HT_EXN = -0x17;      // 0x69

    public static final ValType I32 = new ValType(Kind.I32, false, 0);
    public static final ValType I64 = new ValType(Kind.I64, false, 0);
    public static final ValType F32 = new ValType(Kind.F32, false, 0);
    public static final ValType F64 = new ValType(Kind.F64, false, 0);
    public static final ValType V128 = new ValType(Kind.V128, false, 0);
    public static final ValType FUNCREF = new ValType(Kind.REF, true, HT_FUNC);
    public static final ValType EXTERNREF = new ValType(Kind.REF, true, HT_EXTERN);
    public static final ValType EXNREF = new ValType(Kind.REF, true, HT_EXN);
    /**
     * Code generator only: the high half of a v128, which generated code carries as two i64 values
     * (the low half is a plain {@link #I64}); distinct from I64 so that drop and select see a v128.
     */
    public static final ValType V128_HIGH = new ValType(Kind.I64, true, 1);

    public final Kind kind;
    /** For references: whether null is a value of this type. */
    public final boolean nullable;
    /** For references: the heap type (negative: abstract, else a type index). */
    public final int heapType;

    private ValType(Kind kind, boolean nullable, int heapType) {
        this.kind = kind;
        this.nullable = nullable;
        this.heapType = heapType;
    }

    /** A reference type {@code (ref null? heapType)}. */
    public static ValType ref(boolean nullable, int heapType) {
        if (nullable && heapType == HT_FUNC) return FUNCREF;
        if (nullable && heapType == HT_EXTERN) return EXTERNREF;
        return new ValType(Kind.REF, nullable, heapType);
    }

    public boolean isNumeric() {
        return kind != Kind.REF && kind != Kind.V128;
    }

    public boolean isRef() {
        return kind == Kind.REF;
    }

    /** True for the two reference types of WebAssembly 2.0: funcref and externref. */
    public boolean isWasm2Ref() {
        return this.equals(FUNCREF) || this.equals(EXTERNREF);
    }

    /** i64 and f64 take two JVM local slots. */
    public boolean isWide() {
        return kind == Kind.I64 || kind == Kind.F64;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ValType v && v.kind == kind && v.nullable == nullable && v.heapType == heapType;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + (nullable ? 17 : 0) + heapType * 7;
    }

    /** Text-format spelling, e.g. {@code i32}, {@code funcref}, {@code (ref null 3)}. */
    @Override
    public String toString() {
        switch (kind) {
            case I32: return "i32";
            case I64: return "i64";
            case F32: return "f32";
            case F64: return "f64";
            case V128: return "v128";
            default:
                if (nullable && heapType < 0) return heapTypeName(heapType) + "ref";
                return "(ref " + (nullable ? "null " : "") + (heapType < 0 ? heapTypeName(heapType) : Integer.toString(heapType)) + ")";
        }
    }

    public static String heapTypeName(int ht) {
        switch (ht) {
            case HT_NOEXN: return "noexn";
            case HT_NOFUNC: return "nofunc";
            case HT_NOEXTERN: return "noextern";
            case HT_NONE: return "none";
            case HT_FUNC: return "func";
            case HT_EXTERN: return "extern";
            case HT_ANY: return "any";
            case HT_EQ: return "eq";
            case HT_I31: return "i31";
            case HT_STRUCT: return "struct";
            case HT_ARRAY: return "array";
            case HT_EXN: return "exn";
            default: return ht >= 0 ? Integer.toString(ht) : "?" + ht;
        }
    }
}
