package dev.wasm2jar.text;

/**
 * An annotation {@code (@id ...)} that the parser gives a meaning to ({@code @custom}, {@code @name}).
 * {@code parentStart} is the start offset of the list it appears in (-1 at top level) and
 * {@code parentHead} that list's first keyword if it came before the annotation, {@code index} the
 * number of items of that list before it; {@code content} holds its tokens.
 */
public record Annotation(String id, SList content, int parentStart, String parentHead, int index) {
}
