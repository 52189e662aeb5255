package dev.encodeflow.rules;

import java.util.List;
import java.util.stream.Collectors;

/** A rule set that does not compile (or whose scenarios fail), with every error found. */
public class RuleSetRejected extends Exception {

    private final transient List<RuleError> errors;

    public RuleSetRejected(List<RuleError> errors) {
        super(errors.stream().map(RuleError::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<RuleError> errors() {
        return errors;
    }
}
