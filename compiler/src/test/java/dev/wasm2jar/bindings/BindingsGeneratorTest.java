package dev.wasm2jar.bindings;

import dev.wasm2jar.runtime.ImportResolver;
import dev.wasm2jar.runtime.Memory;
import dev.wasm2jar.runtime.Trap;
import dev.wasm2jar.runtime.TrapKind;
import dev.wasm2jar.runtime.V128;
import dev.wasm2jar.runtime.embed.Traps;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class BindingsGeneratorTest {
    static final String CALC = """
        (module
          (memory (export "memory") 1)
          (func (export "add") (param $a i32) (param $b i32) (result i32) local.get $a local.get $b i32.add)
          (func $fib (export "fib") (param $n i64) (result i64)
            local.get $n i64.const 2 i64.lt_s
            if (result i64) local.get $n
            else local.get $n i64.const 1 i64.sub call $fib local.get $n i64.const 2 i64.sub call $fib i64.add end)
          (func (export "store") (param i32 i32) local.get 0 local.get 1 i32.store)
          (func (export "load") (param i32) (result i32) local.get 0 i32.load)
          (func $div (export "div") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)
          (func (export "divmod") (param i32 i32) (result i32 i32)
            local.get 0 local.get 1 i32.div_u local.get 0 local.get 1 i32.rem_u)
          (func (export "new") (result f64) f64.const 1.5)
          (func (export "get_value") (result f32) f32.const 2.5)
          (func (export "getValue") (result f32) f32.const 3.5)
          (global (export "counter") (mut i64) (i64.const 7))
          (global (export "limit") i32 (i32.const 99)))
        """;

    @Test
    void calcFacadeCallsTheGeneratedCode() throws Throwable {
        Facades.Built b = Facades.build(CALC, "com.example.Calc");
        Class<?> c = b.facade();
        Object calc = c.getConstructor().newInstance();
        assertEquals(5, call(calc, "add", 2, 3));
        assertEquals(832040L, call(calc, "fib", 30L));
        call(calc, "store", 16, 1234);
        assertEquals(1234, call(calc, "load", 16));
        Memory memory = (Memory) call(calc, "memory");
        assertEquals(1234, memory.readInt(16));
        assertEquals(1.5, call(calc, "new_"));
        assertEquals(2.5f, call(calc, "getValue"));
        assertEquals(3.5f, call(calc, "getValue2"));
        Object r = call(calc, "divmod", 17, 5);
        assertEquals("DivmodResult[r0=3, r1=2]", r.toString());
        assertEquals(7L, call(calc, "counter"));
        c.getMethod("setCounter", long.class).invoke(calc, 8L);
        assertEquals(8L, call(calc, "counter"));
        assertEquals(99, call(calc, "limit"));
        assertThrows(NoSuchMethodException.class, () -> c.getMethod("setLimit", int.class));
        // Parameters take the name section's names.
        assertEquals("int a, int b", paramList(b.source().text(), "public int add("));
        // Calls are direct: the generated static method, not a handle.
        assertTrue(b.source().text().contains("com.example.Calc$Module$Code0.f"), b.source().text());
    }

    @Test
    void trapsKeepTheirKindAndBacktrace() throws Throwable {
        Object calc = Facades.build(CALC, "com.example.Calc").facade().getConstructor().newInstance();
        Trap t = assertThrows(Trap.class, () -> call(calc, "div", 1, 0));
        assertEquals(TrapKind.INTEGER_DIVIDE_BY_ZERO, t.kind());
        assertEquals("div", Traps.backtrace(t).get(0).name());
        t = assertThrows(Trap.class, () -> call(calc, "load", 65535));
        assertEquals(TrapKind.OUT_OF_BOUNDS_MEMORY_ACCESS, t.kind());
    }

    @Test
    void importsBecomeInterfaces() throws Throwable {
        Facades.Built b = Facades.build("""
            (module
              (import "env" "log" (func $log (param i32)))
              (import "env" "scale" (func $scale (param f64) (result f64)))
              (import "host-math" "twice" (func $twice (param i64) (result i64)))
              (func (export "run") (param i32) (result f64)
                local.get 0 call $log
                i64.const 21 call $twice drop
                local.get 0 f64.convert_i32_s call $scale))
            """, "Plugins");
        Class<?> c = b.facade();
        Class<?> env = b.loader().loadClass("Plugins$Env");
        Class<?> math = b.loader().loadClass("Plugins$HostMath");
        List<Object> logged = new ArrayList<>();
        Object envImpl = Proxy.newProxyInstance(b.loader(), new Class<?>[] {env}, (p, m, a) -> {
            if (m.getName().equals("log")) {
                logged.add(a[0]);
                return null;
            }
            return (Double) a[0] * 10;
        });
        Object mathImpl = Proxy.newProxyInstance(b.loader(), new Class<?>[] {math}, (p, m, a) -> (Long) a[0] * 2);
        Object plugins = c.getConstructor(env, math).newInstance(envImpl, mathImpl);
        assertEquals(40.0, call(plugins, "run", 4));
        assertEquals(List.of(4), logged);
        assertNotNull(c.getMethod("imports", env, math).invoke(null, envImpl, mathImpl));
        assertThrows(NoSuchMethodException.class, c::getConstructor);
    }

    @Test
    void hostExceptionsBecomeHostErrorTraps() throws Throwable {
        Facades.Built b = Facades.build("""
            (module (import "env" "fail" (func $f)) (func (export "go") call $f))
            """, "p.Failing");
        Class<?> env = b.loader().loadClass("p.Failing$Env");
        Object impl = Proxy.newProxyInstance(b.loader(), new Class<?>[] {env}, (p, m, a) -> {
            throw new IllegalStateException("boom");
        });
        Object f = b.facade().getConstructor(env).newInstance(impl);
        Trap t = assertThrows(Trap.class, () -> call(f, "go"));
        assertEquals(TrapKind.HOST_ERROR, t.kind());
        assertInstanceOf(IllegalStateException.class, t.getCause());
    }

    @Test
    void nonFunctionImportsNeedAResolver() throws Throwable {
        Facades.Built b = Facades.build("""
            (module
              (import "env" "mem" (memory 1))
              (import "env" "bias" (func $bias (result i32)))
              (func (export "peek") (result i32) i32.const 0 i32.load call $bias i32.add))
            """, "Peek");
        Class<?> c = b.facade();
        Class<?> env = b.loader().loadClass("Peek$Env");
        assertEquals(1, c.getConstructors().length);
        Memory mem = new Memory(1, -1);
        mem.writeInt(0, 42);
        Object envImpl = Proxy.newProxyInstance(b.loader(), new Class<?>[] {env}, (p, m, a) -> 100);
        ImportResolver functions = (ImportResolver) c.getMethod("imports", env).invoke(null, envImpl);
        ImportResolver all = dev.wasm2jar.runtime.embed.Imports.builder().memory("env", "mem", mem).add(functions).build();
        Object peek = c.getConstructor(ImportResolver.class).newInstance(all);
        assertEquals(142, call(peek, "peek"));
    }

    @Test
    void reexportedImportsGoThroughTheHandle() throws Throwable {
        Facades.Built b = Facades.build("""
            (module (import "env" "twice" (func $twice (param i32) (result i32))) (export "twice" (func $twice)))
            """, "Reexport");
        Class<?> env = b.loader().loadClass("Reexport$Env");
        Object impl = Proxy.newProxyInstance(b.loader(), new Class<?>[] {env}, (p, m, a) -> 2 * (Integer) a[0]);
        Object r = b.facade().getConstructor(env).newInstance(impl);
        assertEquals(42, call(r, "twice", 21));
    }

    @Test
    void v128ValuesAreV128Records() throws Throwable {
        Facades.Built b = Facades.build("""
            (module
              (global (export "g") (mut v128) (v128.const i64x2 1 2))
              (func (export "swap") (param v128) (result v128) local.get 0 i64x2.extract_lane 1 i64x2.splat)
              (func (export "lanes") (param v128) (result i64 i64)
                local.get 0 i64x2.extract_lane 0 local.get 0 i64x2.extract_lane 1))
            """, "Simd");
        Object simd = b.facade().getConstructor().newInstance();
        assertEquals(new V128(7, 7), call(simd, "swap", new V128(3, 7)));
        assertEquals("LanesResult[r0=3, r1=7]", call(simd, "lanes", new V128(3, 7)).toString());
        assertEquals(new V128(1, 2), call(simd, "g"));
        call(simd, "setG", new V128(5, 6));
        assertEquals(new V128(5, 6), call(simd, "g"));
    }

    @Test
    void unusualNamesStillCompile() throws Throwable {
        Facades.Built b = Facades.build("""
            (module
              (func $weird<name> (export "class") (result i32) i32.const 1)
              (func (export "2d-point") (result i32) i32.const 2)
              (func (export "wait") (result i32) i32.const 3)
              (func (export "instance") (result i32) i32.const 4)
              (func (export "*/ \\"quoted\\" \\\\u000a") (result i32) i32.const 5)
              (func (export "") (result i32) i32.const 6))
            """, "Weird");
        Object w = b.facade().getConstructor().newInstance();
        assertEquals(1, call(w, "class_"));
        assertEquals(2, call(w, "_2dPoint"));
        assertEquals(3, call(w, "wait_"));
        assertEquals(4, call(w, "instance_"));
        assertEquals(5, call(w, "quotedU000a"));
        assertEquals(6, call(w, "export"));
        // "weird<name>" is no Java identifier: that call goes through the export's handle.
        assertTrue(b.source().text().contains("$h0.invokeExact()"), b.source().text());
    }

    static Object call(Object target, String method, Object... args) throws Throwable {
        for (Method m : target.getClass().getMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == args.length) {
                try {
                    return m.invoke(target, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        }
        throw new NoSuchMethodException(method);
    }

    private static String paramList(String source, String start) {
        int i = source.indexOf(start) + start.length();
        return source.substring(i, source.indexOf(')', i));
    }
}
