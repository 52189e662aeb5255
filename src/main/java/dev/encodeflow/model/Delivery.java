package dev.encodeflow.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * How an asset is delivered to players: the segment grid every rendition's key frames follow,
 * the streaming manifests to write ({@code hls}, {@code dash}; empty for renditions only) and
 * whether each rendition's quality is measured; {@code loudnessLufs}, when set, the integrated
 * loudness (EBU R128) every audio track is normalised to. Assets stored before 0.6.0 have none
 * ({@link #NONE}: no grid, no manifests, no measurement), so replaying them changes nothing.
 */
public record Delivery(double segmentSeconds, List<String> formats, boolean measureQuality,
        // Absent rather than null when not asked for: a request stored before loudness existed
        // keeps the same stored form, so posting it again is still the same request.
        @JsonInclude(JsonInclude.Include.NON_NULL) Double loudnessLufs) {

    public static final Delivery NONE = new Delivery(0, List.of(), false);

    /** Without loudness normalisation (audio as the source has it). */
    public Delivery(double segmentSeconds, List<String> formats, boolean measureQuality) {
        this(segmentSeconds, formats, measureQuality, null);
    }

    public Delivery {
        formats = formats == null ? List.of() : List.copyOf(formats);
    }

    /**
     * Source frames per segment: {@code round(segmentSeconds x fps)} (48 at 23.976 fps and 2 s);
     * 0 without a grid.
     */
    public long segmentFrames(Probe probe) {
        if (segmentSeconds <= 0) {
            return 0;
        }
        return Math.max(1, Math.round(segmentSeconds * probe.fpsNum() / probe.fpsDen()));
    }
}
