package dev.encodeflow.rules.guard;

import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fact type a rule file declares itself ({@code declare Tick n : int end}). Drools generates a
 * plain class for it: a getter and a setter per field, a constructor with no arguments and one with
 * every field in order, equals, hashCode and toString. Its fields hold allowed types only, so
 * nothing reachable through it is outside the allow-list.
 */
final class DeclaredType implements Type {

    private final String name;
    private final Map<String, Type> fields = new LinkedHashMap<>();

    DeclaredType(String name) {
        this.name = name;
    }

    void field(String field, Type type) {
        fields.put(field, type);
    }

    String name() {
        return name;
    }

    List<Type> fieldTypes() {
        return List.copyOf(fields.values());
    }

    /** The type of a getter ({@code getN()}, {@code isN()}) or property ({@code n}), if it is one. */
    Optional<Type> read(String member) {
        if (fields.containsKey(member)) {
            return Optional.of(fields.get(member));
        }
        for (String prefix : List.of("get", "is")) {
            if (member.startsWith(prefix) && member.length() > prefix.length()) {
                String field = Character.toLowerCase(member.charAt(prefix.length())) + member.substring(prefix.length() + 1);
                if (fields.containsKey(field)) {
                    return Optional.of(fields.get(field));
                }
            }
        }
        return Optional.empty();
    }

    /** The type a setter ({@code setN(x)}) takes, if it is one. */
    Optional<Type> write(String member) {
        if (member.startsWith("set") && member.length() > 3) {
            String field = Character.toLowerCase(member.charAt(3)) + member.substring(4);
            return Optional.ofNullable(fields.get(field));
        }
        return Optional.empty();
    }

    @Override
    public String getTypeName() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
