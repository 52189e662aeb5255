package dev.encodeflow.rules.guard;

import dev.encodeflow.rules.Emit;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What rule code may touch: the fact model and the {@code emit} global in full, and a short list
 * of {@code java.lang}, {@code java.util}, {@code java.time} and {@code java.math} members. Left
 * out on purpose: everything that reaches classes, threads, processes, files or the network;
 * regular expressions (a pattern can take exponential time on a hostile name); members that
 * allocate as much as a number asks ({@code String.repeat}, {@code String.format} widths,
 * capacity constructors, big-number multiplication); clocks ({@code now()}: rules are pure
 * functions of their facts). A member is allowed when the receiver type, or an allowed type it
 * extends, lists it; its parameter and result types must be allowed too.
 */
final class AllowList {

    static final String MODEL_PACKAGE = "dev.encodeflow.model";

    /** Never, on any type. */
    private static final Set<String> DENIED = Set.of("getClass", "wait", "notify", "notifyAll", "finalize", "clone",
            "getDeclaringClass", "describeConstable");

    private record Entry(Set<String> methods, Set<String> fields, List<List<Class<?>>> constructors) {
    }

    private static final Map<Class<?>, Entry> ENTRIES = new HashMap<>();

    static {
        allow(Object.class, "equals hashCode toString");
        allow(Comparable.class, "compareTo");
        allow(CharSequence.class, "length charAt isEmpty toString");
        allow(Iterable.class, "iterator");
        allow(Iterator.class, "hasNext next");
        allow(Enum.class, "name ordinal compareTo equals hashCode toString");
        allow(String.class, "length isEmpty isBlank charAt substring indexOf lastIndexOf contains startsWith endsWith "
                + "equals equalsIgnoreCase compareTo compareToIgnoreCase toLowerCase toUpperCase trim strip "
                + "stripLeading stripTrailing replace concat valueOf join");
        allow(StringBuilder.class, "append length toString charAt indexOf reverse deleteCharAt insert",
                List.of(), List.of(String.class), List.of(CharSequence.class));
        allow(Math.class, "abs max min floor ceil round rint sqrt cbrt pow exp log log10 signum hypot floorDiv "
                + "floorMod toIntExact addExact subtractExact multiplyExact negateExact");
        allow(Number.class, "intValue longValue doubleValue floatValue shortValue byteValue");
        String boxed = "valueOf compare min max sum toString intValue longValue doubleValue floatValue shortValue "
                + "byteValue compareTo equals hashCode";
        allowFields(Integer.class, boxed + " parseInt signum", "MAX_VALUE MIN_VALUE");
        allowFields(Long.class, boxed + " parseLong signum", "MAX_VALUE MIN_VALUE");
        allowFields(Short.class, boxed + " parseShort", "MAX_VALUE MIN_VALUE");
        allowFields(Byte.class, boxed + " parseByte", "MAX_VALUE MIN_VALUE");
        allowFields(Double.class, boxed + " parseDouble isNaN isInfinite isFinite", "MAX_VALUE MIN_VALUE NaN "
                + "POSITIVE_INFINITY NEGATIVE_INFINITY");
        allowFields(Float.class, boxed + " parseFloat isNaN isInfinite isFinite", "MAX_VALUE MIN_VALUE NaN");
        allowFields(Boolean.class, "valueOf parseBoolean booleanValue compare compareTo logicalAnd logicalOr "
                + "logicalXor toString equals hashCode", "TRUE FALSE");
        allow(Character.class, "isDigit isLetter isLetterOrDigit isWhitespace isUpperCase isLowerCase toUpperCase "
                + "toLowerCase charValue valueOf compare compareTo equals hashCode toString");

        allow(Collection.class, "size isEmpty contains containsAll add addAll remove removeAll retainAll clear "
                + "iterator toString equals hashCode");
        allow(List.class, "get set add remove indexOf lastIndexOf subList of copyOf");
        allow(Set.class, "of copyOf");
        allow(Map.class, "get getOrDefault put putIfAbsent putAll remove containsKey containsValue keySet values "
                + "entrySet size isEmpty clear of copyOf entry equals hashCode toString");
        allow(Map.Entry.class, "getKey getValue");
        for (Class<?> collection : List.of(ArrayList.class, HashSet.class, LinkedHashSet.class, TreeSet.class)) {
            allow(collection, "", List.of(), List.of(Collection.class));
        }
        for (Class<?> map : List.of(HashMap.class, LinkedHashMap.class, TreeMap.class)) {
            allow(map, "", List.of(), List.of(Map.class));
        }
        allow(Collections.class, "emptyList emptySet emptyMap unmodifiableList unmodifiableSet unmodifiableMap "
                + "unmodifiableCollection singletonList singleton singletonMap max min sort reverse frequency disjoint");
        allow(Arrays.class, "asList");
        allow(Objects.class, "equals hash hashCode isNull nonNull toString requireNonNullElse compare");
        allow(Optional.class, "of ofNullable empty isPresent isEmpty get orElse");

        allow(Duration.class, "ofDays ofHours ofMinutes ofSeconds ofMillis getSeconds toMillis toSeconds toMinutes "
                + "plus minus multipliedBy compareTo isNegative isZero equals");
        allow(Instant.class, "ofEpochMilli ofEpochSecond plus minus plusSeconds minusSeconds isBefore isAfter "
                + "toEpochMilli getEpochSecond compareTo equals");
        // No multiply, divide, pow or setScale: repeated in a loop they grow without bound.
        allowFields(BigDecimal.class, "valueOf add subtract compareTo signum negate abs intValue longValue "
                + "doubleValue toPlainString equals hashCode toString", "ZERO ONE TEN");
        allowFields(BigInteger.class, "valueOf add subtract compareTo signum negate abs intValue longValue "
                + "equals hashCode toString", "ZERO ONE TEN");
        allowFields(RoundingMode.class, "", "UP DOWN CEILING FLOOR HALF_UP HALF_DOWN HALF_EVEN");
    }

    private AllowList() {
    }

    private static void allow(Class<?> type, String methods, List<?>... constructors) {
        allowFields(type, methods, "", constructors);
    }

    @SuppressWarnings("unchecked")
    private static void allowFields(Class<?> type, String methods, String fields, List<?>... constructors) {
        List<List<Class<?>>> signatures = new ArrayList<>();
        for (List<?> signature : constructors) {
            signatures.add((List<Class<?>>) signature);
        }
        ENTRIES.put(type, new Entry(words(methods), words(fields), signatures));
    }

    private static Set<String> words(String text) {
        return text.isBlank() ? Set.of() : Set.copyOf(Arrays.asList(text.trim().split("\\s+")));
    }

    /** The fact model and the output global, whose public members rules may use in full. */
    static boolean isModel(Class<?> type) {
        Class<?> top = type;
        while (top.isArray()) {
            top = top.getComponentType();
        }
        return top == Emit.class || (top.getPackageName().equals(MODEL_PACKAGE) && Modifier.isPublic(top.getModifiers()));
    }

    /** A type rule code may name, hold or receive. */
    static boolean typeAllowed(Class<?> type) {
        if (type.isPrimitive()) {
            return true;
        }
        if (type.isArray()) {
            return typeAllowed(type.getComponentType());
        }
        return isModel(type) || ENTRIES.containsKey(type);
    }

    static boolean methodAllowed(Class<?> receiver, Method method) {
        if (DENIED.contains(method.getName()) || !Modifier.isPublic(method.getModifiers())) {
            return false;
        }
        if (isModel(method.getDeclaringClass())) {
            return true;
        }
        return listed(receiver, method.getName(), Entry::methods);
    }

    static boolean fieldAllowed(Class<?> owner, Field field) {
        if (!Modifier.isPublic(field.getModifiers()) || !Modifier.isStatic(field.getModifiers())
                || !Modifier.isFinal(field.getModifiers())) {
            return false;
        }
        return isModel(field.getDeclaringClass()) || listed(owner, field.getName(), Entry::fields);
    }

    static boolean constructorAllowed(Constructor<?> constructor) {
        Class<?> type = constructor.getDeclaringClass();
        if (!Modifier.isPublic(constructor.getModifiers())) {
            return false;
        }
        if (isModel(type)) {
            return type != Emit.class;
        }
        Entry entry = ENTRIES.get(type);
        return entry != null && entry.constructors().contains(List.of(constructor.getParameterTypes()));
    }

    /** Whether the receiver or any allowed type above it lists the name. */
    private static boolean listed(Class<?> receiver, String name,
            java.util.function.Function<Entry, Set<String>> names) {
        for (Class<?> type : hierarchy(receiver)) {
            Entry entry = ENTRIES.get(type);
            if (entry != null && names.apply(entry).contains(name)) {
                return true;
            }
        }
        return false;
    }

    static List<Class<?>> hierarchy(Class<?> type) {
        List<Class<?>> all = new ArrayList<>();
        java.util.ArrayDeque<Class<?>> todo = new java.util.ArrayDeque<>();
        todo.add(type.isPrimitive() ? Types.box(type) : type);
        while (!todo.isEmpty()) {
            Class<?> next = todo.poll();
            if (next == null || all.contains(next)) {
                continue;
            }
            all.add(next);
            if (next.getSuperclass() != null) {
                todo.add(next.getSuperclass());
            }
            todo.addAll(Arrays.asList(next.getInterfaces()));
        }
        if (type.isInterface() || type.isArray()) {
            all.add(Object.class);
        }
        return all;
    }

    /** For messages: which member it is, as a rule author would write it. */
    static String describe(Member member) {
        return member.getDeclaringClass().getSimpleName() + "." + member.getName();
    }
}
