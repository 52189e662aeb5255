package dev.encodeflow.model;

import java.util.List;

/** A new mezzanine to encode: the first fact of every asset, as posted (defaults applied). */
public record MezzanineArrived(String id, String source, int priority, double chunkSeconds, List<Rung> ladder) {

    public MezzanineArrived {
        ladder = List.copyOf(ladder);
    }
}
