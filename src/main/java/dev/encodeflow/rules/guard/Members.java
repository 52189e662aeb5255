package dev.encodeflow.rules.guard;

import com.github.javaparser.ast.Node;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the member an expression names, by reflection on the real classes (so what the guard
 * checks is what the compiler will call), and refuses it unless the allow-list lets it through.
 */
final class Members {

    private Members() {
    }

    /** The result type of calling {@code name(args)} on a receiver (an instance, or a class when static). */
    static Type call(Node at, Type receiver, boolean onClass, String name, List<Type> args) {
        if (receiver instanceof DeclaredType declared) {
            return declaredCall(at, declared, name, args);
        }
        Class<?> raw = Types.raw(receiver);
        List<Method> candidates = new ArrayList<>();
        for (Method method : raw.getMethods()) {
            if (method.getName().equals(name) && Modifier.isStatic(method.getModifiers()) == onClass
                    && applicable(method, args)) {
                candidates.add(method);
            }
        }
        if (raw.isInterface() && !onClass) {
            for (Method method : Object.class.getMethods()) {
                if (method.getName().equals(name) && applicable(method, args)) {
                    candidates.add(method);
                }
            }
        }
        if (candidates.isEmpty()) {
            throw new Refusal(at, (onClass ? "no static method " : "no method ") + name + "(" + names(args) + ") on "
                    + Types.name(receiver) + " that rules may call");
        }
        candidates.sort(Comparator.comparing(Method::isVarArgs).thenComparing(m -> m.getDeclaringClass() == raw ? 0 : 1));
        Method method = candidates.get(0);
        if (!AllowList.methodAllowed(raw, method)) {
            throw new Refusal(at, AllowList.describe(method) + " is not allowed in rules");
        }
        Type result = Types.resolve(method.getGenericReturnType(), onClass ? raw : receiver, infer(method, args));
        return held(at, result, AllowList.describe(method));
    }

    /** The type a constructor call makes. */
    static Type construct(Node at, Type type, List<Type> args) {
        if (type instanceof DeclaredType declared) {
            List<Type> fields = declared.fieldTypes();
            boolean fits = args.isEmpty() || args.size() == fields.size();
            for (int i = 0; fits && i < args.size(); i++) {
                fits = Types.assignable(args.get(i), fields.get(i));
            }
            if (!fits) {
                throw new Refusal(at, "new " + declared.name() + " takes no arguments or all its fields in order ("
                        + names(fields) + ")");
            }
            return declared;
        }
        Class<?> raw = Types.raw(type);
        if (raw.isInterface() || Modifier.isAbstract(raw.getModifiers())) {
            throw new Refusal(at, raw.getSimpleName() + " cannot be created");
        }
        for (Constructor<?> constructor : raw.getConstructors()) {
            if (applicable(constructor, args)) {
                if (!AllowList.constructorAllowed(constructor)) {
                    throw new Refusal(at, "new " + raw.getSimpleName() + "(" + names(args) + ") is not allowed in rules");
                }
                return type;
            }
        }
        throw new Refusal(at, "no constructor " + raw.getSimpleName() + "(" + names(args) + ") that rules may call");
    }

    /** A public static constant ({@code AssetState.NEW}, {@code Integer.MAX_VALUE}), if there is one. */
    static Optional<Type> constant(Node at, Class<?> owner, String name) {
        try {
            Field field = owner.getField(name);
            if (!Modifier.isStatic(field.getModifiers())) {
                return Optional.empty();
            }
            if (!AllowList.fieldAllowed(owner, field)) {
                throw new Refusal(at, owner.getSimpleName() + "." + name + " is not allowed in rules");
            }
            return Optional.of(held(at, field.getGenericType(), owner.getSimpleName() + "." + name));
        } catch (NoSuchFieldException e) {
            return Optional.empty();
        }
    }

    /**
     * A property as MVEL reads it in a constraint: {@code state} is {@code getState()} (or
     * {@code isState()}, or the record accessor {@code state()}); on a map, the value of that key.
     */
    static Optional<Type> property(Node at, Type owner, String name) {
        if (owner instanceof DeclaredType declared) {
            return declared.read(name);
        }
        Class<?> raw = Types.raw(owner);
        if (java.util.Map.class.isAssignableFrom(raw)) {
            return Optional.of(Types.bindings(owner).getOrDefault(java.util.Map.class.getTypeParameters()[1], Object.class));
        }
        String capital = name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
        for (String getter : List.of("get" + capital, "is" + capital, name)) {
            try {
                Method method = raw.getMethod(getter);
                if (!Modifier.isStatic(method.getModifiers()) && method.getReturnType() != void.class) {
                    if (!AllowList.methodAllowed(raw, method)) {
                        throw new Refusal(at, AllowList.describe(method) + " is not allowed in rules");
                    }
                    return Optional.of(held(at, Types.resolve(method.getGenericReturnType(), owner, Map.of()),
                            AllowList.describe(method)));
                }
            } catch (NoSuchMethodException e) {
                // try the next spelling
            }
        }
        return Optional.empty();
    }

    /** The members Drools generates for a declared type: getters, setters, equals, hashCode, toString. */
    private static Type declaredCall(Node at, DeclaredType declared, String name, List<Type> args) {
        if (args.isEmpty()) {
            Optional<Type> read = name.equals("hashCode") ? Optional.of(int.class)
                    : name.equals("toString") ? Optional.of(String.class)
                    : name.startsWith("get") || name.startsWith("is") ? declared.read(name) : Optional.empty();
            if (read.isPresent()) {
                return read.get();
            }
        } else if (args.size() == 1) {
            if (name.equals("equals")) {
                return boolean.class;
            }
            Optional<Type> written = declared.write(name);
            if (written.isPresent() && Types.assignable(args.get(0), written.get())) {
                return void.class;
            }
        }
        throw new Refusal(at, "no method " + name + "(" + names(args) + ") on " + declared.name());
    }

    /** Rules may only hold values of allowed types: a member giving anything else is refused. */
    static Type held(Node at, Type type, String what) {
        Class<?> raw = Types.raw(type);
        if (raw != void.class && !AllowList.typeAllowed(raw)) {
            throw new Refusal(at, what + " gives a " + raw.getName() + ", which rules may not use");
        }
        return type;
    }

    static boolean applicable(Executable executable, List<Type> args) {
        Class<?>[] params = executable.getParameterTypes();
        if (executable.isVarArgs()) {
            if (args.size() < params.length - 1) {
                return false;
            }
            for (int i = 0; i < args.size(); i++) {
                Class<?> param = i < params.length - 1 ? params[i] : params[params.length - 1].getComponentType();
                boolean last = i == params.length - 1 && args.size() == params.length;
                if (!Types.assignable(args.get(i), param)
                        && !(last && Types.assignable(args.get(i), params[params.length - 1]))) {
                    return false;
                }
            }
            return true;
        }
        if (params.length != args.size()) {
            return false;
        }
        for (int i = 0; i < params.length; i++) {
            if (!Types.assignable(args.get(i), params[i])) {
                return false;
            }
        }
        return true;
    }

    /** Method type variables bound from the arguments given for them ({@code List.of(chunk)} is a list of chunks). */
    private static Map<TypeVariable<?>, Type> infer(Method method, List<Type> args) {
        Map<TypeVariable<?>, Type> inferred = new HashMap<>();
        Type[] params = method.getGenericParameterTypes();
        for (int i = 0; i < params.length && i < args.size(); i++) {
            Type param = params[i];
            if (method.isVarArgs() && i == params.length - 1 && param instanceof java.lang.reflect.GenericArrayType g) {
                param = g.getGenericComponentType();
            }
            if (param instanceof TypeVariable<?> variable && args.get(i) != null
                    && Arrays.asList(method.getTypeParameters()).contains(variable)) {
                inferred.putIfAbsent(variable, boxed(args.get(i)));
            }
        }
        return inferred;
    }

    private static Type boxed(Type type) {
        return type instanceof Class<?> c && c.isPrimitive() ? Types.box(c) : type;
    }

    private static String names(List<Type> types) {
        return String.join(", ", types.stream().map(Types::name).toList());
    }
}
