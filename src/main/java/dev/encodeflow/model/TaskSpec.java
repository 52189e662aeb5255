package dev.encodeflow.model;

import java.util.List;

/**
 * What a task needs to run, stored with it as JSON. Each task type has exactly one spec type
 * ({@link #typeOf}), so a worker reads a task without consulting the facts that produced it.
 */
public sealed interface TaskSpec {

    record Probe(String source) implements TaskSpec {
    }

    /**
     * {@code offsetSeconds}: see {@link dev.encodeflow.model.Probe#audioOffsetSeconds()};
     * {@code identity}: the source as probed (null in tasks stored before 0.5.0).
     */
    record EncodeAudio(String source, double offsetSeconds, AudioCodec codec, SourceIdentity identity)
            implements TaskSpec {
    }

    /**
     * {@code frameStep}: keep one source frame in this many (see {@link Rendition#frameStep});
     * {@code identity}: the source as probed (null in tasks stored before 0.5.0).
     */
    record EncodeChunk(String source, Rung rung, int generation, Chunk chunk, int frameStep, SourceIdentity identity)
            implements TaskSpec {
    }

    /** {@code audioPath} is null when the source is silent. */
    record Assemble(Rung rung, int generation, int chunkCount, String audioPath) implements TaskSpec {
    }

    /**
     * What the assembled file must match: the recipe, and the source's frames (one in
     * {@code frameStep}) at the source's rate divided by {@code frameStep}, and its audio length.
     */
    record Validate(Rung rung, int generation, String path, String sha256, long frames, int fpsNum, int fpsDen,
            int frameStep, boolean hasAudio, double audioDurationSeconds) implements TaskSpec {

        /** Frames the rendition must have. */
        public long expectedFrames() {
            return (frames + frameStep - 1) / frameStep;
        }

        /** Seconds one output frame lasts. */
        public double frameSeconds() {
            return (double) frameStep * fpsDen / fpsNum;
        }
    }

    record Notify(AssetEvent event) implements TaskSpec {
    }

    /** The event published on the asset-events channel. */
    record AssetEvent(String type, String assetId, AssetState state, String error, List<RenditionOutcome> renditions) {

        public static final String COMPLETED = "AssetCompleted";
        public static final String FAILED = "AssetFailed";
    }

    record RenditionOutcome(String name, RenditionState state, int generation, Output output, String error) {
    }

    static Class<? extends TaskSpec> typeOf(TaskType type) {
        return switch (type) {
            case PROBE -> Probe.class;
            case ENCODE_AUDIO -> EncodeAudio.class;
            case ENCODE_CHUNK -> EncodeChunk.class;
            case ASSEMBLE -> Assemble.class;
            case VALIDATE -> Validate.class;
            case NOTIFY -> Notify.class;
        };
    }
}
