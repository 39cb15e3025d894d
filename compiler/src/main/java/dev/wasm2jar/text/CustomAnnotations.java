package dev.wasm2jar.text;

import java.io.ByteArrayOutputStream;
import java.util.Set;

/**
 * The {@code @custom} and {@code @name} annotations of a module (custom annotations proposal,
 * appendix 7.4): a {@code (@custom "name" (before|after section)? "data"*)} directly in a module
 * becomes a custom section at that place; {@code @name} is accepted where a name can be given and
 * rejected elsewhere. Errors use the testsuite's wording ("@custom annotation: ...").
 */
final class CustomAnnotations {
    private CustomAnnotations() {
    }

    /** Lists in which {@code (@name "...")} may name the defined thing. */
    private static final Set<String> NAMEABLE = Set.of("func", "param", "local", "type", "field", "global", "table",
            "memory", "elem", "data", "tag", "import", "block", "loop", "if", "try", "try_table");

    static void place(SList module, Sections sections) {
        boolean moduleNamed = false;
        for (Annotation a : module.annotations()) {
            boolean atModule = a.parentStart() == module.start();
            if (a.id().equals("custom")) {
                if (!atModule) throw Cursor.error(a.content(), "misplaced @custom annotation");
                custom(a.content(), sections);
            } else if (a.id().equals("name")) {
                if (atModule) {
                    int first = module.start() < 0 ? 0 : module.size() > 1 && module.get(1) instanceof Token t
                            && t.kind() == Token.Kind.ID ? 2 : 1;
                    if (a.index() > first) throw Cursor.error(a.content(), "misplaced @name annotation");
                    if (moduleNamed) throw Cursor.error(a.content(), "@name annotation: multiple module");
                    moduleNamed = true;
                } else if (a.parentHead() == null || !NAMEABLE.contains(a.parentHead())) {
                    throw Cursor.error(a.content(), "misplaced @name annotation");
                }
            }
        }
    }

    private static void custom(SList content, Sections sections) {
        Cursor c = new Cursor(content);
        if (!(c.peek() instanceof Token t && t.kind() == Token.Kind.STRING)) {
            throw Cursor.error(c.peek() != null ? c.peek() : content, "@custom annotation: missing section name");
        }
        Token name = c.nextString();
        if (!Lexer.isUtf8(name.bytes())) throw Cursor.error(name, "@custom annotation: malformed UTF-8 encoding");
        int slot = Sections.ORDER.length + 2;
        int minor = 0;
        if (c.peek() instanceof SList place) {
            c.skip();
            String where = place.head();
            if (place.size() != 2 || !("before".equals(where) || "after".equals(where))) {
                throw Cursor.error(place, place.size() < 2 && where != null && (where.equals("before") || where.equals("after"))
                        ? "@custom annotation: malformed section kind" : "@custom annotation: malformed placement");
            }
            String kind = place.get(1) instanceof Token k && k.kind() == Token.Kind.KEYWORD ? k.text() : "";
            if (kind.equals("first")) {
                slot = 0;
            } else if (kind.equals("last")) {
                slot = Sections.ORDER.length + 2;
            } else {
                slot = Sections.slotOf(kind);
                if (slot < 0) throw Cursor.error(place, "@custom annotation: malformed section kind");
                minor = where.equals("before") ? 0 : 2;
            }
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        while (!c.atEnd()) {
            if (!(c.peek() instanceof Token s && s.kind() == Token.Kind.STRING)) {
                throw Cursor.error(c.peek(), "@custom annotation: unexpected token");
            }
            data.writeBytes(c.nextString().bytes());
        }
        sections.custom(name.bytes(), data.toByteArray(), slot, minor);
    }
}
