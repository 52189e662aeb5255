package dev.encodeflow.model;

import java.util.List;

/**
 * How an asset is delivered to players: the segment grid every rendition's key frames follow,
 * the streaming manifests to write ({@code hls}, {@code dash}; empty for renditions only) and
 * whether each rendition's quality is measured. Assets stored before 0.6.0 have none
 * ({@link #NONE}: no grid, no manifests, no measurement), so replaying them changes nothing.
 */
public record Delivery(double segmentSeconds, List<String> formats, boolean measureQuality) {

    public static final Delivery NONE = new Delivery(0, List.of(), false);

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
