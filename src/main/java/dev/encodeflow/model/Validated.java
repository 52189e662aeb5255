package dev.encodeflow.model;

/**
 * Result of a VALIDATE task. When {@code valid}, the rendition was published as {@code output};
 * otherwise {@code reason} says what did not match.
 */
public record Validated(String rendition, int generation, boolean valid, String reason, Output output) {
}
