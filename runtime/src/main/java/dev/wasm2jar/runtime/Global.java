package dev.wasm2jar.runtime;

/**
 * A global shared across module boundaries (imported or exported). Numbers are kept as raw bits in
 * {@link #bits} (i32 and f32 in the low 32 bits; floats by their raw IEEE bits, so NaN payloads
 * survive); references in {@link #ref}. Globals used only inside one module are plain fields of its
 * instance instead.
 */
public final class Global {
    public final ValueType type;
    public final boolean mutable;
    public long bits;
    /** v128 only: bytes 8-15 (bytes 0-7 are in {@link #bits}). */
    public long hi;
    public Object ref;

    public Global(ValueType type, boolean mutable) {
        this.type = type;
        this.mutable = mutable;
    }

    public static Global ofI32(int v, boolean mutable) {
        Global g = new Global(ValueType.I32, mutable);
        g.bits = v;
        return g;
    }

    public static Global ofI64(long v, boolean mutable) {
        Global g = new Global(ValueType.I64, mutable);
        g.bits = v;
        return g;
    }

    public static Global ofF32(float v, boolean mutable) {
        Global g = new Global(ValueType.F32, mutable);
        g.bits = Float.floatToRawIntBits(v);
        return g;
    }

    public static Global ofF64(double v, boolean mutable) {
        Global g = new Global(ValueType.F64, mutable);
        g.bits = Double.doubleToRawLongBits(v);
        return g;
    }

    public static Global ofRef(ValueType type, Object v, boolean mutable) {
        Global g = new Global(type, mutable);
        g.ref = v;
        return g;
    }

    public int getI32() { return (int) bits; }
    public long getI64() { return bits; }
    public float getF32() { return Float.intBitsToFloat((int) bits); }
    public double getF64() { return Double.longBitsToDouble(bits); }

    /** The value boxed as Integer, Long, Float, Double, or the reference. */
    public Object getValue() {
        switch (type) {
            case I32: return getI32();
            case I64: return getI64();
            case F32: return getF32();
            case F64: return getF64();
            case V128: return new V128(bits, hi);
            default: return ref;
        }
    }

    @Override
    public String toString() {
        return "global " + (mutable ? "mut " : "") + type + " = " + getValue();
    }
}
