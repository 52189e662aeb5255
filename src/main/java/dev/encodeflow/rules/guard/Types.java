package dev.encodeflow.rules.guard;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Just enough of Java's generic types for the guard to know what an expression is: the type
 * arguments of a receiver ({@code List<Chunk>}) carried into the members it calls ({@code get}
 * gives a {@code Chunk}). Whatever cannot be worked out becomes {@code Object}, on which almost
 * nothing is allowed: the guard fails closed rather than guessing.
 */
final class Types {

    private Types() {
    }

    /** A parameterized type built from source ({@code List<Chunk>}). */
    record Parameterized(Class<?> raw, Type[] args) implements ParameterizedType {

        @Override
        public Type[] getActualTypeArguments() {
            return args.clone();
        }

        @Override
        public Type getRawType() {
            return raw;
        }

        @Override
        public Type getOwnerType() {
            return null;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Parameterized p && p.raw.equals(raw) && Arrays.equals(p.args, args);
        }

        @Override
        public int hashCode() {
            return Objects.hash(raw, Arrays.hashCode(args));
        }

        @Override
        public String toString() {
            return raw.getSimpleName() + "<" + String.join(", ", Arrays.stream(args).map(Types::name).toList()) + ">";
        }
    }

    /** The class behind a type (the bound of a variable, the raw type of a parameterized one). */
    static Class<?> raw(Type type) {
        if (type instanceof DeclaredType) {
            return Object.class;
        }
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof GenericArrayType array) {
            return raw(array.getGenericComponentType()).arrayType();
        }
        if (type instanceof WildcardType wildcard) {
            return raw(wildcard.getUpperBounds()[0]);
        }
        if (type instanceof TypeVariable<?> variable) {
            return raw(variable.getBounds()[0]);
        }
        return Object.class;
    }

    /**
     * {@code member} (a method's return or parameter type) as seen from {@code receiver}: the
     * receiver's type arguments, through its whole hierarchy, and {@code inferred} method-level
     * variables substituted; anything still unknown is its bound.
     */
    static Type resolve(Type member, Type receiver, Map<TypeVariable<?>, Type> inferred) {
        Map<TypeVariable<?>, Type> bindings = new HashMap<>(bindings(receiver));
        bindings.putAll(inferred);
        return substitute(member, bindings, 0);
    }

    /** The type arguments a receiver gives its classes' type variables, supertypes included. */
    static Map<TypeVariable<?>, Type> bindings(Type receiver) {
        Map<TypeVariable<?>, Type> bindings = new HashMap<>();
        collect(receiver, bindings, 0);
        return bindings;
    }

    private static void collect(Type type, Map<TypeVariable<?>, Type> bindings, int depth) {
        if (type == null || depth > 20) {
            return;
        }
        Class<?> raw = raw(type);
        if (type instanceof ParameterizedType p) {
            TypeVariable<?>[] variables = raw.getTypeParameters();
            Type[] args = p.getActualTypeArguments();
            for (int i = 0; i < variables.length && i < args.length; i++) {
                bindings.putIfAbsent(variables[i], substitute(args[i], bindings, 0));
            }
        }
        if (raw.getGenericSuperclass() != null) {
            collect(substitute(raw.getGenericSuperclass(), bindings, 0), bindings, depth + 1);
        }
        for (Type parent : raw.getGenericInterfaces()) {
            collect(substitute(parent, bindings, 0), bindings, depth + 1);
        }
    }

    private static Type substitute(Type type, Map<TypeVariable<?>, Type> bindings, int depth) {
        if (depth > 20) {
            return Object.class;
        }
        if (type instanceof TypeVariable<?> variable) {
            Type bound = bindings.get(variable);
            return bound != null && bound != variable ? bound : raw(variable);
        }
        if (type instanceof ParameterizedType p) {
            Type[] args = p.getActualTypeArguments();
            Type[] resolved = new Type[args.length];
            for (int i = 0; i < args.length; i++) {
                resolved[i] = substitute(args[i], bindings, depth + 1);
            }
            return new Parameterized((Class<?>) p.getRawType(), resolved);
        }
        if (type instanceof WildcardType wildcard) {
            return substitute(wildcard.getUpperBounds()[0], bindings, depth + 1);
        }
        if (type instanceof GenericArrayType array) {
            return raw(substitute(array.getGenericComponentType(), bindings, depth + 1)).arrayType();
        }
        return type;
    }

    /** The element type of something a for-each can walk (an array or an Iterable), else null. */
    static Type elementOf(Type iterable) {
        Class<?> raw = raw(iterable);
        if (raw.isArray()) {
            return raw.getComponentType();
        }
        if (Iterable.class.isAssignableFrom(raw)) {
            return bindings(iterable).getOrDefault(Iterable.class.getTypeParameters()[0], Object.class);
        }
        return null;
    }

    /** Whether a value of type {@code from} may be passed where {@code to} is expected (boxing included). */
    static boolean assignable(Type from, Type to) {
        if (from == null) {
            return !raw(to).isPrimitive();
        }
        if (to instanceof DeclaredType || from instanceof DeclaredType) {
            return from == to || to == Object.class;
        }
        Class<?> source = box(raw(from));
        Class<?> target = box(raw(to));
        if (target.isAssignableFrom(source)) {
            return true;
        }
        return Number.class.isAssignableFrom(target) || target == Object.class
                ? widening(source, target) : false;
    }

    private static final java.util.List<Class<?>> NUMERIC_ORDER = java.util.List.of(
            Byte.class, Short.class, Character.class, Integer.class, Long.class, Float.class, Double.class);

    private static boolean widening(Class<?> source, Class<?> target) {
        int from = NUMERIC_ORDER.indexOf(source);
        int to = NUMERIC_ORDER.indexOf(target);
        return from >= 0 && to >= 0 && from <= to;
    }

    static Class<?> box(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return switch (type.getName()) {
            case "int" -> Integer.class;
            case "long" -> Long.class;
            case "double" -> Double.class;
            case "float" -> Float.class;
            case "boolean" -> Boolean.class;
            case "char" -> Character.class;
            case "short" -> Short.class;
            case "byte" -> Byte.class;
            default -> Void.class;
        };
    }

    static String name(Type type) {
        if (type == null) {
            return "null";
        }
        return type instanceof Class<?> c ? c.getSimpleName() : type.toString();
    }
}
