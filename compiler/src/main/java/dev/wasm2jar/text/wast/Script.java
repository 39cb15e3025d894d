package dev.wasm2jar.text.wast;

import java.util.List;

/** A parsed {@code .wast} script: its commands in order. */
public record Script(String fileName, List<Command> commands) {
}
