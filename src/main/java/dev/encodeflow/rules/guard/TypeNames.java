package dev.encodeflow.rules.guard;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.type.ArrayType;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.PrimitiveType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Resolves the type names of one DRL file as Drools will: its single-type imports, then its
 * wildcard imports, then {@code java.lang}. Names resolve only to allowed types; anything else is
 * a refusal that says which class it would have been. Classes are loaded without initializing
 * them, so resolving a name runs no code.
 */
final class TypeNames {

    private static final Map<String, Class<?>> PRIMITIVES = Map.of("int", int.class, "long", long.class,
            "double", double.class, "float", float.class, "boolean", boolean.class, "char", char.class,
            "short", short.class, "byte", byte.class, "void", void.class);

    private final Map<String, String> single = new TreeMap<>();
    private final List<String> wildcards = new ArrayList<>();
    private final ClassLoader loader;
    private final String ownPackage;
    private final Map<String, DeclaredType> declared;

    /** The names of a file in package {@code ownPackage} with these import targets. */
    TypeNames(String ownPackage, List<String> imports, Map<String, DeclaredType> declared, ClassLoader loader) {
        this.loader = loader;
        this.ownPackage = ownPackage;
        this.declared = declared;
        for (String target : imports) {
            if (target.endsWith(".*")) {
                wildcards.add(target.substring(0, target.length() - 2));
            } else {
                single.put(target.substring(target.lastIndexOf('.') + 1), target);
            }
        }
        wildcards.add("java.lang");
    }

    /**
     * The class a simple name denotes here, if any (allowed or not: {@link #allowed} decides), in
     * Java's order: single-type imports, the file's own package, wildcard imports, java.lang.
     */
    Optional<Class<?>> simple(String name) {
        if (single.containsKey(name)) {
            return load(single.get(name));
        }
        Optional<Class<?>> local = ownPackage.isEmpty() ? Optional.empty() : load(ownPackage + "." + name);
        if (local.isPresent()) {
            return local;
        }
        for (String pkg : wildcards) {
            Optional<Class<?>> found = load(pkg + "." + name);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** The class of a fully qualified name ({@code java.util.List}, {@code dev.encodeflow.model.Asset}). */
    Optional<Class<?>> qualified(String name) {
        return load(name);
    }

    /** A nested type ({@code Map.Entry}). */
    Optional<Class<?>> nested(Class<?> owner, String name) {
        for (Class<?> member : owner.getClasses()) {
            if (member.getSimpleName().equals(name)) {
                return Optional.of(member);
            }
        }
        return Optional.empty();
    }

    static Class<?> allowed(Node at, Class<?> type) {
        if (!AllowList.typeAllowed(type)) {
            throw new Refusal(at, "type " + type.getName() + " is not allowed in rules");
        }
        return type;
    }

    /** A type written in code ({@code List<Chunk>}, {@code int[]}); null for {@code var}. */
    Type type(com.github.javaparser.ast.type.Type written) {
        if (written.isVarType()) {
            return null;
        }
        if (written instanceof PrimitiveType primitive) {
            return PRIMITIVES.get(primitive.asString());
        }
        if (written instanceof ArrayType array) {
            Type component = type(array.getComponentType());
            return Types.raw(component).arrayType();
        }
        if (written instanceof ClassOrInterfaceType named) {
            if (named.getScope().isEmpty() && declared.containsKey(named.getNameAsString())) {
                return declared.get(named.getNameAsString());
            }
            Class<?> raw = allowed(written, named(written, named));
            if (named.getTypeArguments().isEmpty() || named.getTypeArguments().get().isEmpty()) {
                return raw;
            }
            List<Type> args = new ArrayList<>();
            for (com.github.javaparser.ast.type.Type arg : named.getTypeArguments().get()) {
                Type resolved = arg.isWildcardType()
                        ? arg.asWildcardType().getExtendedType().map(this::type).orElse(Object.class) : type(arg);
                args.add(resolved == null ? Object.class : resolved);
            }
            return new Types.Parameterized(raw, args.toArray(Type[]::new));
        }
        if (written.isVoidType()) {
            return void.class;
        }
        throw new Refusal(written, "type " + written + " is not allowed in rules");
    }

    /** A type name given as text in the DRL itself (a pattern's type, a function's parameter). */
    Type name(Node at, String text) {
        String trimmed = text.strip();
        if (PRIMITIVES.containsKey(trimmed)) {
            return PRIMITIVES.get(trimmed);
        }
        if (declared.containsKey(trimmed)) {
            return declared.get(trimmed);
        }
        if (trimmed.contains("<") || trimmed.endsWith("[]")) {
            throw new Refusal(at, "write " + trimmed + " without type arguments or brackets here");
        }
        Optional<Class<?>> found = trimmed.contains(".") ? qualified(trimmed).or(() -> dotted(trimmed)) : simple(trimmed);
        return allowed(at, found.orElseThrow(() -> new Refusal(at, "unknown type " + trimmed)));
    }

    private Class<?> named(Node at, ClassOrInterfaceType type) {
        String name = type.getNameAsString();
        if (type.getScope().isEmpty()) {
            return simple(name).orElseThrow(() -> new Refusal(at, "unknown type " + name));
        }
        String scope = type.getScope().get().getNameWithScope();
        Optional<Class<?>> owner = qualified(scope).or(() -> scope.contains(".") ? Optional.empty() : simple(scope));
        if (owner.isPresent()) {
            return nested(owner.get(), name).orElseThrow(() -> new Refusal(at, "unknown type " + scope + "." + name));
        }
        return qualified(scope + "." + name).orElseThrow(() -> new Refusal(at, "unknown type " + scope + "." + name));
    }

    /** "Map.Entry" or "dev.encodeflow.model.Foo.Bar": outer class first, then nested names. */
    private Optional<Class<?>> dotted(String text) {
        int dot = text.lastIndexOf('.');
        if (dot < 0) {
            return simple(text);
        }
        return dotted(text.substring(0, dot)).flatMap(owner -> nested(owner, text.substring(dot + 1)));
    }

    private Optional<Class<?>> load(String name) {
        try {
            return Optional.of(Class.forName(name, false, loader));
        } catch (ClassNotFoundException | LinkageError | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
