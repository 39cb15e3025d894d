package dev.wasm2jar.error;

/** The module is well-formed but breaks a validation rule (spec: "invalid"). */
public class InvalidException extends ModuleException {
    public InvalidException(String reason, long offset) {
        super(reason, offset, null, -1, null);
    }

    public InvalidException(String reason, long offset, int functionIndex, String functionName) {
        super(reason, offset, null, functionIndex, functionName);
    }

    @Override
    public String stage() {
        return "invalid";
    }
}
