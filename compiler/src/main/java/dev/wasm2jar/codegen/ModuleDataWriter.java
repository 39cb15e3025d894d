package dev.wasm2jar.codegen;

import dev.wasm2jar.model.ElementSegment;
import dev.wasm2jar.model.Export;
import dev.wasm2jar.model.FuncType;
import dev.wasm2jar.model.Module;
import dev.wasm2jar.model.DataSegment;
import dev.wasm2jar.model.ValType;
import dev.wasm2jar.runtime.ModuleData;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Writes the {@code <ClassName>.data} resource that {@link ModuleData} reads (same format). */
final class ModuleDataWriter {
    private ModuleDataWriter() {
    }

    static byte[] write(ModuleLayout layout) {
        Module m = layout.module;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(ModuleData.MAGIC);
            out.writeInt(ModuleData.VERSION);
            out.writeInt(layout.maxResults);
            out.writeInt(layout.canonicalTypes.size());
            for (FuncType ft : layout.canonicalTypes) {
                out.writeInt(ft.params().size());
                for (ValType v : ft.params()) out.writeByte(JvmType.runtimeType(v).ordinal());
                out.writeInt(ft.results().size());
                for (ValType v : ft.results()) out.writeByte(JvmType.runtimeType(v).ordinal());
            }
            out.writeInt(layout.codeClasses.size());
            for (String c : layout.codeClasses) writeString(out, c.replace('/', '.'));
            out.writeInt(m.functionCount());
            for (int f = 0; f < m.functionCount(); f++) {
                out.writeInt(layout.canonicalType[m.functionTypeIndex(f)]);
                out.writeInt(layout.funcClass[f]);
                writeString(out, f < layout.importedFuncs ? "" : layout.methodName[f]);
                writeString(out, m.functionName(f));
            }
            out.writeInt(m.exports.size());
            for (Export e : m.exports) {
                writeString(out, e.name());
                out.writeByte(switch (e.kind()) {
                    case FUNC -> ModuleData.FUNC;
                    case TABLE -> ModuleData.TABLE;
                    case MEMORY -> ModuleData.MEMORY;
                    case GLOBAL -> ModuleData.GLOBAL;
                    default -> 255;
                });
                out.writeInt(e.index());
            }
            out.writeInt(m.data.size());
            for (DataSegment d : m.data) {
                out.writeInt(d.data().length);
                out.write(d.data());
            }
            out.writeInt(m.elements.size());
            for (ElementSegment e : m.elements) {
                int[] idx = elementIndices(e);
                if (idx == null) {
                    out.writeInt(-1);
                    continue;
                }
                out.writeInt(idx.length);
                for (int i : idx) out.writeInt(i);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A segment's references as function indices (-1 = null) when it has no other expressions, else null. */
    static int[] elementIndices(ElementSegment e) {
        if (e.functionIndices() != null) return e.functionIndices();
        int[] out = new int[e.exprs().size()];
        for (int i = 0; i < out.length; i++) {
            Integer v = ConstExprCompiler.functionIndexOf(e.exprs().get(i));
            if (v == null) return null;
            out[i] = v;
        }
        return out;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }
}
