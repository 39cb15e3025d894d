package dev.wasm2jar.runtime.embed;

import dev.wasm2jar.runtime.FunctionType;
import dev.wasm2jar.runtime.Global;
import dev.wasm2jar.runtime.Instance;
import dev.wasm2jar.runtime.Memory;
import dev.wasm2jar.runtime.Table;
import dev.wasm2jar.runtime.Trap;
import dev.wasm2jar.runtime.TrapKind;
import dev.wasm2jar.runtime.ValueType;
import dev.wasm2jar.runtime.WasmFunction;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.IntUnaryOperator;

import static org.junit.jupiter.api.Assertions.*;

class ImportsAndMemoryTest {
    @Test
    void importsResolveEntriesThenInstancesThenResolvers() {
        Memory memory = new Memory(1, -1);
        Global g = Global.ofI32(5, true);
        Table table = new Table(ValueType.FUNCREF, 2, -1, null);
        WasmFunction inc = HostFunctions.of("inc", (IntUnaryOperator) x -> x + 1);
        Instance other = new FakeInstance(Map.of("shared", memory, "inc", inc));
        Imports imports = Imports.builder()
                .memory("env", "memory", memory)
                .global("env", "g", g)
                .table("env", "table", table)
                .function("env", "inc", inc)
                .instance("other", other)
                .add((m, n) -> m.equals("fallback") ? inc : null)
                .build();
        assertSame(memory, imports.resolve("env", "memory"));
        assertSame(g, imports.resolve("env", "g"));
        assertSame(table, imports.resolve("env", "table"));
        assertSame(inc, imports.resolve("env", "inc"));
        assertSame(memory, imports.resolve("other", "shared"));
        assertSame(inc, imports.resolve("fallback", "anything"));
        assertNull(imports.resolve("env", "missing"));
        assertNull(imports.resolve("nowhere", "memory"));
        assertThrows(IllegalArgumentException.class, () -> Imports.builder().memory("a", "b", memory).memory("a", "b", memory));
    }

    @Test
    void exportsByKind() {
        Memory memory = new Memory(1, -1);
        WasmFunction inc = HostFunctions.of("inc", (IntUnaryOperator) x -> x + 1);
        Exports ex = Exports.of(new FakeInstance(Map.of("memory", memory, "inc", inc)));
        assertSame(memory, ex.memory("memory"));
        assertSame(inc, ex.function("inc"));
        assertEquals(8, ex.function("inc", IntUnaryOperator.class).applyAsInt(7));
        NoSuchElementException e = assertThrows(NoSuchElementException.class, () -> ex.function("memory"));
        assertTrue(e.getMessage().contains("not a function"), e.getMessage());
        e = assertThrows(NoSuchElementException.class, () -> ex.global("nope"));
        assertTrue(e.getMessage().contains("no export named 'nope'"), e.getMessage());
    }

    @Test
    void memoryHelpers() {
        Memory m = new Memory(1, -1);
        Memories.writeDouble(m, 8, 2.5);
        assertEquals(2.5, Memories.readDouble(m, 8));
        Memories.writeFloat(m, 16, -1.25f);
        assertEquals(-1.25f, Memories.readFloat(m, 16));
        m.writeShort(20, (short) -2);
        assertEquals((short) -2, Memories.readShort(m, 20));
        int n = Memories.writeUtf8(m, 100, "héllo");
        assertEquals(6, n);
        assertEquals("héllo", Memories.readUtf8(m, 100, n));
        assertEquals(7, Memories.writeCString(m, 200, "héllo"));
        assertEquals("héllo", Memories.readCString(m, 200));
        assertEquals(6, Memories.utf8Length("héllo"));
        assertEquals(TrapKind.OUT_OF_BOUNDS_MEMORY_ACCESS, assertThrows(Trap.class, () -> Memories.readDouble(m, 65530)).kind());
        assertEquals(TrapKind.OUT_OF_BOUNDS_MEMORY_ACCESS, assertThrows(Trap.class, () -> Memories.writeUtf8(m, -1, "x")).kind());
        m.writeByte(65535, (byte) 'x');
        assertThrows(Trap.class, () -> Memories.readCString(m, 65535));
    }

    @Test
    void globalSetters() {
        Global g = Global.ofF64(1, true);
        Globals.setF64(g, 2.5);
        assertEquals(2.5, g.getF64());
        assertThrows(IllegalArgumentException.class, () -> Globals.setI32(g, 1));
        assertThrows(IllegalStateException.class, () -> Globals.setI64(Global.ofI64(1, false), 2));
        Global r = Global.ofRef(ValueType.FUNCREF, null, true);
        assertThrows(IllegalArgumentException.class, () -> Globals.setRef(r, "not a function"));
    }

    @Test
    void backtracesLookIntoCauses() {
        Trap bare = new Trap(TrapKind.UNREACHABLE);
        assertEquals(List.of(), Traps.backtrace(bare));
        assertTrue(Traps.describe(bare, 5).startsWith("wasm trap: unreachable"));
        Throwable guest = new ArithmeticException("/ by zero");
        guest.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("m.Mod$Code0", "f3_div", null, -1),
                new StackTraceElement("m.Mod$Code0", "f4", null, -1)});
        Trap t = new Trap(TrapKind.INTEGER_DIVIDE_BY_ZERO, null, guest);
        assertEquals("[div, func[4]]", Traps.backtrace(t).toString());
        assertTrue(Traps.describe(t, 1).contains("at div (func 3)"), Traps.describe(t, 1));
    }

    @Test
    void functionTypeOfJavaMethods() {
        assertEquals(FunctionType.of(new ValueType[] {ValueType.FUNCREF}, ValueType.EXTERNREF),
                HostFunctions.typeOf(java.lang.invoke.MethodType.methodType(String.class, WasmFunction.class), "f"));
    }

    /** An instance with fixed exports, standing in for a generated one. */
    record FakeInstance(Map<String, Object> exports) implements Instance {
        @Override
        public Object export(String name) {
            return exports.get(name);
        }

        @Override
        public List<String> exportNames() {
            return List.copyOf(exports.keySet());
        }
    }
}
