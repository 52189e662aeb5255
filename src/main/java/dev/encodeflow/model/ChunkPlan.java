package dev.encodeflow.model;

import java.util.ArrayList;
import java.util.List;

/**
 * How the source is cut for parallel encoding: consecutive frame-exact chunks covering every
 * frame once. The same plan applies to every rendition, so chunk i of each rendition covers the
 * same frames. {@code segmentFrames} is the segment grid the chunks follow (source frames per
 * segment; 0 when there is none): every chunk starts on a segment boundary.
 */
public record ChunkPlan(long totalFrames, List<Chunk> chunks, long segmentFrames) {

    /** A chunk shorter than this fraction of the target is merged into the one before it. */
    static final double RUNT_FRACTION = 0.25;

    public ChunkPlan {
        chunks = List.copyOf(chunks);
    }

    public ChunkPlan(long totalFrames, List<Chunk> chunks) {
        this(totalFrames, chunks, 0);
    }

    public int getChunkCount() {
        return chunks.size();
    }

    /**
     * Fixed-length chunks of about {@code seconds} each (rounded to whole frames); 0 seconds or
     * more than the source gives one chunk. A short tail is merged into the previous chunk rather
     * than encoded on its own.
     */
    public static ChunkPlan fixedLength(Probe probe, double seconds) {
        long size = seconds <= 0 ? probe.frames() : Math.max(1, Math.round(seconds * probe.fpsNum() / probe.fpsDen()));
        return cut(probe, size, 0);
    }

    /**
     * Chunks of about {@code seconds}, each a whole number of segments (at least one), so that
     * every chunk starts on the asset's segment grid and each rendition's key frames, set every
     * segment from the chunk's start, fall on the grid. 0 seconds gives one chunk. Without a grid
     * (assets of 0.5.0) this is {@link #fixedLength}. An asset planned automatically (no chunk
     * length in its request) whose probe recorded a capacity is planned by {@link ChunkPlanner}.
     */
    public static ChunkPlan forAsset(Probe probe, Asset asset) {
        if (asset.isAutoChunks() && probe.planning() != null) {
            return ChunkPlanner.plan(probe, asset);
        }
        return ofSeconds(probe, asset, asset.getChunkSeconds());
    }

    /**
     * Chunks of about {@code seconds} each on the asset's segment grid, whatever its request
     * asked: for rules that choose the chunk length themselves (0 gives one chunk).
     */
    public static ChunkPlan ofSeconds(Probe probe, Asset asset, double seconds) {
        long segment = asset.getDelivery().segmentFrames(probe);
        if (segment <= 0) {
            return fixedLength(probe, seconds);
        }
        long size = seconds <= 0 ? probe.frames()
                : segment * Math.max(1, Math.round(seconds / asset.getSegmentSeconds()));
        return cut(probe, size, segment);
    }

    /** Consecutive chunks starting at {@code starts} (ascending, the first 0), the last to the end. */
    static ChunkPlan fromStarts(Probe probe, List<Long> starts, long segmentFrames) {
        long total = probe.frames();
        List<Chunk> chunks = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            long start = starts.get(i);
            long end = i + 1 < starts.size() ? starts.get(i + 1) : total;
            chunks.add(new Chunk(i, start, end - start, seekSeconds(probe, start)));
        }
        return new ChunkPlan(total, chunks, segmentFrames);
    }

    /**
     * Where a chunk's encoder seeks to, from the file's start: half a frame before its first frame (an accurate seek then
     * keeps that frame whatever the rounding of the source's timestamps; the demuxer starts
     * decoding at the key frame before). A chunk that starts at a source key frame seeks to that
     * key frame's exact time instead: half a frame before it, the demuxer would start at the key
     * frame before, decoding a whole GOP for nothing.
     */
    private static double seekSeconds(Probe probe, long start) {
        if (start == 0) {
            return 0.0;
        }
        Double keyFrame = probe.isVariableRate() ? null : probe.keyFrameSecondsAt(start);
        double seek = keyFrame != null ? keyFrame : probe.secondsAt(start) - probe.secondsAt(1) / 2;
        // ffmpeg's -ss counts from the file's start: a video that starts later (audio first) is
        // that much further in. The lead comes from start times printed to the microsecond and may
        // round up: two microseconds less keep the chunk's first frame (at worst decoding from the
        // key frame before).
        double lead = probe.videoLeadSeconds() == null ? 0 : probe.videoLeadSeconds();
        return lead > 0 ? seek + lead - 2e-6 : seek;
    }

    private static ChunkPlan cut(Probe probe, long size, long segmentFrames) {
        long total = probe.frames();
        if (total <= 0) {
            throw new IllegalArgumentException("the source has no video frames");
        }
        List<Chunk> chunks = new ArrayList<>();
        long start = 0;
        while (start < total) {
            long frames = Math.min(size, total - start);
            long rest = total - start - frames;
            if (rest > 0 && rest < size * RUNT_FRACTION) {
                frames += rest;
            }
            chunks.add(new Chunk(chunks.size(), start, frames, seekSeconds(probe, start)));
            start += frames;
        }
        return new ChunkPlan(total, chunks, segmentFrames);
    }
}
