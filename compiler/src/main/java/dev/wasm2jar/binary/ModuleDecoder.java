package dev.wasm2jar.binary;

import dev.wasm2jar.error.MalformedException;
import dev.wasm2jar.model.ArrayType;
import dev.wasm2jar.model.CompositeType;
import dev.wasm2jar.model.ConstExpr;
import dev.wasm2jar.model.CustomSection;
import dev.wasm2jar.model.DataSegment;
import dev.wasm2jar.model.ElementSegment;
import dev.wasm2jar.model.Export;
import dev.wasm2jar.model.ExternKind;
import dev.wasm2jar.model.FieldType;
import dev.wasm2jar.model.FuncImportType;
import dev.wasm2jar.model.FuncType;
import dev.wasm2jar.model.FunctionBody;
import dev.wasm2jar.model.Global;
import dev.wasm2jar.model.GlobalType;
import dev.wasm2jar.model.Import;
import dev.wasm2jar.model.Instruction;
import dev.wasm2jar.model.Limits;
import dev.wasm2jar.model.MemoryType;
import dev.wasm2jar.model.Module;
import dev.wasm2jar.model.Opcode;
import dev.wasm2jar.model.SegmentMode;
import dev.wasm2jar.model.StructType;
import dev.wasm2jar.model.Table;
import dev.wasm2jar.model.TableType;
import dev.wasm2jar.model.Tag;
import dev.wasm2jar.model.TagType;
import dev.wasm2jar.model.TypeDef;
import dev.wasm2jar.model.ValType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes a binary module (spec chapter 5, WebAssembly 3.0) into a {@link Module}. Only the binary
 * grammar is checked here; everything else is the validator's job. Function bodies and constant
 * expressions are not copied: they are slices of the input buffer, which the caller must not change
 * afterwards.
 *
 * <p>Like the reference interpreter (whose error messages the spec testsuite expects), the contents
 * of a section are read from the module's bytes with the section size checked afterwards ("section
 * size mismatch"), so a section whose entries overrun it fails the way the testsuite says.
 */
public final class ModuleDecoder {
    private static final int MAGIC = 0x6D736100; // "\0asm" little-endian
    private static final int VERSION = 1;

    // Section ids (section 5.5.2).
    private static final int CUSTOM = 0, TYPE = 1, IMPORT = 2, FUNCTION = 3, TABLE = 4, MEMORY = 5, GLOBAL = 6,
            EXPORT = 7, START = 8, ELEMENT = 9, CODE = 10, DATA = 11, DATA_COUNT = 12, TAG = 13;

    /** Position of each section id in the required order: tag between memory and global, data count before code. */
    private static final int[] ORDER = {0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 11, 6};

    private final byte[] bytes;
    private final WasmReader in;
    private final boolean customPageSizes;
    private final Module module = new Module();
    /** Whether some function body uses a data index, which requires the data count section (5.5.16). */
    private boolean codeUsesDataIndex;

    private ModuleDecoder(byte[] bytes, boolean customPageSizes) {
        this.bytes = bytes;
        this.in = new WasmReader(bytes, 0, bytes.length);
        in.deferUnsupported();
        this.customPageSizes = customPageSizes;
    }

    /** Decodes a WebAssembly 3.0 module (plus threads' shared memories and the legacy exception instructions). */
    public static Module decode(byte[] bytes) {
        return decode(bytes, false);
    }

    /**
     * As {@link #decode(byte[])}; {@code customPageSizes} also accepts the custom-page-sizes
     * proposal's memory limits flag 0x08. It is off by default because the core testsuite
     * (binary.wast) requires that flag to be "malformed limits flags".
     */
    public static Module decode(byte[] bytes, boolean customPageSizes) {
        return new ModuleDecoder(bytes, customPageSizes).module();
    }

    private Module module() {
        header();
        int lastOrder = 0;
        int lastId = 0;
        while (!in.atEnd()) {
            int sectionStart = in.position();
            int id = in.u8();
            if (id > TAG) throw in.malformed("malformed section id", sectionStart);
            if (id != CUSTOM) {
                // A repeated or out-of-order section: the reference interpreter stops at it.
                if (ORDER[id] <= lastOrder) throw in.malformed("unexpected content after last section", sectionStart);
                lastOrder = ORDER[id];
            }
            int size = in.length();
            int start = in.position();
            int end = start + size;
            switch (id) {
                case CUSTOM: customSection(sectionStart, end, lastId); break;
                case TYPE: typeSection(); break;
                case IMPORT: importSection(); break;
                case FUNCTION: functionSection(); break;
                case TABLE: tableSection(); break;
                case MEMORY: memorySection(); break;
                case GLOBAL: globalSection(); break;
                case EXPORT: exportSection(); break;
                case START: module.start = in.index(); break;
                case ELEMENT: elementSection(); break;
                case CODE: codeSection(); break;
                case DATA: dataSection(); break;
                case DATA_COUNT: module.dataCount = in.index(); break;
                case TAG: tagSection(); break;
                default: throw new AssertionError(id);
            }
            if (in.position() != end) throw in.malformed("section size mismatch", start);
            if (id != CUSTOM) lastId = id;
        }
        int eof = bytes.length;
        if (module.functions.size() != module.codes.size()) {
            throw in.malformed("function and code section have inconsistent lengths", eof);
        }
        if (module.dataCount >= 0 && module.dataCount != module.data.size()) {
            throw in.malformed("data count and data section have inconsistent lengths", eof);
        }
        if (module.dataCount < 0 && codeUsesDataIndex) throw in.malformed("data count section required", eof);
        if (in.deferred() != null) throw in.deferred();
        return module;
    }

    /** Magic and version (section 5.5.16). */
    private void header() {
        if (bytes.length < 4) throw in.malformed("unexpected end", bytes.length);
        if (word(0) != MAGIC) throw in.malformed("magic header not detected", 0);
        if (bytes.length < 8) throw in.malformed("unexpected end", bytes.length);
        if (word(4) != VERSION) throw in.malformed("unknown binary version", 4);
        in.position(8);
    }

    private int word(int at) {
        return (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8 | (bytes[at + 2] & 0xFF) << 16 | (bytes[at + 3] & 0xFF) << 24;
    }

    // ---- custom sections (5.5.3) ----

    private void customSection(int sectionStart, int end, int afterSection) {
        int nameAt = in.position();
        int n = in.length();
        int nameStart = in.position();
        // In the order of the reference interpreter: the name within the input, its UTF-8, then the
        // name and the section within the input (the section size may reach past it: see length()).
        if (n > bytes.length - nameStart) throw in.malformed(WasmReader.UNEXPECTED_END, bytes.length);
        String name = WasmReader.utf8(bytes, nameStart, n, nameAt);
        if (nameStart + n > end || end > bytes.length) throw in.malformed(WasmReader.UNEXPECTED_END, nameAt);
        in.position(nameStart + n);
        byte[] content = in.bytes(end - in.position());
        module.customSections.add(new CustomSection(name, content, afterSection, sectionStart));
        if (name.equals("name")) NameSection.parse(bytes, end - content.length, end, module.names);
    }

    // ---- types (5.5.4, 5.3.6-5.3.8) ----

    private void typeSection() {
        int count = in.length();
        for (int i = 0; i < count; i++) {
            if (in.peek() == 0x4E) { // rec: a recursion group
                in.u8();
                int n = in.length();
                int groupStart = module.types.size();
                List<TypeDef> group = new ArrayList<>();
                for (int k = 0; k < n; k++) group.add(subType(groupStart, n));
                module.types.addAll(group);
            } else {
                module.types.add(subType(module.types.size(), 1));
            }
        }
    }

    private TypeDef subType(int groupStart, int groupSize) {
        int at = in.position();
        int form = typeForm();
        if (form == 0x50 || form == 0x4F) { // sub, sub final
            int n = in.length();
            int[] supertypes = new int[n];
            for (int k = 0; k < n; k++) supertypes[k] = in.index();
            return new TypeDef(compositeType(in.position(), typeForm()), form == 0x4F, supertypes, groupStart, groupSize);
        }
        return new TypeDef(compositeType(at, form), true, new int[0], groupStart, groupSize);
    }

    /** A type constructor byte; the reference interpreter reads it as an s7, hence the LEB error. */
    private int typeForm() {
        int b = in.u8();
        if ((b & 0x80) != 0) throw in.malformed("integer representation too long");
        return b;
    }

    private CompositeType compositeType(int at, int form) {
        if (form == 0x4C || form == 0x4D) return descriptorClauses(at, form);
        switch (form) {
            case 0x60: return new FuncType(valTypes(), valTypes());
            case 0x5F: {
                int n = in.length();
                List<FieldType> fields = new ArrayList<>();
                for (int k = 0; k < n; k++) fields.add(fieldType());
                return new StructType(List.copyOf(fields));
            }
            case 0x5E: return new ArrayType(fieldType());
            default: throw in.malformed("malformed type", at);
        }
    }

    /**
     * The custom-descriptors proposal's {@code describes} (0x4C) and {@code descriptor} (0x4D)
     * clauses before a composite type, in that order and at most once each: well-formed, they are
     * that unsupported proposal (reported once the whole module is decoded, the type read without
     * them meanwhile); repeated or out of order, malformed.
     */
    private CompositeType descriptorClauses(int at, int form) {
        if (form == 0x4C) {
            in.index();
            form = typeForm();
        }
        if (form == 0x4D) {
            in.index();
            form = typeForm();
        }
        if (form == 0x4C || form == 0x4D) throw in.malformed("malformed definition type", at);
        in.unsupported("custom-descriptors", "descriptor or describes clause in a type definition", at);
        return compositeType(in.position(), form);
    }

    private List<ValType> valTypes() {
        int n = in.length();
        List<ValType> out = new ArrayList<>();
        for (int k = 0; k < n; k++) out.add(in.valType());
        return out;
    }

    private FieldType fieldType() {
        int b = in.peek();
        ValType storage = null;
        int packed = 0;
        if (b == 0x78) {
            in.u8();
            packed = 8;
        } else if (b == 0x77) {
            in.u8();
            packed = 16;
        } else {
            storage = in.valType();
        }
        return new FieldType(storage, packed, mutability());
    }

    private boolean mutability() {
        int at = in.position();
        int m = in.u8();
        if (m > 1) throw in.malformed("malformed mutability", at);
        return m == 1;
    }

    // ---- imports (5.5.5) ----

    private void importSection() {
        int count = in.length();
        for (int i = 0; i < count; i++) {
            int at = in.position();
            String moduleName = in.name();
            String name = in.name();
            int kindAt = in.position();
            int kind = in.u8();
            switch (kind) {
                case 0x00: module.addImport(new Import(moduleName, name, new FuncImportType(in.index()), at)); break;
                case 0x01: module.addImport(new Import(moduleName, name, tableType(), at)); break;
                case 0x02: module.addImport(new Import(moduleName, name, new MemoryType(limits(true)), at)); break;
                case 0x03: module.addImport(new Import(moduleName, name, globalType(), at)); break;
                case 0x04: module.addImport(new Import(moduleName, name, new TagType(tagTypeIndex()), at)); break;
                case 0x20: // custom-descriptors: an exact function import (read as a plain one, reported at the end)
                    in.unsupported("custom-descriptors", "exact function import", kindAt);
                    module.addImport(new Import(moduleName, name, new FuncImportType(in.index()), at));
                    break;
                default: throw in.malformed("malformed import kind", kindAt);
            }
        }
    }

    private TableType tableType() {
        ValType elem = in.refType();
        return new TableType(elem, limits(false));
    }

    private GlobalType globalType() {
        ValType t = in.valType();
        return new GlobalType(t, mutability());
    }

    /** tagtype (5.3.12): attribute 0 (exception), then the index of its function type. */
    private int tagTypeIndex() {
        int at = in.position();
        if (in.u8() != 0) throw in.malformed("malformed tag attribute", at);
        return in.index();
    }

    /**
     * Limits with their flags byte (5.3.10-5.3.11): bit 0 a maximum follows, bit 1 shared (threads,
     * memories only), bit 2 64-bit addresses, bit 3 a page size follows (custom-page-sizes, memories
     * only, when enabled). Bounds are u64 for both address types; the validator checks their range.
     */
    private Limits limits(boolean memory) {
        int at = in.position();
        int flags = in.u8();
        int allowed = memory ? (customPageSizes ? 0x0F : 0x07) : 0x05;
        if ((flags & ~allowed) != 0) throw in.malformed("malformed limits flags", at);
        long min = bound(in.u64());
        long max = (flags & 1) != 0 ? bound(in.u64()) : -1;
        int pageSizeLog2 = 16;
        if ((flags & 8) != 0) {
            int pAt = in.position();
            long p = in.u32() & 0xFFFFFFFFL;
            if (p > 64) throw in.malformed("invalid custom page size", pAt); // 2^p bytes must fit a u64
            pageSizeLog2 = (int) p;
        }
        return new Limits(min, max, (flags & 4) != 0, (flags & 2) != 0, pageSizeLog2);
    }

    /**
     * A u64 bound ≥ 2^63 becomes Long.MAX_VALUE: it exceeds every valid bound either way, and must
     * not turn negative (a negative maximum would read as "no maximum").
     */
    private static long bound(long v) {
        return v < 0 ? Long.MAX_VALUE : v;
    }

    // ---- functions, tables, memories, globals, exports, tags (5.5.6-5.5.10, 5.5.17) ----

    private void functionSection() {
        int count = in.length();
        for (int i = 0; i < count; i++) module.functions.add(in.index());
    }

    /** table (5.5.7): a table type, or (3.0) {@code 0x40 0x00} table type and an initializer expression. */
    private void tableSection() {
        int count = in.length();
        for (int i = 0; i < count; i++) {
            if (in.peek() == 0x40) {
                in.u8();
                int at = in.position();
                if (in.u8() != 0) throw in.malformed("zero byte expected", at);
                TableType type = tableType();
                module.tables.add(new Table(type, constExpr()));
            } else {
                module.tables.add(new Table(tableType(), null));
            }
        }
    }

    private void memorySection() {
        int count = in.length();
        for (int i = 0; i < count; i++) module.memories.add(new MemoryType(limits(true)));
    }

    private void globalSection() {
        int count = in.length();
        for (int i = 0; i < count; i++) {
            GlobalType type = globalType();
            module.globals.add(new Global(type, constExpr()));
        }
    }

    private void exportSection() {
        int count = in.length();
        for (int i = 0; i < count; i++) {
            int at = in.position();
            String name = in.name();
            int kindAt = in.position();
            ExternKind kind = ExternKind.of(in.u8());
            if (kind == null) throw in.malformed("malformed export kind", kindAt);
            module.exports.add(new Export(name, kind, in.index(), at));
        }
    }

    private void tagSection() {
        int count = in.length();
        for (int i = 0; i < count; i++) module.tags.add(new Tag(tagTypeIndex()));
    }

    // ---- element segments (5.5.12) ----

    /**
     * The 8 encodings: bit 0 passive or declarative (else active), bit 1 declarative when passive,
     * explicit table index when active, bit 2 element expressions instead of function indices.
     */
    private void elementSection() {
        int count = in.length();
        for (int i = 0; i < count; i++) {
            int at = in.position();
            int flags = in.u32();
            if (flags < 0 || flags > 7) throw in.malformed("malformed elements segment kind", at);
            boolean exprs = (flags & 4) != 0;
            SegmentMode mode = (flags & 1) == 0 ? SegmentMode.ACTIVE
                    : (flags & 2) == 0 ? SegmentMode.PASSIVE : SegmentMode.DECLARATIVE;
            int table = -1;
            ConstExpr offset = null;
            if (mode == SegmentMode.ACTIVE) {
                table = (flags & 2) != 0 ? in.index() : 0;
                offset = constExpr();
            }
            ValType type;
            if ((flags & 3) == 0) {
                // Encodings 0 and 4 have no type: (ref func) for function indices, funcref for expressions.
                type = exprs ? ValType.FUNCREF : ValType.ref(false, ValType.HT_FUNC);
            } else if (exprs) {
                type = in.refType();
            } else {
                int kindAt = in.position();
                if (in.u8() != 0x00) throw in.malformed("malformed element kind", kindAt);
                type = ValType.ref(false, ValType.HT_FUNC); // elemkind 0x00: ref.func of each index
            }
            int n = in.length();
            if (exprs) {
                List<ConstExpr> list = new ArrayList<>();
                for (int k = 0; k < n; k++) list.add(constExpr());
                module.elements.add(new ElementSegment(mode, type, table, offset, null, List.copyOf(list), at));
            } else {
                int[] funcs = new int[n];
                for (int k = 0; k < n; k++) funcs[k] = in.index();
                module.elements.add(new ElementSegment(mode, type, table, offset, funcs, null, at));
            }
        }
    }

    // ---- code (5.5.13) ----

    private void codeSection() {
        int count = in.length();
        int firstIndex = module.importedFunctionCount();
        for (int i = 0; i < count; i++) {
            int funcIndex = firstIndex + i;
            try {
                int size = in.length();
                int bodyStart = in.position();
                int bodyEnd = bodyStart + size;
                int localsAt = in.position();
                int groups = in.length();
                ValType[] types = new ValType[groups];
                long[] counts = new long[groups];
                long total = 0;
                for (int g = 0; g < groups; g++) {
                    counts[g] = in.u32() & 0xFFFFFFFFL;
                    types[g] = in.valType();
                    total += counts[g];
                }
                if (total > 0xFFFFFFFFL) throw in.malformed("too many locals", localsAt);
                int codeStart = in.position();
                int codeEnd = scanExpr(codeStart, true);
                if (codeEnd != bodyEnd) throw in.malformed("section size mismatch", bodyStart);
                in.position(codeEnd);
                module.codes.add(new FunctionBody(types, counts, bytes, codeStart, codeEnd));
            } catch (MalformedException e) {
                if (e.functionIndex() >= 0) throw e;
                MalformedException located = new MalformedException(e.reason(), e.offset(), funcIndex, null);
                located.initCause(e);
                throw located;
            }
        }
    }

    // ---- data segments (5.5.14) ----

    private void dataSection() {
        int count = in.length();
        for (int i = 0; i < count; i++) {
            int at = in.position();
            int flags = in.u32();
            SegmentMode mode;
            int memory = -1;
            ConstExpr offset = null;
            switch (flags) {
                case 0: mode = SegmentMode.ACTIVE; memory = 0; offset = constExpr(); break;
                case 1: mode = SegmentMode.PASSIVE; break;
                case 2: mode = SegmentMode.ACTIVE; memory = in.index(); offset = constExpr(); break;
                default: throw in.malformed("malformed data segment kind", at);
            }
            byte[] init = in.bytes(in.length());
            module.data.add(new DataSegment(mode, memory, offset, init, at));
        }
    }

    // ---- expressions (5.4.9) ----

    private ConstExpr constExpr() {
        int start = in.position();
        int end = scanExpr(start, false);
        in.position(end);
        return new ConstExpr(bytes, start, end);
    }

    // Kinds of open blocks while scanning an expression.
    private static final byte PLAIN = 0, IF = 1, IF_ELSE = 2, TRY = 3, TRY_CATCH = 4, TRY_CATCH_ALL = 5;

    /**
     * Reads the instructions of an expression from {@code start} up to and including the {@code end}
     * that closes it, and returns the position after it. Reads on to the end of the module, not of
     * the section or body (whose sizes the caller checks), as the reference interpreter does. Checks
     * the nesting the binary grammar imposes (5.4.1): {@code else} only in an {@code if}, the legacy
     * {@code catch}/{@code catch_all}/{@code delegate} only in a {@code try}.
     */
    private int scanExpr(int start, boolean functionBody) {
        CodeReader r = new CodeReader(bytes, start, bytes.length);
        byte[] open = new byte[16];
        int depth = 0;
        while (true) {
            Instruction insn = r.next();
            switch (insn.op) {
                case BLOCK: case LOOP: case TRY_TABLE: case IF: case TRY:
                    if (depth == open.length) open = Arrays.copyOf(open, depth * 2);
                    open[depth++] = insn.op == Opcode.IF ? IF
                            : insn.op == Opcode.TRY ? TRY : PLAIN;
                    break;
                case ELSE:
                    if (depth == 0 || open[depth - 1] != IF) throw misplaced(insn);
                    open[depth - 1] = IF_ELSE;
                    break;
                case CATCH:
                    if (depth == 0 || (open[depth - 1] != TRY && open[depth - 1] != TRY_CATCH)) throw misplaced(insn);
                    open[depth - 1] = TRY_CATCH;
                    break;
                case CATCH_ALL:
                    if (depth == 0 || (open[depth - 1] != TRY && open[depth - 1] != TRY_CATCH)) throw misplaced(insn);
                    open[depth - 1] = TRY_CATCH_ALL;
                    break;
                case DELEGATE: // closes a try that has no catch clause
                    if (depth == 0 || open[depth - 1] != TRY) throw misplaced(insn);
                    depth--;
                    break;
                case END:
                    if (depth == 0) return r.position();
                    depth--;
                    break;
                case MEMORY_INIT: case DATA_DROP: case ARRAY_NEW_DATA: case ARRAY_INIT_DATA:
                    if (functionBody) codeUsesDataIndex = true;
                    break;
                default:
                    break;
            }
        }
    }

    /** The reference interpreter ends the block at such an opcode and then expects its {@code end}. */
    private MalformedException misplaced(Instruction insn) {
        return in.malformed("END opcode expected", insn.offsetInCode);
    }
}
