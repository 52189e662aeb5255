package dev.encodeflow.model;

import java.util.List;

/**
 * A new mezzanine to encode: the first fact of every asset, as posted (defaults applied).
 * {@code delivery} is null in facts stored before 0.6.0 (read as {@link Delivery#NONE}).
 */
public record MezzanineArrived(String id, String source, int priority, double chunkSeconds, List<Rung> ladder,
        Delivery delivery) {

    public MezzanineArrived {
        ladder = List.copyOf(ladder);
    }

    /** A mezzanine without segment grid, manifests or quality measurement (the model of 0.5.0). */
    public MezzanineArrived(String id, String source, int priority, double chunkSeconds, List<Rung> ladder) {
        this(id, source, priority, chunkSeconds, ladder, null);
    }

    public Delivery effectiveDelivery() {
        return delivery == null ? Delivery.NONE : delivery;
    }
}
