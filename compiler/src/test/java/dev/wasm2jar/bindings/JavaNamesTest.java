package dev.wasm2jar.bindings;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class JavaNamesTest {
    @Test
    void memberNames() {
        assertEquals("add", JavaNames.memberName("add"));
        assertEquals("fdWrite", JavaNames.memberName("fd_write"));
        assertEquals("fdWrite", JavaNames.memberName("fd-write"));
        assertEquals("fdWrite", JavaNames.memberName("fd.write"));
        assertEquals("wasmCallCtors", JavaNames.memberName("__wasm_call_ctors"));
        assertEquals("start", JavaNames.memberName("_start"));
        assertEquals("getHTTPCode", JavaNames.memberName("getHTTPCode"));
        assertEquals("foo", JavaNames.memberName("Foo"));
        assertEquals("_2d", JavaNames.memberName("2d"));
        assertEquals("new_", JavaNames.memberName("new"));
        assertEquals("true_", JavaNames.memberName("true"));
        assertEquals("wait_", JavaNames.memberName("wait"));
        assertEquals("instance_", JavaNames.memberName("instance"));
        assertEquals("export", JavaNames.memberName("$$"));
        assertEquals("caf", JavaNames.memberName("café"));
    }

    @Test
    void typeNames() {
        assertEquals("Env", JavaNames.typeName("env"));
        assertEquals("WasiSnapshotPreview1", JavaNames.typeName("wasi_snapshot_preview1"));
        assertEquals("HostMath", JavaNames.typeName("host-math"));
        assertEquals("Export", JavaNames.typeName("::"));
    }

    @Test
    void collisionsAreNumberedInOrder() {
        JavaNames n = JavaNames.members();
        assertEquals("getValue", n.allocate("get_value"));
        assertEquals("getValue2", n.allocate("getValue"));
        assertEquals("getValue3", n.allocate("get-value"));
        assertEquals("getValue22", n.allocate("getValue2"));
        JavaNames t = JavaNames.types().reserve("Calc");
        assertEquals("Calc2", t.allocate("calc"));
    }
}
