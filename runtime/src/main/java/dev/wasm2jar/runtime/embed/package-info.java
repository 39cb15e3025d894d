/**
 * Embedding compiled modules in Java programs.
 *
 * <h2>Instantiating</h2>
 * A generated module class has {@code public static <Class> instantiate(ImportResolver)}; with the
 * Maven plugin, the typed facade wraps it (a constructor, one Java method per export). Imports come
 * from an {@link dev.wasm2jar.runtime.embed.Imports} built in Java: host functions as lambdas, method
 * references or method handles ({@link dev.wasm2jar.runtime.embed.HostFunctions} says how Java types
 * map to Wasm types), and memories, tables and globals, which are shared by reference between the
 * instances that import or export them. {@link dev.wasm2jar.runtime.embed.Exports} finds exports by
 * name; {@link dev.wasm2jar.runtime.embed.Memories} reads and writes numbers and strings in linear
 * memory; {@link dev.wasm2jar.runtime.embed.ModuleClasses} instantiates a class known only at run time.
 *
 * <h2>Failures</h2>
 * Instantiation fails with {@link dev.wasm2jar.runtime.LinkException} when an import is missing or
 * has the wrong type. A guest that traps (unreachable, division by zero, out-of-bounds access, stack
 * exhaustion, ...) throws {@link dev.wasm2jar.runtime.Trap}: {@code kind()} says which trap, and
 * {@link dev.wasm2jar.runtime.embed.Traps#backtrace} gives the Wasm functions that were active,
 * innermost first, by their names from the module's name section. After a trap the instance's
 * memory and globals hold whatever the guest had written; the instance can still be called.
 *
 * <h2>Threads</h2>
 * An instance is used from one thread at a time: generated code reads and writes memory and globals
 * without synchronization. Different instances may run on different threads at once as long as they
 * share no memory, table or global; share those only between instances used by one thread. Deep
 * guest recursion needs a deep Java stack: run such guests on a thread created with a large stack size.
 */
package dev.wasm2jar.runtime.embed;
