package dev.encodeflow.model;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The fact types that can be stored in an asset's log, by the name stored with them (the simple
 * class name). Adding a fact type means adding it here.
 */
public final class FactTypes {

    private static final List<Class<?>> TYPES = List.of(
            MezzanineArrived.class, Probe.class, AudioEncoded.class, ChunkEncoded.class, Assembled.class,
            Validated.class, TaskFailed.class, EncodeStale.class, Cancel.class, Reprioritize.class, Packaged.class,
            QualityMeasured.class);

    private static final Map<String, Class<?>> BY_NAME = TYPES.stream()
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private FactTypes() {
    }

    public static String nameOf(Object fact) {
        String name = fact.getClass().getSimpleName();
        if (!BY_NAME.containsKey(name)) {
            throw new IllegalArgumentException("not a storable fact type: " + fact.getClass().getName());
        }
        return name;
    }

    public static Class<?> classOf(String name) {
        Class<?> type = BY_NAME.get(name);
        if (type == null) {
            throw new IllegalArgumentException("unknown stored fact type: " + name);
        }
        return type;
    }
}
