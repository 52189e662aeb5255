package dev.encodeflow.model;

/**
 * One rung of an encoding ladder: a named recipe. Rate control is {@code crf} or
 * {@code bitrateKbps}, optionally capped by {@code maxrateKbps} over {@code bufferKbits}. Null
 * optional fields mean the encoder's default ({@code bitDepth} 8, no frame-rate change).
 * Instances are validated on ingestion ({@code facts.LadderValidator}), so code downstream can
 * trust them.
 */
public record Rung(String name, Codec codec, int width, int height, Integer crf, Integer bitrateKbps,
        Integer maxrateKbps, Integer bufferKbits, String preset, String profile, Integer bitDepth, Double fps) {

    /** Starts a rung by named settings ({@link RungBuilder}): the readable way for rules. */
    public static RungBuilder named(String name) {
        return new RungBuilder(name);
    }

    /** A rung with rate control by quality only, the encoder's default preset and profile. */
    public static Rung of(String name, Codec codec, int width, int height, int crf) {
        return new Rung(name, codec, width, height, crf, null, null, null, null, null, null, null);
    }

    public int effectiveBitDepth() {
        return bitDepth == null ? 8 : bitDepth;
    }

    /** The same recipe at another constant quality (a finer crf after a poor measurement). */
    public Rung withCrf(int newCrf) {
        return new Rung(name, codec, width, height, newCrf, bitrateKbps, maxrateKbps, bufferKbits, preset, profile,
                bitDepth, fps);
    }

    /** The same recipe at another picture size (a rung scaled down to fit its source). */
    public Rung withSize(int newWidth, int newHeight) {
        return new Rung(name, codec, newWidth, newHeight, crf, bitrateKbps, maxrateKbps, bufferKbits, preset, profile,
                bitDepth, fps);
    }
}
