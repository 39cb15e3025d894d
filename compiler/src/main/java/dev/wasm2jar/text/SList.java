package dev.wasm2jar.text;

import java.util.List;

/**
 * A parenthesized list {@code ( item* )}. {@code start}/{@code end} are the byte offsets of its
 * parentheses in the source (end exclusive). Annotations are not items (spec 6.2.1: they are
 * white space); the {@code @custom} and {@code @name} ones found anywhere inside this list are kept
 * in {@link #annotations} (empty for most lists) so that module parsing can place or reject them.
 */
public record SList(List<SExpr> items, List<Annotation> annotations, int line, int column, int start, int end)
        implements SExpr {

    public int size() {
        return items.size();
    }

    public SExpr get(int i) {
        return items.get(i);
    }

    /** The first item if it is a keyword, else null. */
    public String head() {
        return !items.isEmpty() && items.get(0) instanceof Token t && t.kind() == Token.Kind.KEYWORD ? t.text() : null;
    }

    public boolean isHead(String keyword) {
        return keyword.equals(head());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) sb.append(' ');
            sb.append(items.get(i));
        }
        return sb.append(')').toString();
    }
}
