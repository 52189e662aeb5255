package dev.encodeflow.model;

/** Stop all work on the asset. */
public record Cancel(String reason) {
}
