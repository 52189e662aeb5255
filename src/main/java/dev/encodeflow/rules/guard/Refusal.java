package dev.encodeflow.rules.guard;

import com.github.javaparser.ast.Node;

/** A piece of rule code the guard will not let through, with where in the piece it is. */
final class Refusal extends RuntimeException {

    private final int line;

    Refusal(Node at, String message) {
        super(message, null, false, false);
        this.line = at == null ? 1 : at.getBegin().map(p -> p.line).orElse(1);
    }

    Refusal(int line, String message) {
        super(message, null, false, false);
        this.line = Math.max(1, line);
    }

    /** 1-based line within the piece of code that was checked. */
    int line() {
        return line;
    }
}
