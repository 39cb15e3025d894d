package dev.wasm2jar.text;

import dev.wasm2jar.model.Opcode;

import java.util.EnumMap;
import java.util.Map;

/**
 * Facts about instruction immediates that the mnemonic alone determines: the natural alignment of
 * memory instructions (the default of {@code align=}, spec 6.5.7) and the lane shapes of
 * {@code v128.const} (spec 6.5.8).
 */
final class Immediates {
    private Immediates() {
    }

    private static final Map<Opcode, Integer> NATURAL_ALIGN = new EnumMap<>(Opcode.class);

    static {
        for (Opcode op : Opcode.values()) {
            if (op.imm == Opcode.Imm.MEMARG || op.imm == Opcode.Imm.MEMARG_LANE) NATURAL_ALIGN.put(op, computeAlign(op.mnemonic));
        }
    }

    /** log2 of the access width in bytes of a load, store or atomic instruction. */
    static int naturalAlignLog2(Opcode op) {
        return NATURAL_ALIGN.get(op);
    }

    private static int computeAlign(String m) {
        int dot = m.indexOf('.');
        String type = m.substring(0, dot);
        String rest = m.substring(dot + 1);
        if (m.startsWith("memory.atomic.")) return rest.endsWith("wait64") ? 3 : 2;
        if (type.equals("v128")) {
            if (rest.equals("load") || rest.equals("store")) return 4;
            if (rest.matches("load\\d+x\\d+_[su]")) return 3;
            return log2Bytes(leadingBits(rest.replaceFirst("^(load|store)", "")));
        }
        if (rest.startsWith("atomic.")) rest = rest.substring(7);
        String digits = rest.replaceFirst("^(load|store|rmw)", "");
        int bits = leadingBits(digits);
        if (bits == 0) bits = type.endsWith("64") ? 64 : 32;
        return log2Bytes(bits);
    }

    private static int leadingBits(String s) {
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
        return i == 0 ? 0 : Integer.parseInt(s.substring(0, i));
    }

    private static int log2Bytes(int bits) {
        return Integer.numberOfTrailingZeros(bits / 8);
    }

    /** A {@code v128.const} lane shape: number of lanes and bits per lane; floats for f32x4/f64x2. */
    record Shape(int lanes, int bits, boolean isFloat) {
    }

    static Shape shape(String keyword) {
        return switch (keyword) {
            case "i8x16" -> new Shape(16, 8, false);
            case "i16x8" -> new Shape(8, 16, false);
            case "i32x4" -> new Shape(4, 32, false);
            case "i64x2" -> new Shape(2, 64, false);
            case "f32x4" -> new Shape(4, 32, true);
            case "f64x2" -> new Shape(2, 64, true);
            default -> null;
        };
    }
}
