package dev.encodeflow.model;

/**
 * One rung of an encoding ladder: a named recipe. Rate control is either {@code crf} or
 * {@code bitrateKbps}. Instances are validated on ingestion ({@code facts.LadderValidator}), so
 * code downstream can trust them.
 */
public record Rung(String name, Codec codec, int width, int height, Integer crf, Integer bitrateKbps,
        String preset) {
}
