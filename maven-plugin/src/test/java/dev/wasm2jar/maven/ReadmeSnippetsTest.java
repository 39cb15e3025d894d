package dev.wasm2jar.maven;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java snippets of the README's Maven section are copied from the sample projects in src/it,
 * which the integration tests compile and run: every snippet line must appear in one of their files.
 */
class ReadmeSnippetsTest {
    private static final String SECTION = "## Using wasm2jar from Maven and Java";

    @Test
    void javaSnippetsComeFromTheSampleProjects() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf(SECTION);
        assertTrue(start >= 0, "README has no section " + SECTION);
        List<String> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src", "it"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.toString().endsWith(".java")) sources.add(Files.readString(f));
            }
        }
        List<String> missing = new ArrayList<>();
        int snippets = 0;
        String[] blocks = readme.substring(start).split("```");
        for (int i = 1; i < blocks.length; i += 2) {
            if (!blocks[i].startsWith("java\n")) continue;
            snippets++;
            for (String line : blocks[i].substring(5).split("\n")) {
                String l = line.strip();
                if (l.isEmpty()) continue;
                if (sources.stream().noneMatch(s -> s.contains(line))) missing.add(line);
            }
        }
        assertTrue(snippets >= 5, "found only " + snippets + " Java snippets");
        assertTrue(missing.isEmpty(), "README lines not found in src/it: " + missing);
    }
}
