package dev.wasm2jar.bindings;

import java.util.ArrayList;
import java.util.List;

/** Lines of Java source with indentation (four spaces a level). */
final class SourceWriter {
    private record Line(int indent, String text) {
    }

    private final List<Line> lines = new ArrayList<>();
    private int indent;

    SourceWriter line(String text) {
        lines.add(new Line(indent, text));
        return this;
    }

    SourceWriter blank() {
        lines.add(new Line(0, ""));
        return this;
    }

    /** A line that opens a block: what follows is indented one more level. */
    SourceWriter open(String text) {
        line(text);
        indent++;
        return this;
    }

    /** A line that closes a block. */
    SourceWriter close(String text) {
        indent--;
        return line(text);
    }

    /** A line such as {@code } else {} that closes a block and opens the next. */
    SourceWriter closeOpen(String text) {
        indent--;
        line(text);
        indent++;
        return this;
    }

    /** Appends another writer's lines at this writer's current indentation. */
    SourceWriter append(SourceWriter other) {
        for (Line l : other.lines) lines.add(l.text.isEmpty() ? l : new Line(indent + l.indent, l.text));
        return this;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Line l : lines) {
            if (!l.text.isEmpty()) sb.append("    ".repeat(l.indent)).append(l.text);
            sb.append('\n');
        }
        return sb.toString();
    }
}
