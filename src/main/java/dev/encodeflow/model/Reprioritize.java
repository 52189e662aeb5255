package dev.encodeflow.model;

/** Move the asset's queued work to another priority (0..100, higher first). */
public record Reprioritize(int priority) {
}
