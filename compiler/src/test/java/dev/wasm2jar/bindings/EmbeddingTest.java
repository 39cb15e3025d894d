package dev.wasm2jar.bindings;

import dev.wasm2jar.WasmCompiler;
import dev.wasm2jar.codegen.CodegenOptions;
import dev.wasm2jar.codegen.CompiledModule;
import dev.wasm2jar.runtime.Global;
import dev.wasm2jar.runtime.Instance;
import dev.wasm2jar.runtime.LinkException;
import dev.wasm2jar.runtime.Memory;
import dev.wasm2jar.runtime.Trap;
import dev.wasm2jar.runtime.TrapKind;
import dev.wasm2jar.runtime.embed.Exports;
import dev.wasm2jar.runtime.embed.Globals;
import dev.wasm2jar.runtime.embed.Imports;
import dev.wasm2jar.runtime.embed.Memories;
import dev.wasm2jar.runtime.embed.Traps;
import dev.wasm2jar.text.WatParser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntBinaryOperator;
import java.util.function.IntUnaryOperator;

import static org.junit.jupiter.api.Assertions.*;

/** The embedding API with real compiled modules: host functions, shared memory and globals, traps. */
class EmbeddingTest {
    private static CompiledModule compile(String wat, String className) {
        return WasmCompiler.compile(WasmCompiler.load(WatParser.parseModule(wat)), CodegenOptions.defaults().withClassName(className));
    }

    @Test
    void hostFunctionsAndSharedState() throws Throwable {
        CompiledModule producer = compile("""
            (module
              (memory (export "memory") 1)
              (global (export "count") (mut i32) (i32.const 0))
              (func (export "put") (param $addr i32) (param $v i32)
                local.get $addr local.get $v i32.store
                global.get 0 i32.const 1 i32.add global.set 0))
            """, "emb.Producer");
        CompiledModule consumer = compile("""
            (module
              (import "prod" "memory" (memory 1))
              (import "prod" "count" (global (mut i32)))
              (import "env" "log" (func $log (param i32 i32)))
              (import "env" "combine" (func $combine (param i32 i32) (result i32)))
              (func (export "report") (param $addr i32) (result i32)
                local.get $addr i32.const 5 call $log
                local.get $addr i32.load global.get 0 call $combine))
            """, "emb.Consumer");

        Instance prod = producer.instantiate(Imports.builder().build());
        List<String> logged = new ArrayList<>();
        Memory[] memory = new Memory[1];
        Imports imports = Imports.builder()
                .instance("prod", prod)
                .function("env", "log", (LogFn) (ptr, len) -> logged.add(Memories.readUtf8(memory[0], ptr, len)))
                .function("env", "combine", IntBinaryOperator.class, (v, count) -> v * 100 + count)
                .build();
        Instance cons = consumer.instantiate(imports);
        Exports px = Exports.of(prod), cx = Exports.of(cons);
        memory[0] = px.memory("memory");

        px.function("put").call(64, 7);
        Memories.writeUtf8(memory[0], 68, "hello");
        assertEquals(701, cx.function("report").call(64)[0]);
        assertEquals(List.of("\7\0\0\0h"), logged);

        Global count = px.global("count");
        Globals.setI32(count, 41);
        assertEquals(741, (int) cx.function("report").handle().invokeExact(64));
        assertEquals(741, cx.function("report", IntUnaryOperator.class).applyAsInt(64));
    }

    /** An embedder's own functional interface. */
    public interface LogFn {
        void log(int ptr, int len);
    }

    @Test
    void linkErrorsAndTraps() {
        CompiledModule m = compile("""
            (module
              (import "env" "f" (func $f (param i32) (result i32)))
              (func $inner (export "inner") (param i32) (result i32) local.get 0 call $f)
              (func $outer (export "outer") (param i32) (result i32) local.get 0 call $inner))
            """, "emb.Traps");
        LinkException missing = assertThrows(LinkException.class, () -> m.instantiate(Imports.builder().build()));
        assertTrue(missing.getMessage().contains("unknown import env.f"), missing.getMessage());
        LinkException wrong = assertThrows(LinkException.class,
                () -> m.instantiate(Imports.builder().function("env", "f", (Runnable) () -> { }).build()));
        assertTrue(wrong.getMessage().contains("incompatible import type"), wrong.getMessage());

        Instance i = m.instantiate(Imports.builder().function("env", "f", IntUnaryOperator.class, x -> 10 / x).build());
        assertEquals(5, Exports.of(i).function("outer").call(2)[0]);
        Trap t = assertThrows(Trap.class, () -> Exports.of(i).function("outer").call(0));
        assertEquals(TrapKind.HOST_ERROR, t.kind());
        assertInstanceOf(ArithmeticException.class, t.getCause());
        assertEquals(List.of("inner", "outer"), Traps.backtrace(t).stream().map(Object::toString).toList().subList(0, 2));
    }
}
