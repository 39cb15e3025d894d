package dev.wasm2jar.model;

/**
 * A custom section, kept as read. {@code afterSection} is the id of the last non-custom section
 * before it (0 if none), so a writer can put it back where it was.
 */
public record CustomSection(String name, byte[] content, int afterSection, int offset) {
}
