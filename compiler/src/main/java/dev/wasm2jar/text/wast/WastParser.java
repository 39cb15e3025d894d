package dev.wasm2jar.text.wast;

import dev.wasm2jar.error.MalformedException;
import dev.wasm2jar.text.Cursor;
import dev.wasm2jar.text.SExpr;
import dev.wasm2jar.text.SExprReader;
import dev.wasm2jar.text.SList;
import dev.wasm2jar.text.Token;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses a {@code .wast} script (the "Scripts" grammar of the spec interpreter's README, with the
 * 3.0 module definitions/instances and the threads proposal's commands). Modules are kept as
 * written; see {@link WastModule#toBinary()}.
 */
public final class WastParser {
    private final byte[] source;

    private WastParser(byte[] source) {
        this.source = source;
    }

    /** Module fields: a script made only of them is one inline module. */
    private static final Set<String> MODULE_FIELDS = Set.of("type", "rec", "import", "func", "table", "memory",
            "global", "tag", "export", "start", "elem", "data");

    /** Parses the script; a syntax error throws {@link MalformedException} with line:column and the file name. */
    public static Script parse(String source, String fileName) {
        return parse(source.getBytes(StandardCharsets.UTF_8), fileName);
    }

    public static Script parse(byte[] utf8, String fileName) {
        try {
            WastParser p = new WastParser(utf8);
            SList top = SExprReader.read(utf8);
            return new Script(fileName, p.script(top));
        } catch (MalformedException e) {
            throw (MalformedException) e.withFile(fileName);
        }
    }

    private List<Command> script(SList top) {
        if (!top.items().isEmpty() && top.get(0) instanceof SList first && first.head() != null
                && MODULE_FIELDS.contains(first.head())) {
            return List.of(new Command.DefineModule(first.line(), WastModule.text(first.line(), null, false, top, 0, source)));
        }
        return commands(new Cursor(top, 0));
    }

    private List<Command> commands(Cursor c) {
        List<Command> out = new ArrayList<>();
        while (!c.atEnd()) out.add(command(c.next()));
        return List.copyOf(out);
    }

    private Command command(SExpr e) {
        if (!(e instanceof SList l) || l.head() == null) throw Cursor.unexpected(e);
        int line = l.line();
        Cursor c = new Cursor(l, 1);
        if (l.isHead("module") && !c.peekKeyword("instance")) return new Command.DefineModule(line, module(l));
        Command cmd = switch (l.head()) {
            case "module" -> {
                c.skip();
                String instance = c.tryId();
                String module = c.tryId();
                yield new Command.ModuleInstance(line, instance, module);
            }
            case "register" -> {
                String as = string(c.nextString());
                yield new Command.Register(line, as, c.tryId());
            }
            case "invoke", "get" -> {
                c = new Cursor(l, l.size());
                yield new Command.Perform(line, action(l));
            }
            case "assert_return" -> {
                Action a = action(c.next());
                List<ResultPattern> results = new ArrayList<>();
                while (!c.atEnd()) results.add(ValueParser.result(c.next()));
                yield new Command.AssertReturn(line, a, List.copyOf(results));
            }
            case "assert_trap" -> {
                SExpr what = c.next();
                if (what instanceof SList m && m.isHead("module")) {
                    yield new Command.AssertModuleTrap(line, module(m), string(c.nextString()));
                }
                yield new Command.AssertTrap(line, action(what), string(c.nextString()));
            }
            case "assert_exhaustion" -> new Command.AssertExhaustion(line, action(c.next()), string(c.nextString()));
            case "assert_exception" -> new Command.AssertException(line, action(c.next()));
            case "assert_malformed", "assert_malformed_custom" ->
                    new Command.AssertMalformed(line, module(c.nextList()), string(c.nextString()), l.isHead("assert_malformed_custom"));
            case "assert_invalid", "assert_invalid_custom" ->
                    new Command.AssertInvalid(line, module(c.nextList()), string(c.nextString()), l.isHead("assert_invalid_custom"));
            case "assert_unlinkable" -> new Command.AssertUnlinkable(line, module(c.nextList()), string(c.nextString()));
            case "thread" -> {
                String name = c.tryId();
                List<String> shared = new ArrayList<>();
                SList s;
                while ((s = c.tryList("shared")) != null) {
                    Cursor sc = new Cursor(s, 1);
                    SList m = sc.nextList();
                    if (!m.isHead("module")) throw Cursor.unexpected(m);
                    shared.add(new Cursor(m, 1).tryId());
                    sc.expectEnd();
                }
                yield new Command.Thread(line, name, List.copyOf(shared), commands(c));
            }
            case "wait" -> new Command.Wait(line, c.tryId());
            case "input" -> {
                String name = c.tryId();
                yield new Command.Input(line, name, string(c.nextString()));
            }
            case "output" -> {
                String name = c.tryId();
                yield new Command.Output(line, name, c.atEnd() ? null : string(c.nextString()));
            }
            case "script" -> {
                String name = c.tryId();
                yield new Command.SubScript(line, name, commands(c));
            }
            default -> throw Cursor.unexpected(l);
        };
        c.expectEnd();
        return cmd;
    }

    /** {@code (module definition? $id? (binary|quote)? ...)}. */
    private WastModule module(SList l) {
        if (!l.isHead("module")) throw Cursor.unexpected(l);
        Cursor c = new Cursor(l, 1);
        boolean definition = c.tryKeyword("definition");
        String name = c.tryId();
        if (c.tryKeyword("binary")) return WastModule.binary(l.line(), name, definition, strings(c));
        if (c.tryKeyword("quote")) return WastModule.quote(l.line(), name, definition, strings(c));
        return WastModule.text(l.line(), name, definition, l, c.position(), source);
    }

    private static byte[] strings(Cursor c) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (!c.atEnd()) b.writeBytes(c.nextString().bytes());
        return b.toByteArray();
    }

    /** {@code (invoke $m? "name" const*)} or {@code (get $m? "name")}. */
    private static Action action(SExpr e) {
        if (!(e instanceof SList l) || !(l.isHead("invoke") || l.isHead("get"))) throw Cursor.unexpected(e);
        Cursor c = new Cursor(l, 1);
        String module = c.tryId();
        String name = string(c.nextString());
        if (l.isHead("get")) {
            c.expectEnd();
            return new Action.Get(l.line(), module, name);
        }
        List<Value> args = new ArrayList<>();
        while (!c.atEnd()) args.add(ValueParser.value(c.next()));
        return new Action.Invoke(l.line(), module, name, List.copyOf(args));
    }

    private static String string(Token t) {
        return new String(t.bytes(), StandardCharsets.UTF_8);
    }
}
