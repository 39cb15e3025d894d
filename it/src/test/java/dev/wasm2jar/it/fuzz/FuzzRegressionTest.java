package dev.wasm2jar.it.fuzz;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs every committed fuzz finding (see {@link Regressions}) and checks the failures against
 * {@code fuzz/known-failures.txt} both ways: a new failure fails the build, and so does a listed
 * case that passes now (remove it from the list: the list only shrinks).
 */
class FuzzRegressionTest {
    @Test
    void regressions() throws IOException {
        Map<String, String> failures = Regressions.failures();
        Set<String> known = Regressions.known();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : failures.entrySet()) {
            if (!known.contains(e.getKey())) problems.add("fails and is not in known-failures.txt: " + e.getKey() + " (" + e.getValue() + ")");
        }
        Set<String> names = new java.util.HashSet<>();
        Regressions.cases().forEach(p -> names.add(Regressions.name(p)));
        for (String k : known) {
            if (!names.contains(k)) problems.add("known-failures.txt lists a case that does not exist: " + k);
            else if (!failures.containsKey(k)) problems.add("passes now, remove it from known-failures.txt: " + k);
        }
        System.out.printf("fuzz regressions: %d cases, %d known failures%n", names.size(), failures.size());
        if (!problems.isEmpty()) fail(String.join("\n", problems));
    }
}
