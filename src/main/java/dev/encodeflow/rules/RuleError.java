package dev.encodeflow.rules;

/** A problem in a rule file, located for the person who has to fix it (line 0 when unknown). */
public record RuleError(String file, int line, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
