package dev.wasm2jar.text;

import dev.wasm2jar.error.MalformedException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the S-expression tree of a source text. Annotations (spec 6.2.5, {@code (@id ...)}) are
 * skipped like white space, except {@code @custom}, {@code @name} and branch hints, whose contents are kept on the
 * enclosing lists (see {@link SList#annotations}).
 */
public final class SExprReader {
    private final Lexer lexer;

    private SExprReader(byte[] source) {
        this.lexer = new Lexer(source);
    }

    /** Reads all top-level items of {@code source} into one list spanning the whole text (start -1). */
    public static SList read(byte[] source) {
        return new SExprReader(source).readTop();
    }

    public static SList read(String source) {
        return read(source.getBytes(StandardCharsets.UTF_8));
    }

    private SList readTop() {
        List<SExpr> items = new ArrayList<>();
        List<Annotation> annots = new ArrayList<>(0);
        while (true) {
            int t = lexer.next();
            switch (t) {
                case Lexer.EOF:
                    return new SList(items, annots, 1, 1, -1, lexer.position());
                case Lexer.RPAREN:
                    throw lexer.error("unexpected token )");
                case Lexer.LPAREN:
                    items.add(readList(annots));
                    break;
                case Lexer.ANNOTATION:
                    annotation(-1, null, items.size(), annots);
                    break;
                default:
                    items.add(lexer.atom);
            }
        }
    }

    /** Reads the rest of a list whose '(' was just read; adds its kept annotations to {@code outer}. */
    private SList readList(List<Annotation> outer) {
        int line = lexer.tokenLine, column = lexer.tokenColumn, start = lexer.tokenStart;
        List<SExpr> items = new ArrayList<>();
        List<Annotation> annots = List.of();
        while (true) {
            int t = lexer.next();
            switch (t) {
                case Lexer.EOF:
                    throw MalformedException.atText("unexpected end of input, unclosed (", line, column);
                case Lexer.RPAREN: {
                    SList list = new SList(items, annots, line, column, start, lexer.position());
                    if (!annots.isEmpty()) outer.addAll(annots);
                    return list;
                }
                case Lexer.LPAREN: {
                    if (annots.isEmpty()) annots = new ArrayList<>(0);
                    items.add(readList(annots));
                    if (annots.isEmpty()) annots = List.of();
                    break;
                }
                case Lexer.ANNOTATION:
                    if (annots.isEmpty()) annots = new ArrayList<>(0);
                    annotation(start, !items.isEmpty() && items.get(0) instanceof Token h
                            && h.kind() == Token.Kind.KEYWORD ? h.text() : null, items.size(), annots);
                    if (annots.isEmpty()) annots = List.of();
                    break;
                default:
                    items.add(lexer.atom);
            }
        }
    }

    /** After {@code (@id}: keeps the annotations the parser interprets, skips all others. */
    private void annotation(int parentStart, String parentHead, int index, List<Annotation> into) {
        String id = lexer.annotationId;
        int line = lexer.tokenLine, column = lexer.tokenColumn, start = lexer.tokenStart;
        boolean keep = id.equals("custom") || id.equals("name") || id.equals(BranchHints.ID);
        List<SExpr> items = keep ? new ArrayList<>() : null;
        List<SList> stack = new ArrayList<>();
        List<List<SExpr>> itemStack = new ArrayList<>();
        int depth = 0;
        lexer.inAnnotation = true;
        while (true) {
            int t = lexer.next();
            switch (t) {
                case Lexer.EOF:
                    throw MalformedException.atText("unclosed annotation", line, column);
                case Lexer.LPAREN:
                    depth++;
                    if (keep) {
                        itemStack.add(items);
                        stack.add(new SList(null, null, lexer.tokenLine, lexer.tokenColumn, lexer.tokenStart, 0));
                        items = new ArrayList<>();
                    }
                    break;
                case Lexer.RPAREN:
                    if (depth == 0) {
                        lexer.inAnnotation = false;
                        if (keep) {
                            SList content = new SList(items, List.of(), line, column, start, lexer.position());
                            into.add(new Annotation(id, content, parentStart, parentHead, index));
                        }
                        return;
                    }
                    depth--;
                    if (keep) {
                        SList open = stack.remove(stack.size() - 1);
                        SList done = new SList(items, List.of(), open.line(), open.column(), open.start(), lexer.position());
                        items = itemStack.remove(itemStack.size() - 1);
                        items.add(done);
                    }
                    break;
                default:
                    if (keep) items.add(lexer.atom);
            }
        }
    }
}
