package dev.encodeflow.model;

import java.util.Map;

/**
 * The capacity chunks are planned for, as the worker that probed the source saw it:
 * {@code slots} that can encode this asset's chunks at once (its pool's, or the fleet's when
 * configured), the slots one chunk encode of each codec takes at the source's size
 * ({@code encodeSlots}, by codec id: the shapes, i.e. the threads that codec uses well at that
 * size), and the shortest and longest chunk worth planning, in seconds.
 */
public record Planning(int slots, Map<String, Integer> encodeSlots, double minChunkSeconds, double maxChunkSeconds) {

    public Planning {
        encodeSlots = encodeSlots == null ? Map.of() : Map.copyOf(encodeSlots);
    }

    /** Slots one chunk encode of {@code codec} takes (1 when not known). */
    public int encodeSlotsOf(String codec) {
        return Math.max(1, encodeSlots.getOrDefault(codec, 1));
    }
}
