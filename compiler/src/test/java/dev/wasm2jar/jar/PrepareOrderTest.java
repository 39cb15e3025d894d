package dev.wasm2jar.jar;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a jar's main thread loads ahead while the guest thread sets up WASI, and in which order. */
class PrepareOrderTest {
    @Test
    void codeClassesByNumberThenDispatchThenInstance() {
        Map<String, Integer> sizes = new TreeMap<>();
        for (int i : new int[] {0, 1, 2, 10, 11}) sizes.put("wasm/Module$Code" + i, 1000);
        sizes.put("wasm/Module$Dispatch0", 100);
        sizes.put("wasm/Module", 500);
        sizes.put("other/Thing", 5);
        assertEquals(List.of("wasm/Module$Code0", "wasm/Module$Code1", "wasm/Module$Code2", "wasm/Module$Code10",
                        "wasm/Module$Code11", "wasm/Module$Dispatch0", "dev/wasm2jar/runtime/Numerics", "wasm/Module"),
                JarWriter.prepareOrder("wasm/Module", sizes));
    }

    @Test
    void codeClassesStopAtTheBudget() {
        Map<String, Integer> sizes = new TreeMap<>();
        for (int i = 0; i < 5; i++) sizes.put("a/M$Code" + i, JarWriter.PREPARE_BUDGET / 2);
        sizes.put("a/M", 10);
        assertEquals(List.of("a/M$Code0", "a/M$Code1", "dev/wasm2jar/runtime/Numerics", "a/M"), JarWriter.prepareOrder("a/M", sizes));
    }
}
