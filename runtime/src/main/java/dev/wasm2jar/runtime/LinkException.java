package dev.wasm2jar.runtime;

/**
 * Instantiation failed because an import is missing or has the wrong type (spec: "unlinkable").
 * The message starts with the spec's wording: "unknown import" or "incompatible import type".
 */
public class LinkException extends RuntimeException {
    public LinkException(String message) {
        super(message);
    }

    static RuntimeException of(String message) {
        return new LinkException(message);
    }
}
