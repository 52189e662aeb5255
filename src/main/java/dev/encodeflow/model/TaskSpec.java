package dev.encodeflow.model;

import java.util.List;
import java.util.Map;

/**
 * What a task needs to run, stored with it as JSON. Each task type has exactly one spec type
 * ({@link #typeOf}), so a worker reads a task without consulting the facts that produced it.
 */
public sealed interface TaskSpec {

    record Probe(String source) implements TaskSpec {
    }

    /**
     * {@code offsetSeconds}: see {@link dev.encodeflow.model.Probe#audioOffsetSeconds()};
     * {@code identity}: the source as probed (null in tasks stored before 0.5.0); {@code channels}:
     * the source's audio channels (null before 0.6.0); {@code loudnessLufs}: the integrated loudness
     * each track is normalised to (null: as the source has it).
     */
    record EncodeAudio(String source, double offsetSeconds, AudioCodec codec, SourceIdentity identity,
            Integer channels, Double loudnessLufs) implements TaskSpec {

        public EncodeAudio(String source, double offsetSeconds, AudioCodec codec, SourceIdentity identity) {
            this(source, offsetSeconds, codec, identity, null, null);
        }

        public EncodeAudio(String source, double offsetSeconds, AudioCodec codec, SourceIdentity identity,
                Integer channels) {
            this(source, offsetSeconds, codec, identity, channels, null);
        }

        /** The source's audio channels (2 in tasks stored before 0.6.0). */
        public int channelCount() {
            return channels == null || channels <= 0 ? 2 : channels;
        }
    }

    /**
     * {@code frameStep}: keep one source frame in this many (see {@link Rendition#frameStep});
     * {@code identity}: the source as probed (null in tasks stored before 0.5.0);
     * {@code picture}: how the source's picture becomes the rendition's (null before 0.6.0: scale
     * only); {@code keyFrameInterval}: output frames from one key frame to the next, the segment
     * grid (0: the encoder's default, tasks of assets without a grid).
     */
    record EncodeChunk(String source, Rung rung, int generation, Chunk chunk, int frameStep, SourceIdentity identity,
            Picture picture, Integer keyFrameInterval) implements TaskSpec {

        public EncodeChunk(String source, Rung rung, int generation, Chunk chunk, int frameStep,
                SourceIdentity identity) {
            this(source, rung, generation, chunk, frameStep, identity, null, null);
        }

        public int keyFrames() {
            return keyFrameInterval == null ? 0 : keyFrameInterval;
        }
    }

    /**
     * The source picture as the encode treats it: its frame rate {@code fpsNum/fpsDen} (every
     * output frame lasts {@code frameStep} of the source's, the last one too), and
     * {@code deinterlace} with the field order ("tff", "bff") when the source is interlaced, null
     * otherwise; {@code constantRateFrom} (null for a constant-rate source) see
     * {@link #variableRate}. Rotation needs nothing here: ffmpeg turns the picture upright on
     * decode, and the rung's size is already the upright one.
     */
    record Picture(int fpsNum, int fpsDen, String deinterlace, Double constantRateFrom) {

        public Picture(int fpsNum, int fpsDen, String deinterlace) {
            this(fpsNum, fpsDen, deinterlace, null);
        }

        /**
         * True for a variable-frame-rate source: its frames are put on a constant grid at
         * {@code fpsNum/fpsDen} starting at {@code constantRateFrom} (the video's first timestamp),
         * and frame numbers count grid frames.
         */
        public boolean variableRate() {
            return constantRateFrom != null;
        }
    }

    /** {@code audioPath} is null when the source is silent. */
    record Assemble(Rung rung, int generation, int chunkCount, String audioPath) implements TaskSpec {
    }

    /**
     * What the assembled file must match: the recipe, and the source's frames (one in
     * {@code frameStep}) at the source's rate divided by {@code frameStep}, and its audio length.
     */
    record Validate(Rung rung, int generation, String path, String sha256, long frames, int fpsNum, int fpsDen,
            int frameStep, boolean hasAudio, double audioDurationSeconds, Double audioOffsetSeconds,
            Integer keyFrameInterval) implements TaskSpec {

        /** Without audio offset or segment grid (0.5.0's checks). */
        public Validate(Rung rung, int generation, String path, String sha256, long frames, int fpsNum, int fpsDen,
                int frameStep, boolean hasAudio, double audioDurationSeconds) {
            this(rung, generation, path, sha256, frames, fpsNum, fpsDen, frameStep, hasAudio, audioDurationSeconds, null,
                    null);
        }

        /** Output frames from one key frame to the next (the segment grid); 0: not checked. */
        public int keyFrames() {
            return keyFrameInterval == null ? 0 : keyFrameInterval;
        }

        /**
         * How long the rendition's audio lasts: the source's audio shifted like the encode shifts
         * it (padded with silence when it starts late, cut when it starts early).
         */
        public double expectedAudioSeconds() {
            return Math.max(0, audioDurationSeconds + (audioOffsetSeconds == null ? 0 : audioOffsetSeconds));
        }

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

    /**
     * The renditions to package (published files), the manifests to write ({@code hls},
     * {@code dash}) and the segment length the muxer is asked for: half a frame under the grid
     * the renditions' key frames follow, so every grid key frame starts a segment.
     */
    record Package(List<PackageInput> renditions, List<String> formats, double segmentSeconds) implements TaskSpec {

        public Package {
            renditions = List.copyOf(renditions);
            formats = List.copyOf(formats);
        }
    }

    /**
     * Compare a published rendition with the source it was made from: the source scaled to the
     * rendition's size (deinterlaced, frame rate divided as the encode did).
     */
    record MeasureQuality(String source, SourceIdentity identity, String rendition, int generation, String path,
            int width, int height, int frameStep, Picture picture, String pixelFormat) implements TaskSpec {
    }

    /** One published rendition, as the packager reads it. */
    record PackageInput(String name, Codec codec, int generation, String path, int width, int height) {
    }

    /** The event published on the asset-events channel. */
    record AssetEvent(String type, String assetId, AssetState state, String error, List<RenditionOutcome> renditions,
            Map<String, String> packages) {

        public AssetEvent(String type, String assetId, AssetState state, String error,
                List<RenditionOutcome> renditions) {
            this(type, assetId, state, error, renditions, null);
        }

        public static final String COMPLETED = "AssetCompleted";
        public static final String FAILED = "AssetFailed";
        public static final String RENDITION_COMPLETED = "RenditionCompleted";
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
            case PACKAGE -> Package.class;
            case MEASURE_QUALITY -> MeasureQuality.class;
        };
    }
}
