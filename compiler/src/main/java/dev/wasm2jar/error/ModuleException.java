package dev.wasm2jar.error;

/**
 * Why a module was rejected, with where: the documented error of every compiler stage. The message
 * reads {@code FILE:LOCATION: [in function N (name):] reason}. Subclasses say at which stage it was
 * rejected (the spec testsuite checks the stage: malformed, invalid, unlinkable).
 */
public abstract class ModuleException extends RuntimeException {
    private final String reason;
    private final long offset;
    private final String location;
    private final int functionIndex;
    private final String functionName;
    private String file;

    protected ModuleException(String reason, long offset, String location, int functionIndex, String functionName) {
        super(reason);
        this.reason = reason;
        this.offset = offset;
        this.location = location;
        this.functionIndex = functionIndex;
        this.functionName = functionName;
    }

    /** The reason alone, as the spec testsuite words it where it can (e.g. "type mismatch"). */
    public String reason() {
        return reason;
    }

    /** Byte offset in the binary, or -1 (text errors use {@link #location}). */
    public long offset() {
        return offset;
    }

    /** "line:column" for text errors, else null. */
    public String location() {
        return location;
    }

    /** Index of the function the error is in, or -1. */
    public int functionIndex() {
        return functionIndex;
    }

    public ModuleException withFile(String file) {
        this.file = file;
        return this;
    }

    /** A short name of the stage for messages: "malformed", "invalid", ... */
    public abstract String stage();

    @Override
    public String getMessage() {
        StringBuilder sb = new StringBuilder();
        if (file != null) sb.append(file).append(':');
        if (location != null) sb.append(location).append(": ");
        else if (offset >= 0) sb.append(String.format("0x%x: ", offset));
        else if (file != null) sb.append(' ');
        if (functionIndex >= 0) {
            sb.append("in function ").append(functionIndex);
            if (functionName != null) sb.append(" (").append(functionName).append(')');
            sb.append(": ");
        }
        sb.append(stage()).append(" module: ").append(reason);
        return sb.toString();
    }
}
