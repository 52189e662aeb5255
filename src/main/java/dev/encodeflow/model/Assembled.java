package dev.encodeflow.model;

/** Result of an ASSEMBLE task: the joined chunks (and audio) of one rendition generation. */
public record Assembled(String rendition, int generation, String path, long bytes, String sha256) {
}
