package dev.wasm2jar.codegen;

import dev.wasm2jar.runtime.Instance;
import dev.wasm2jar.runtime.Memory;
import dev.wasm2jar.runtime.Trap;
import dev.wasm2jar.runtime.TrapKind;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Class partitioning, dispatchers, linking between instances, instantiation order, control-flow corners. */
class CodegenStructureTest {
    @BeforeEach
    void wabt() {
        Assumptions.assumeTrue(Wat.available(), "wat2wasm not installed");
    }

    private static Object call(Instance i, String name, Object... args) {
        Object[] r = i.function(name).call(args);
        return r.length == 0 ? null : r.length == 1 ? r[0] : r;
    }

    @Test
    void manyFunctionsArePartitionedAndDispatchedInChunks() {
        int n = 4500;
        StringBuilder w = new StringBuilder("(module (type $t (func (param i32) (result i32))) (table ").append(n + 1).append(" funcref)\n");
        w.append("(elem (i32.const 0)");
        for (int i = 0; i < n; i++) w.append(" $f").append(i);
        w.append(" $other)\n");
        for (int i = 0; i < n; i++) w.append("(func $f").append(i).append(" (param i32) (result i32) local.get 0 i32.const ").append(i).append(" i32.add)\n");
        w.append("(func $other (param i64) (result i64) local.get 0)\n");
        w.append("(func (export \"ci\") (param i32 i32) (result i32) local.get 1 local.get 0 call_indirect (type $t)))");
        CompiledModule cm = Wat.compile(Wat.toWasm(w.toString()));
        assertTrue(cm.classFiles().containsKey("wasm/Module$Code2"), "expected at least 3 code classes: " + cm.classFiles().keySet());
        Instance i = cm.instantiate(dev.wasm2jar.runtime.ImportResolver.NONE);
        assertEquals(10, call(i, "ci", 0, 10));
        assertEquals(1234 + 5, call(i, "ci", 1234, 5));
        assertEquals(n - 1 + 1, call(i, "ci", n - 1, 1));
        Trap t = assertThrows(Trap.class, () -> call(i, "ci", n, 1));
        assertEquals(TrapKind.INDIRECT_CALL_TYPE_MISMATCH, t.kind());
        t = assertThrows(Trap.class, () -> call(i, "ci", n + 1, 1));
        assertEquals(TrapKind.UNDEFINED_ELEMENT, t.kind());
    }

    @Test
    void thirtyThousandFunctionsOfOneTypeFitTheConstantPools() {
        int n = 30_000;
        StringBuilder w = new StringBuilder("(module (type $t (func (param i32) (result i32))) (table ").append(n).append(" funcref)\n");
        w.append("(elem (i32.const 0)");
        for (int i = 0; i < n; i++) w.append(" $f").append(i);
        w.append(")\n");
        for (int i = 0; i < n; i++) {
            w.append("(func $f").append(i).append(" (param i32) (result i32) local.get 0 i32.const ").append(i)
                    .append(" i32.add call $f").append((i + 1) % n).append(" drop i32.const ").append(i).append(")\n");
        }
        w.append("(func (export \"ci\") (param i32 i32) (result i32) local.get 1 local.get 0 call_indirect (type $t)))");
        CompiledModule cm = Wat.compile(Wat.toWasm(w.toString()));
        long dispatch = cm.classFiles().keySet().stream().filter(k -> k.contains("$Dispatch")).count();
        assertTrue(dispatch >= 2, "dispatch chunks spread over classes: " + dispatch);
        Instance i = cm.instantiate(dev.wasm2jar.runtime.ImportResolver.NONE);
        // f0's body calls f1, f1 calls f2...: recursion would never end; just check dispatch reaches the right method.
        assertThrows(Trap.class, () -> call(i, "ci", 29_999, 1));
    }

    @Test
    void hugeStraightLineFunctionIsSplitIntoJitableMethods() {
        StringBuilder w = new StringBuilder("(module (func $huge (export \"huge\") (result i64) (local i64)\n");
        long expect = 0;
        for (int i = 0; i < 12_000; i++) {
            w.append("local.get 0 i64.const ").append(1_000_000_007L * i).append(" i64.add i64.const 3 i64.mul local.set 0\n");
            expect = (expect + 1_000_000_007L * i) * 3;
        }
        w.append("local.get 0))");
        CompiledModule cm = Wat.compile(Wat.toWasm(w.toString()));
        assertTrue(cm.stats().largestMethodSize() <= 8000, cm.stats().toString());
        assertEquals(1, cm.stats().splitFunctions());
        Instance i = cm.instantiate(dev.wasm2jar.runtime.ImportResolver.NONE);
        assertEquals(expect, call(i, "huge"));
    }

    /**
     * A split part keeps in JVM locals only the locals its own loops touch; the others it reads and
     * writes in the frame. A local read in the part's loop but written outside it must still reach
     * the frame when the part returns (Lua's interpreter found the write lost).
     */
    @Test
    void partWritesOutsideItsLoopReachTheCaller() {
        StringBuilder w = new StringBuilder("(module (func (export \"f\") (param $n i32) (result i32)"
                + " (local $x i32) (local $i i32) (local $acc i64)\n (loop $outer (block $big\n");
        for (int k = 0; k < 1500; k++) {
            // In the part that holds the 300th line: $x written outside the part's loop, read in it.
            if (k == 300) {
                w.append("local.get $x i32.const 1 i32.add local.set $x\n")
                        .append("(loop $l local.get $i local.get $x i32.add local.set $i local.get $i i32.const 1000 i32.lt_u br_if $l)\n");
            }
            w.append("local.get $acc i64.const ").append(k * 7919L).append(" i64.add local.set $acc\n");
        }
        w.append(")\nlocal.get $n i32.const 1 i32.sub local.tee $n br_if $outer)\n")
                .append("local.get $x local.get $acc i32.wrap_i64 i32.const 0 i32.mul i32.add))");
        CompiledModule cm = Wat.compile(Wat.toWasm(w.toString()));
        assertEquals(1, cm.stats().splitFunctions(), cm.stats().toString());
        Instance i = cm.instantiate(dev.wasm2jar.runtime.ImportResolver.NONE);
        assertEquals(25, call(i, "f", 25));
    }

    @Test
    void callIndirectThroughAnotherInstance() {
        Instance a = Wat.instantiate("""
            (module
              (type $t (func (param i32) (result i32 i32)))
              (table (export "tab") 4 funcref)
              (func $dup (export "dup") (param i32) (result i32 i32) local.get 0 local.get 0 i32.const 1 i32.add)
              (elem (i32.const 0) $dup)
              (func (export "ci") (param i32 i32) (result i32) local.get 0 local.get 1 call_indirect (type $t) i32.sub))""");
        Instance b = Wat.instantiate("""
            (module
              (type $t (func (param i32) (result i32 i32)))
              (import "a" "tab" (table 4 funcref))
              (import "a" "dup" (func $dup (type $t)))
              (func $swap (param i32) (result i32 i32) local.get 0 i32.const 10 i32.add local.get 0)
              (func $bad (param i32) (result i32) local.get 0)
              (elem (i32.const 1) $swap $bad $dup)
              (func (export "viaImport") (param i32) (result i32) local.get 0 call $dup i32.add))""",
                (m, n) -> a.export(n));
        assertEquals(-1, call(a, "ci", 5, 0));   // own function: 5 - 6
        assertEquals(10, call(a, "ci", 5, 1));   // b's function through its handle: 15 - 5
        Trap t = assertThrows(Trap.class, () -> call(a, "ci", 5, 2));
        assertEquals(TrapKind.INDIRECT_CALL_TYPE_MISMATCH, t.kind());
        assertEquals(-1, call(a, "ci", 5, 3));   // a's own function, stored by b
        assertEquals(11, call(b, "viaImport", 5));
        assertSame(a.export("dup"), a.export("dup"));
    }

    @Test
    void instantiationKeepsEarlierWritesWhenASegmentTraps() {
        Memory mem = new Memory(1, 1);
        Map<String, Object> env = Map.of("mem", mem);
        Trap t = assertThrows(Trap.class, () -> Wat.instantiate("""
            (module
              (import "env" "mem" (memory 1))
              (data (i32.const 0) "ab")
              (data (i32.const 65535) "cd"))""", (m, n) -> env.get(n)));
        assertEquals(TrapKind.OUT_OF_BOUNDS_MEMORY_ACCESS, t.kind());
        assertEquals('a', mem.bytes[0]);
        t = assertThrows(Trap.class, () -> Wat.instantiate("""
            (module (func $s unreachable) (start $s))"""));
        assertEquals(TrapKind.UNREACHABLE, t.kind());
    }

    @Test
    void controlFlowCorners() {
        Instance i = Wat.instantiate("""
            (module
              (func (export "loopParams") (param i32) (result i32)
                i32.const 0 i32.const 7
                loop (param i32 i32) (result i32)
                  ;; acc, n: acc += n, n--, while n > 0
                  local.set 0 local.get 0 i32.add
                  local.get 0 i32.const 1 i32.sub
                  local.tee 0 i32.const 0 i32.gt_s
                  if (param i32) (result i32) local.get 0 br 1 end
                end)
              (func (export "ifParams") (param i32) (result i32 i32)
                i32.const 3 i32.const 4 local.get 0
                if (param i32 i32) (result i32 i32) i32.add i32.const 1 else i32.mul i32.const 2 end)
              (func (export "brTableValues") (param i32) (result i32)
                i32.const 100
                block (result i32)
                  block (result i32)
                    i32.const 1 i32.const 2 i32.const 3 local.get 0
                    br_table 0 1 2
                  end i32.const 10 i32.add
                end i32.add)
              (func (export "brIfJunk") (param i32) (result i32)
                block (result i32)
                  i32.const 9 i32.const 8 local.get 0 br_if 0 drop
                end)
              (func (export "selectCmp") (param i64 i64) (result i64)
                local.get 0 local.get 1 local.get 0 local.get 1 i64.lt_u select)
              (func (export "eqzChain") (param i32) (result i32)
                local.get 0 i32.const 5 i32.lt_s i32.eqz i32.eqz)
              (func (export "deadCode") (param i32) (result i32)
                block (result i32) local.get 0 br 0 i32.const 1 i32.add unreachable end)
              (func (export "constAddr") (result i32) (memory.grow (i32.const 0)) drop
                i32.const 0 i32.const 77 i32.store offset=4 i32.const 4 i32.load)
              (memory 1)
            )""");
        assertEquals(28, call(i, "loopParams", 0));
        Object[] r = (Object[]) call(i, "ifParams", 1);
        assertEquals(7, r[0]);
        assertEquals(1, r[1]);
        r = (Object[]) call(i, "ifParams", 0);
        assertEquals(12, r[0]);
        assertEquals(2, r[1]);
        assertEquals(113, call(i, "brTableValues", 0)); // 3 + 10 + 100
        assertEquals(103, call(i, "brTableValues", 1));
        assertEquals(3, call(i, "brTableValues", 2));  // branch to the function: returns 3
        assertEquals(8, call(i, "brIfJunk", 1));
        assertEquals(9, call(i, "brIfJunk", 0));
        assertEquals(1L, call(i, "selectCmp", 1L, -1L));
        assertEquals(1L, call(i, "selectCmp", -1L, 1L));
        assertEquals(1, call(i, "eqzChain", 3));
        assertEquals(0, call(i, "eqzChain", 6));
        assertEquals(42, call(i, "deadCode", 42));
        assertEquals(77, call(i, "constAddr"));
    }
}
