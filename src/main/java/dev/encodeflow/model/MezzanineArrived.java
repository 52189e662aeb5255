package dev.encodeflow.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A new mezzanine to encode: the first fact of every asset, as posted (defaults applied).
 * {@code delivery} is null in facts stored before 0.6.0 (read as {@link Delivery#NONE}).
 * {@code chunking} is {@code "auto"} when the chunks are planned from the machine and the source
 * (the request gave no chunk length; {@code chunkSeconds} is then the fallback for a probe
 * without planning capacity); absent when {@code chunkSeconds} decides, as before 0.8.0.
 */
public record MezzanineArrived(String id, String source, int priority, double chunkSeconds, List<Rung> ladder,
        Delivery delivery,
        // Absent rather than null: a request stored before 0.8.0 keeps its stored form (and hash).
        @JsonInclude(JsonInclude.Include.NON_NULL) String chunking) {

    /** The chunking policy that plans from the machine and the source. */
    public static final String AUTO = "auto";

    public MezzanineArrived {
        ladder = List.copyOf(ladder);
    }

    public MezzanineArrived(String id, String source, int priority, double chunkSeconds, List<Rung> ladder,
            Delivery delivery) {
        this(id, source, priority, chunkSeconds, ladder, delivery, null);
    }

    public boolean autoChunks() {
        return AUTO.equals(chunking);
    }

    /** A mezzanine without segment grid, manifests or quality measurement (the model of 0.5.0). */
    public MezzanineArrived(String id, String source, int priority, double chunkSeconds, List<Rung> ladder) {
        this(id, source, priority, chunkSeconds, ladder, null);
    }

    public Delivery effectiveDelivery() {
        return delivery == null ? Delivery.NONE : delivery;
    }
}
