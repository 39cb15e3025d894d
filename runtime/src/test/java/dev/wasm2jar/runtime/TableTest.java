package dev.wasm2jar.runtime;

import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import static org.junit.jupiter.api.Assertions.*;

/** Table's call_indirect fast path ({@link Table#ownFunction}) follows every way a table changes. */
class TableTest {
    private static final Object HOME = new Object(), OTHER = new Object();

    private static WasmFunction fn(Object owner, int index) {
        FunctionType t = FunctionType.of(new ValueType[0]);
        return new WasmFunction(t, MethodHandles.constant(Object.class, null).asType(MethodType.methodType(void.class)), owner, index, "f" + index);
    }

    @Test
    void ownFunctionReportsTheHomeInstancesFunctionsThroughEveryChange() {
        Table t = new Table(ValueType.FUNCREF, 4, -1, fn(HOME, 7));
        assertEquals(-1, t.ownFunction(0, HOME), "no home yet");
        t.setHome(HOME);
        assertEquals(7, t.ownFunction(3, HOME));
        assertEquals(-1, t.ownFunction(3, OTHER), "another instance goes the general way");

        t.set(1, fn(OTHER, 9));
        assertEquals(-1, t.ownFunction(1, HOME), "another instance's function");
        t.set(2, null);
        assertEquals(-1, t.ownFunction(2, HOME), "null");
        t.set(2, fn(HOME, 5));
        assertEquals(5, t.ownFunction(2, HOME));

        assertEquals(4, t.grow(100, fn(HOME, 11))); // beyond the capacity: keys grow too
        assertEquals(11, t.ownFunction(103, HOME));
        assertThrows(Trap.class, () -> t.ownFunction(104, HOME), "past the size");
        assertThrows(Trap.class, () -> t.ownFunction(-1, HOME));

        t.fill(10, fn(HOME, 12), 3);
        assertEquals(12, t.ownFunction(12, HOME));
        assertEquals(11, t.ownFunction(13, HOME));

        Table src = new Table(ValueType.FUNCREF, 2, -1, fn(OTHER, 1));
        t.copyFrom(src, 20, 0, 2);
        assertEquals(-1, t.ownFunction(21, HOME));
        t.copyFrom(t, 30, 2, 1);
        assertEquals(5, t.ownFunction(30, HOME));

        t.init(new Object[] {fn(HOME, 3), null}, 40, 0, 2);
        assertEquals(3, t.ownFunction(40, HOME));
        assertEquals(-1, t.ownFunction(41, HOME));
    }
}
