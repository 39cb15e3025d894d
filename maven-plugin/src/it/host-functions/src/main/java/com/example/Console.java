package com.example;

import dev.wasm2jar.runtime.Memory;

import java.util.ArrayList;
import java.util.List;

/** Implements the module's "env" imports; the log reads the guest's message from its memory. */
public class Console implements Greeter.Env {
    private final List<String> lines = new ArrayList<>();
    private Memory memory;

    /** The guest's memory exists only once the module is instantiated. */
    public void attach(Memory memory) {
        this.memory = memory;
    }

    @Override
    public void log(int ptr, int len) {
        lines.add(memory.readString(ptr, len));
    }

    @Override
    public long now() {
        return 1234L;
    }

    public List<String> lines() {
        return lines;
    }
}
