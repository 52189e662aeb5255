package dev.encodeflow.model;

import java.util.List;

/**
 * What a task needs to run, stored with it as JSON. Each task type has exactly one spec type
 * ({@link #typeOf}), so a worker reads a task without consulting the facts that produced it.
 */
public sealed interface TaskSpec {

    record Probe(String source) implements TaskSpec {
    }

    /** {@code offsetSeconds}: see {@link dev.encodeflow.model.Probe#audioOffsetSeconds()}. */
    record EncodeAudio(String source, double offsetSeconds) implements TaskSpec {
    }

    record EncodeChunk(String source, Rung rung, int generation, Chunk chunk) implements TaskSpec {
    }

    /** {@code audioPath} is null when the source is silent. */
    record Assemble(Rung rung, int generation, int chunkCount, String audioPath) implements TaskSpec {
    }

    /** What the assembled file must match: the source's frame count and duration, the recipe. */
    record Validate(Rung rung, int generation, String path, String sha256, long frames, int fpsNum, int fpsDen,
            boolean hasAudio) implements TaskSpec {
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
