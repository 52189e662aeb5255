package dev.encodeflow.model;

/** Someone (an ingestion system, an operator) says encodes are stale: of one rendition, or all. */
public record EncodeStale(String rendition, String reason) {

    public boolean appliesTo(String name) {
        return rendition == null || rendition.equals(name);
    }
}
