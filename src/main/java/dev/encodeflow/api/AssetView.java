package dev.encodeflow.api;

import dev.encodeflow.model.AssetState;
import dev.encodeflow.model.Output;
import dev.encodeflow.model.RenditionState;
import java.time.Instant;
import java.util.List;

/**
 * An asset as the ops API shows it (CONTRACT.md, "State out"). {@code packages}: the streaming
 * manifests by format, paths relative to the output root, once the asset is COMPLETE (null
 * before, and for assets without manifests).
 */
public record AssetView(String id, AssetState state, int priority, String source, ProbeView probe,
        List<RenditionView> renditions, String error, String ruleSetVersion, Instant createdAt, Instant updatedAt,
        java.util.Map<String, String> packages) {

    /**
     * {@code keyFrames}: the frames the source has key frames at (null when not known or too
     * many: intra-only); {@code planning}: the capacity its chunks were planned for (null for
     * probes of 0.7.0 and before). See docs/chunk-planning.md.
     */
    public record ProbeView(double durationSeconds, long frames, double fps, int width, int height, String pixelFormat,
            String videoCodec, boolean hasAudio, List<Long> keyFrames, dev.encodeflow.model.Planning planning) {
    }

    /**
     * {@code quality}: measured against the source for the current generation, or null.
     * {@code previous}: the outputs earlier generations published, newest first, each with the
     * path its file is kept at (null once the retention removed it).
     */
    public record RenditionView(String name, String codec, int width, int height, RenditionState state,
            int generation, String encoderVersion, int chunksDone, Integer chunksTotal, Output output, String error,
            QualityView quality, List<dev.encodeflow.outputs.OutputGenerations.Previous> previous) {
    }

    /** Mean luma PSNR (dB), SSIM, and VMAF (null where the ffmpeg in use has no libvmaf). */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
    public record QualityView(double psnr, double ssim, Double vmaf) {
    }
}
