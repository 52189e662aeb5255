package dev.encodeflow.rules.guard;

import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The names a piece of rule code can see: variables (pattern bindings, the {@code emit} global,
 * locals, parameters), and in a constraint the fact being matched, whose properties are bare
 * names there ({@code state == AssetState.NEW}).
 */
final class Scope {

    /** How the piece is compiled: Java (consequences, eval, functions) or MVEL (constraints, from). */
    enum Dialect { JAVA, MVEL }

    private final Scope parent;
    private final Map<String, Type> variables = new HashMap<>();
    private final Type matched;
    private final Dialect dialect;

    private Scope(Scope parent, Type matched, Dialect dialect) {
        this.parent = parent;
        this.matched = matched;
        this.dialect = dialect;
    }

    static Scope java() {
        return new Scope(null, null, Dialect.JAVA);
    }

    static Scope mvel() {
        return new Scope(null, null, Dialect.MVEL);
    }

    /** A copy of the variables for code run in another way (a constraint of a pattern, a consequence). */
    Scope as(Dialect other, Type matchedFact) {
        Scope scope = new Scope(this, matchedFact, other);
        return scope;
    }

    /** A nested block: its declarations end with it. */
    Scope child() {
        return new Scope(this, matched, dialect);
    }

    void declare(String name, Type type) {
        variables.put(name, type);
    }

    Optional<Type> variable(String name) {
        for (Scope scope = this; scope != null; scope = scope.parent) {
            if (scope.variables.containsKey(name)) {
                return Optional.of(scope.variables.get(name));
            }
        }
        return Optional.empty();
    }

    /** Declared in this block itself (assignable locals). */
    boolean declaredHere(String name) {
        for (Scope scope = this; scope != null && scope.dialect == dialect && scope.matched == matched;
                scope = scope.parent) {
            if (scope.variables.containsKey(name)) {
                return true;
            }
        }
        return false;
    }

    /** The fact a constraint is about (MVEL only), or null. */
    Type matched() {
        return matched;
    }

    Dialect dialect() {
        return dialect;
    }
}
