package dev.wasm2jar.model;

import java.util.HashMap;
import java.util.Map;

/** What the {@code name} custom section says (spec appendix 7.4.1); everything is optional. */
public final class Names {
    public String module;
    public final Map<Integer, String> functions = new HashMap<>();
    public final Map<Integer, Map<Integer, String>> locals = new HashMap<>();
    public final Map<Integer, String> globals = new HashMap<>();
    public final Map<Integer, String> tables = new HashMap<>();
    public final Map<Integer, String> memories = new HashMap<>();
    public final Map<Integer, String> types = new HashMap<>();
    public final Map<Integer, String> data = new HashMap<>();
    public final Map<Integer, String> elements = new HashMap<>();
    public final Map<Integer, String> tags = new HashMap<>();
}
