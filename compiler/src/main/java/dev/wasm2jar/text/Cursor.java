package dev.wasm2jar.text;

import dev.wasm2jar.error.MalformedException;
import dev.wasm2jar.model.Opcode;

import java.util.HashSet;
import java.util.Set;

/**
 * A position in the items of one list, with the small lookahead the grammar needs, and the
 * construction of syntax errors with the wording of the spec testsuite.
 */
public final class Cursor {
    final SList list;
    private int pos;

    public Cursor(SList list, int start) {
        this.list = list;
        this.pos = start;
    }

    public Cursor(SList list) {
        this(list, 0);
    }

    public boolean atEnd() {
        return pos >= list.size();
    }

    public int position() {
        return pos;
    }

    public SExpr peek() {
        return pos < list.size() ? list.get(pos) : null;
    }

    public SExpr peek(int ahead) {
        int p = pos + ahead;
        return p < list.size() ? list.get(p) : null;
    }

    public SExpr next() {
        if (pos >= list.size()) throw missing();
        return list.get(pos++);
    }

    public void skip() {
        pos++;
    }

    /** True if the next item is the keyword {@code k}. */
    public boolean peekKeyword(String k) {
        return peek() instanceof Token t && t.isKeyword(k);
    }

    /** Consumes the keyword {@code k} if it is next. */
    public boolean tryKeyword(String k) {
        if (peekKeyword(k)) {
            pos++;
            return true;
        }
        return false;
    }

    /** The next item if it is a list whose head is {@code head}, else null. */
    public SList peekList(String head) {
        return peek() instanceof SList l && l.isHead(head) ? l : null;
    }

    /** Consumes and returns the next item if it is a list with this head, else null. */
    public SList tryList(String head) {
        SList l = peekList(head);
        if (l != null) pos++;
        return l;
    }

    /** Consumes an identifier if it is next and returns its name, else null. */
    public String tryId() {
        if (peek() instanceof Token t && t.kind() == Token.Kind.ID) {
            pos++;
            return t.text();
        }
        return null;
    }

    public boolean peekIndex() {
        return peek() instanceof Token t && (t.kind() == Token.Kind.ID || t.kind() == Token.Kind.NAT);
    }

    public boolean peekNat() {
        return peek() instanceof Token t && t.kind() == Token.Kind.NAT;
    }

    public Token nextToken() {
        SExpr e = next();
        if (e instanceof Token t) return t;
        throw unexpected(e);
    }

    public Token nextString() {
        SExpr e = next();
        if (e instanceof Token t && t.kind() == Token.Kind.STRING) return t;
        throw unexpected(e);
    }

    public SList nextList() {
        SExpr e = next();
        if (e instanceof SList l) return l;
        throw unexpected(e);
    }

    public void expectKeyword(String k) {
        SExpr e = next();
        if (!(e instanceof Token t && t.isKeyword(k))) throw unexpected(e);
    }

    /** Fails unless all items were consumed. */
    public void expectEnd() {
        if (!atEnd()) throw unexpected(peek());
    }

    /** The error for an item that was required but is missing: reported at the list. */
    public MalformedException missing() {
        return error(list, "unexpected token, expected more in " + describe(list));
    }

    public static MalformedException error(SExpr at, String reason) {
        return MalformedException.atText(reason, at.line(), at.column());
    }

    /**
     * The error for an item the grammar does not allow here: a reserved token or a keyword that is no
     * keyword of the language is an "unknown operator" (as the reference lexer reports them), anything
     * else an "unexpected token".
     */
    public static MalformedException unexpected(SExpr e) {
        if (e == null) return new MalformedException("unexpected token", -1);
        if (e instanceof Token t) {
            if (t.kind() == Token.Kind.RESERVED) return error(t, t.error());
            if (t.kind() == Token.Kind.KEYWORD && !isKnownKeyword(t.text())) return error(t, "unknown operator " + t.text());
            return error(t, "unexpected token " + t);
        }
        SList l = (SList) e;
        if (l.head() != null && !isKnownKeyword(l.head())) return error(l.get(0), "unknown operator " + l.head());
        if (l.head() != null) return error(l, "unexpected token (" + l.head() + " ...)");
        if (!l.items().isEmpty() && l.get(0) instanceof Token t && t.kind() == Token.Kind.RESERVED) return error(t, t.error());
        return error(l, "unexpected token " + describe(l));
    }

    static String describe(SList l) {
        String h = l.head();
        return h != null ? "(" + h + " ...)" : "(...)";
    }

    private static final Set<String> KEYWORDS = new HashSet<>();

    static {
        for (Opcode op : Opcode.values()) KEYWORDS.add(op.mnemonic);
        for (String k : ("module type rec sub final func param result local global table memory elem data tag "
                + "import export start offset item declare mut field struct array i8 i16 then else end "
                + "i32 i64 f32 f64 v128 funcref externref anyref eqref i31ref structref arrayref nullref "
                + "nullfuncref nullexternref exnref nullexnref ref null extern any eq i31 none nofunc noextern "
                + "exn noexn shared pagesize binary quote definition instance register invoke get "
                + "assert_return assert_trap assert_exhaustion assert_exception assert_malformed assert_invalid "
                + "assert_unlinkable assert_malformed_custom assert_invalid_custom script input output "
                + "thread wait either inf nan nan:canonical nan:arithmetic i8x16 i16x8 i32x4 i64x2 f32x4 f64x2 "
                + "do catch catch_ref catch_all catch_all_ref delegate exact descriptor describes").split(" ")) {
            KEYWORDS.add(k);
        }
    }

    /** A keyword of the language; {@code offset=}/{@code align=} only with a well-formed number. */
    public static boolean isKnownKeyword(String k) {
        if (KEYWORDS.contains(k)) return true;
        if (k.startsWith("offset=")) return NumberLiterals.classify(k.substring(7)) == Token.Kind.NAT;
        if (k.startsWith("align=")) return NumberLiterals.classify(k.substring(6)) == Token.Kind.NAT;
        return k.startsWith("nan:0x") && NumberLiterals.classify(k) != null;
    }
}
