package dev.wasm2jar.wasi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A tree's state (names, types, sizes, contents, link targets, modification times) for before/after comparison. */
final class OutsideTree {
    private OutsideTree() {}

    static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String content = a.isRegularFile() ? Files.readString(p)
                        : a.isSymbolicLink() ? "-> " + Files.readSymbolicLink(p) : "";
                m.put(root.relativize(p).toString(), (a.isDirectory() ? "d" : a.isSymbolicLink() ? "l" : "f") + " "
                        + a.size() + " " + content + " " + a.lastModifiedTime());
            }
        }
        return m;
    }
}
