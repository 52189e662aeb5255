package dev.encodeflow.rules;

/** A stored fact with its position in the asset's fact log. */
public record SequencedFact(long seq, Object fact) {
}
