package dev.wasm2jar.error;

/** The bytes or text are not a module: decoding or parsing failed (spec: "malformed"). */
public class MalformedException extends ModuleException {
    public MalformedException(String reason, long offset) {
        super(reason, offset, null, -1, null);
    }

    public MalformedException(String reason, long offset, int functionIndex, String functionName) {
        super(reason, offset, null, functionIndex, functionName);
    }

    /** A text-format error at line:column. */
    public static MalformedException atText(String reason, int line, int column) {
        return new MalformedException(reason, line + ":" + column);
    }

    private MalformedException(String reason, String location) {
        super(reason, -1, location, -1, null);
    }

    @Override
    public String stage() {
        return "malformed";
    }
}
