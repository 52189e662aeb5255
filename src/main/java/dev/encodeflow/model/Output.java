package dev.encodeflow.model;

/** A published rendition file; {@code path} is relative to the output root. */
public record Output(String path, long bytes, long frames, double durationSeconds, String sha256) {
}
