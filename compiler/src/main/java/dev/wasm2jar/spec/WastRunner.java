package dev.wasm2jar.spec;

import dev.wasm2jar.WasmCompiler;
import dev.wasm2jar.binary.ModuleDecoder;
import dev.wasm2jar.codegen.CodegenOptions;
import dev.wasm2jar.codegen.CompiledModule;
import dev.wasm2jar.error.InvalidException;
import dev.wasm2jar.error.MalformedException;
import dev.wasm2jar.error.ModuleException;
import dev.wasm2jar.error.UnsupportedFeatureException;
import dev.wasm2jar.model.Module;
import dev.wasm2jar.runtime.Global;
import dev.wasm2jar.runtime.ImportResolver;
import dev.wasm2jar.runtime.Instance;
import dev.wasm2jar.runtime.LinkException;
import dev.wasm2jar.runtime.Trap;
import dev.wasm2jar.runtime.TrapKind;
import dev.wasm2jar.runtime.WasmFunction;
import dev.wasm2jar.text.wast.Action;
import dev.wasm2jar.text.wast.Command;
import dev.wasm2jar.text.wast.Script;
import dev.wasm2jar.text.wast.WastModule;
import dev.wasm2jar.text.wast.WastParser;
import dev.wasm2jar.validate.ModuleValidator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs spec test scripts ({@code .wast}) the way {@code wasmtime wast} does: every module goes
 * through our text parser, decoder, validator, code generator and runtime; each {@code assert_*}
 * counts once as passed, failed, or skipped (with the name of the unimplemented feature). A module
 * command that fails to load counts as a failure. Prints a line per failure and one per file.
 */
public final class WastRunner {
    /** How one file went. {@code failureKeys} are "file:line command" for the expected-failures list. */
    public record Outcome(String file, int passed, int failed, int skipped, List<String> failureKeys,
                          Map<String, Integer> skippedByFeature) {
    }

    private final PrintStream out;
    private final GuestThread guest = new GuestThread();
    private int moduleCounter;

    public WastRunner(PrintStream out) {
        this.out = out;
    }

    /** Runs one script; {@code displayName} names it in output and failure keys. */
    public Outcome run(Path file, String displayName) {
        ScriptRun run = new ScriptRun(displayName);
        try {
            Script script = WastParser.parse(Files.readAllBytes(file), displayName);
            for (Command c : script.commands()) run.execute(c);
        } catch (ModuleException e) {
            run.fail(0, "script", "cannot parse the script: " + e.getMessage());
        } catch (IOException e) {
            run.fail(0, "script", "cannot read the script: " + e);
        }
        Outcome o = new Outcome(displayName, run.passed, run.failed, run.skipped, run.failureKeys, run.skippedByFeature);
        StringBuilder line = new StringBuilder(displayName).append(": ").append(o.passed).append(" passed, ")
                .append(o.failed).append(" failed, ").append(o.skipped).append(" skipped");
        if (!o.skippedByFeature.isEmpty()) line.append(" ").append(o.skippedByFeature);
        out.println(line);
        out.flush();
        return o;
    }

    /** Thrown inside a command when it cannot run because its module was skipped. */
    private static final class Skip extends RuntimeException {
        final String feature;

        Skip(String feature) {
            super(feature, null, false, false);
            this.feature = feature;
        }
    }

    /** The state of one script: its instances, registrations and counts. */
    private final class ScriptRun {
        final String file;
        int passed, failed, skipped;
        final List<String> failureKeys = new ArrayList<>();
        final Map<String, Integer> skippedByFeature = new TreeMap<>();
        final Map<String, Object> spectest = SpecTestHost.exports();
        final Map<String, Instance> instances = new HashMap<>();
        final Map<String, String> skippedInstances = new HashMap<>(); // name -> feature
        final Map<String, CompiledModule> definitions = new HashMap<>();
        final Map<String, String> skippedDefinitions = new HashMap<>(); // name -> feature
        final Map<String, Instance> registered = new HashMap<>();
        final Map<String, String> skippedRegistrations = new HashMap<>();
        Instance current;
        String currentSkipped; // feature, when the most recent module was skipped

        /**
         * The custom-page-sizes proposal reuses a limits flag that the core spec declares malformed,
         * so it is decoded only for that proposal's own scripts.
         */
        final boolean customPageSizes;

        ScriptRun(String file) {
            this.file = file;
            this.customPageSizes = file.contains("custom-page-sizes");
        }

        void pass() {
            passed++;
        }

        void fail(int line, String kind, String why) {
            failed++;
            failureKeys.add(file + ":" + line + " " + kind);
            out.println("  " + file + ":" + line + ": " + kind + ": " + why);
        }

        void skip(String feature) {
            skipped++;
            skippedByFeature.merge(feature, 1, Integer::sum);
        }

        final ImportResolver imports = (module, name) -> {
            if (module.equals("spectest")) return spectest.get(name);
            Instance i = registered.get(module);
            if (i != null) return i.export(name);
            String f = skippedRegistrations.get(module);
            if (f != null) throw new Skip(f);
            return null;
        };

        void execute(Command c) {
            try {
                executeChecked(c);
            } catch (Skip s) {
                if (c instanceof Command.DefineModule || c instanceof Command.ModuleInstance) {
                    skip(s.feature);
                    markSkipped(c, s.feature);
                } else if (!(c instanceof Command.Register)) {
                    skip(s.feature);
                }
            } catch (UnsupportedFeatureException e) {
                skip(e.feature());
                markSkipped(c, e.feature());
            } catch (RuntimeException | Error e) {
                fail(c.line(), kind(c), "runner crashed: " + e);
            }
        }

        private void markSkipped(Command c, String feature) {
            if (c instanceof Command.DefineModule d) {
                if (d.module().isDefinition()) {
                    if (d.module().name() != null) skippedDefinitions.put(d.module().name(), feature);
                    return;
                }
                current = null;
                currentSkipped = feature;
                if (d.module().name() != null) {
                    instances.remove(d.module().name());
                    skippedInstances.put(d.module().name(), feature);
                }
            } else if (c instanceof Command.ModuleInstance mi) {
                current = null;
                currentSkipped = feature;
                if (mi.instance() != null) skippedInstances.put(mi.instance(), feature);
            }
        }

        private String kind(Command c) {
            String n = c.getClass().getSimpleName();
            switch (n) {
                case "DefineModule": return "module";
                case "AssertReturn": return "assert_return";
                case "AssertTrap": case "AssertModuleTrap": return "assert_trap";
                case "AssertExhaustion": return "assert_exhaustion";
                case "AssertException": return "assert_exception";
                case "AssertMalformed": return "assert_malformed";
                case "AssertInvalid": return "assert_invalid";
                case "AssertUnlinkable": return "assert_unlinkable";
                case "Perform": return "action";
                default: return n.toLowerCase();
            }
        }

        private void executeChecked(Command c) {
            if (c instanceof Command.DefineModule d) {
                defineModule(d);
            } else if (c instanceof Command.ModuleInstance mi) {
                String skippedDefinition = skippedDefinitions.get(mi.module());
                if (skippedDefinition != null) throw new Skip(skippedDefinition);
                CompiledModule def = definitions.get(mi.module());
                if (def == null) {
                    fail(c.line(), "module", "unknown module definition $" + mi.module());
                    return;
                }
                Instance inst = instantiate(def, c.line(), "module");
                if (inst != null) setCurrent(mi.instance(), inst);
            } else if (c instanceof Command.Register r) {
                if (r.module() == null ? current == null && currentSkipped != null : skippedInstances.containsKey(r.module())) {
                    skippedRegistrations.put(r.as(), r.module() == null ? currentSkipped : skippedInstances.get(r.module()));
                    return;
                }
                Instance i = r.module() == null ? current : instances.get(r.module());
                if (i == null) {
                    fail(c.line(), "register", "no module " + (r.module() == null ? "" : "$" + r.module()));
                    return;
                }
                registered.put(r.as(), i);
            } else if (c instanceof Command.Perform p) {
                Object[] r = runAction(p.action(), p.line(), "action");
                if (r == null) return;
            } else if (c instanceof Command.AssertReturn a) {
                assertReturn(a);
            } else if (c instanceof Command.AssertTrap a) {
                assertTrap(a.line(), "assert_trap", a.action(), a.message(), false);
            } else if (c instanceof Command.AssertExhaustion a) {
                assertTrap(a.line(), "assert_exhaustion", a.action(), a.message(), true);
            } else if (c instanceof Command.AssertModuleTrap a) {
                assertModuleTrap(a);
            } else if (c instanceof Command.AssertMalformed a) {
                assertRejected(a.line(), "assert_malformed", a.module(), a.message(), true);
            } else if (c instanceof Command.AssertInvalid a) {
                assertRejected(a.line(), "assert_invalid", a.module(), a.message(), false);
            } else if (c instanceof Command.AssertUnlinkable a) {
                assertUnlinkable(a);
            } else if (c instanceof Command.AssertException) {
                skip("exceptions");
            } else if (c instanceof Command.Thread || c instanceof Command.Wait) {
                skip("threads");
            } else if (c instanceof Command.SubScript s) {
                for (Command inner : s.commands()) execute(inner);
            }
            // (input ...) / (output ...) meta commands have no effect here.
        }

        private void setCurrent(String name, Instance inst) {
            current = inst;
            currentSkipped = null;
            if (name != null) {
                instances.put(name, inst);
                skippedInstances.remove(name);
            }
        }

        private CompiledModule compile(WastModule m) {
            byte[] bin = m.toBinary();
            Module module = ModuleDecoder.decode(bin, customPageSizes);
            ModuleValidator.validate(module);
            return WasmCompiler.compile(module, CodegenOptions.defaults().withClassName("wasm.spec.M" + (++moduleCounter)));
        }

        private void defineModule(Command.DefineModule d) {
            CompiledModule compiled = compileOrFail(d.module(), d.line(), "module");
            if (compiled == null) {
                current = null;
                currentSkipped = null;
                return;
            }
            if (d.module().isDefinition()) {
                if (d.module().name() != null) definitions.put(d.module().name(), compiled);
                return;
            }
            Instance inst = instantiate(compiled, d.line(), "module");
            if (inst != null) setCurrent(d.module().name(), inst);
            else current = null;
        }

        private Instance instantiate(CompiledModule compiled, int line, String kind) {
            try {
                return guest.call(() -> compiled.instantiate(imports));
            } catch (Skip s) {
                throw s;
            } catch (Throwable t) {
                fail(line, kind, "instantiation failed: " + describe(t));
                return null;
            }
        }

        private Instance target(Action a) {
            if (a.module() == null) {
                if (current == null && currentSkipped != null) throw new Skip(currentSkipped);
                return current;
            }
            String f = skippedInstances.get(a.module());
            if (f != null) throw new Skip(f);
            return instances.get(a.module());
        }

        /** Runs an action; on an unexpected error records a failure and returns null. */
        private Object[] runAction(Action a, int line, String kind) {
            try {
                return perform(a);
            } catch (Skip s) {
                throw s;
            } catch (Throwable t) {
                fail(line, kind, describeAction(a) + " failed: " + describe(t));
                return null;
            }
        }

        private Object[] perform(Action a) throws Throwable {
            Instance inst = target(a);
            if (inst == null) throw new IllegalStateException("no module " + (a.module() == null ? "" : "$" + a.module()));
            if (a instanceof Action.Get g) {
                Object v = inst.export(g.name());
                if (!(v instanceof Global global)) throw new IllegalStateException("no exported global " + g.name());
                return new Object[] {global.getValue()};
            }
            Action.Invoke inv = (Action.Invoke) a;
            WasmFunction f = inst.function(inv.name());
            if (f == null) throw new IllegalStateException("no exported function \"" + inv.name() + "\"");
            Object[] args = new Object[inv.args().size()];
            for (int i = 0; i < args.length; i++) args[i] = Results.toJava(inv.args().get(i));
            return guest.call(() -> f.call(args));
        }

        private void assertReturn(Command.AssertReturn a) {
            Object[] r = runAction(a.action(), a.line(), "assert_return");
            if (r == null) return;
            String why = Results.mismatch(a.results(), r);
            if (why == null) pass();
            else fail(a.line(), "assert_return", describeAction(a.action()) + ": " + why);
        }

        private void assertTrap(int line, String kind, Action action, String message, boolean exhaustion) {
            Object[] r;
            try {
                r = perform(action);
            } catch (Skip s) {
                throw s;
            } catch (Throwable t) {
                RuntimeException e = toTrap(t);
                if (e instanceof Trap trap && trap.getMessage().startsWith(message)
                        && (!exhaustion || trap.kind() == TrapKind.CALL_STACK_EXHAUSTED)) {
                    pass();
                } else {
                    fail(line, kind, describeAction(action) + ": expected trap \"" + message + "\", got " + describe(t));
                }
                return;
            }
            fail(line, kind, describeAction(action) + ": expected trap \"" + message + "\", got " + Results.show(r));
        }

        /** Compiles a module that must load; on rejection records a failure and returns null. */
        private CompiledModule compileOrFail(WastModule m, int line, String kind) {
            try {
                return compile(m);
            } catch (UnsupportedFeatureException e) {
                throw e;
            } catch (ModuleException e) {
                fail(line, kind, "module rejected: " + e.getMessage());
                return null;
            }
        }

        private void assertModuleTrap(Command.AssertModuleTrap a) {
            CompiledModule compiled = compileOrFail(a.module(), a.line(), "assert_trap");
            if (compiled == null) return;
            try {
                Instance inst = guest.call(() -> compiled.instantiate(imports));
                fail(a.line(), "assert_trap", "expected trap \"" + a.message() + "\", but the module instantiated");
                if (a.module().name() != null) setCurrent(a.module().name(), inst);
            } catch (Skip s) {
                throw s;
            } catch (Throwable t) {
                RuntimeException e = toTrap(t);
                if (e instanceof Trap trap && trap.getMessage().startsWith(a.message())) pass();
                else fail(a.line(), "assert_trap", "expected trap \"" + a.message() + "\", got " + describe(t));
            }
        }

        /** assert_malformed / assert_invalid: rejected at the right stage. */
        private void assertRejected(int line, String kind, WastModule m, String message, boolean malformed) {
            String stage;
            try {
                byte[] bin = m.toBinary();
                Module module = ModuleDecoder.decode(bin, customPageSizes);
                ModuleValidator.validate(module);
                stage = null;
            } catch (UnsupportedFeatureException e) {
                throw e;
            } catch (MalformedException e) {
                stage = "malformed: " + e.reason();
                if (malformed) {
                    pass();
                    return;
                }
            } catch (InvalidException e) {
                stage = "invalid: " + e.reason();
                if (!malformed) {
                    pass();
                    return;
                }
            } catch (ModuleException e) {
                stage = e.stage() + ": " + e.reason();
            }
            fail(line, kind, "expected " + (malformed ? "malformed" : "invalid") + " \"" + message + "\", got "
                    + (stage == null ? "a valid module" : stage));
        }

        private void assertUnlinkable(Command.AssertUnlinkable a) {
            CompiledModule compiled = compileOrFail(a.module(), a.line(), "assert_unlinkable");
            if (compiled == null) return;
            try {
                guest.call(() -> compiled.instantiate(imports));
                fail(a.line(), "assert_unlinkable", "expected \"" + a.message() + "\", but the module linked");
            } catch (Skip s) {
                throw s;
            } catch (LinkException e) {
                pass();
            } catch (Throwable t) {
                fail(a.line(), "assert_unlinkable", "expected a link error \"" + a.message() + "\", got " + describe(t));
            }
        }
    }

    private static RuntimeException toTrap(Throwable t) {
        try {
            return Trap.of(t);
        } catch (Throwable e) {
            return new RuntimeException(e);
        }
    }

    private static String describe(Throwable t) {
        RuntimeException e = toTrap(t);
        if (e instanceof Trap trap) return "trap \"" + trap.getMessage() + "\"";
        if (t instanceof LinkException) return "link error \"" + t.getMessage() + "\"";
        return t.toString();
    }

    private static String describeAction(Action a) {
        if (a instanceof Action.Invoke i) {
            StringBuilder sb = new StringBuilder("invoke \"").append(i.name()).append('"');
            for (var v : i.args()) sb.append(' ').append(Results.show(Results.toJava(v)));
            return sb.toString();
        }
        return "get \"" + ((Action.Get) a).name() + "\"";
    }
}
