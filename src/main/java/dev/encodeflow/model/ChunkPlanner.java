package dev.encodeflow.model;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Plans an asset's chunks for the capacity its probe recorded, so that chunking never costs more
 * than it gains. Chunking wins by running encodes side by side; each chunk also costs a process,
 * a restart of the encoder's rate control and lookahead, and the decoding from the key frame
 * before its first frame. So:
 * <ul>
 * <li>as many chunks as the slots can encode at once for this asset's renditions (slots divided
 *     by what one chunk of every rendition takes), and no more: a 20 s clip with one rendition on
 *     two slots is two chunks, on sixteen slots five (4 s at least each);</li>
 * <li>none shorter than {@code minChunkSeconds}: a short asset on a small pool is one chunk,
 *     whose encode then gets the pool's threads (the tail boost: nothing else waits);</li>
 * <li>none longer than {@code maxChunkSeconds}, so a long asset's retries, progress and
 *     durability stay fine-grained (more chunks then come in whole waves of the slots);</li>
 * <li>each chunk starts where the segment grid allows (whole segments), at the source's own
 *     key frame nearest the even cut when there is one within a quarter of a chunk: the chunk's
 *     encoder then decodes nothing it does not encode.</li>
 * </ul>
 * Pure: the same probe and asset give the same plan, on any instance, at any replay.
 */
public final class ChunkPlanner {

    private ChunkPlanner() {
    }

    public static ChunkPlan plan(Probe probe, Asset asset) {
        Planning capacity = probe.planning();
        long total = probe.frames();
        if (total <= 0) {
            throw new IllegalArgumentException("the source has no video frames");
        }
        long segment = asset.getDelivery().segmentFrames(probe);
        int count = chunkCount(capacity, asset.getLadderCodecs(), probe.durationSecondsOfFrames());
        TreeSet<Long> starts = new TreeSet<>();
        starts.add(0L);
        long unit = Math.max(1, segment);
        double size = (double) total / count;
        for (int i = 1; i < count; i++) {
            long ideal = Math.round(i * size);
            long start = nearestKeyFrame(probe.keyFrames(), ideal, unit, size / 4);
            if (start < 0) {
                start = Math.round((double) ideal / unit) * unit;
            }
            if (start > 0 && start < total) {
                starts.add(start);
            }
        }
        return ChunkPlan.fromStarts(probe, new ArrayList<>(starts), segment);
    }

    /** How many chunks: enough to fill the slots at once, within the shortest and longest chunk. */
    static int chunkCount(Planning capacity, List<String> codecs, double seconds) {
        int demand = 0;
        for (String codec : codecs) {
            demand += capacity.encodeSlotsOf(codec);
        }
        int parallel = Math.max(1, capacity.slots() / Math.max(1, demand));
        int byLength = capacity.minChunkSeconds() > 0
                ? (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.floor(seconds / capacity.minChunkSeconds())))
                : Integer.MAX_VALUE;
        int count = Math.min(parallel, byLength);
        if (capacity.maxChunkSeconds() > 0) {
            long byMax = (long) Math.ceil(seconds / capacity.maxChunkSeconds());
            if (byMax > count) {
                // Whole waves: a last wave with one chunk would run it alone while the rest wait.
                long waves = (byMax + count - 1) / count;
                count = (int) Math.min(byLength, Math.min(100_000, waves * count));
            }
        }
        return Math.max(1, count);
    }

    /**
     * The source key frame on the grid ({@code unit} frames) nearest {@code ideal}, within
     * {@code tolerance} frames; -1 when there is none (or key frames are not known).
     */
    static long nearestKeyFrame(List<Long> keyFrames, long ideal, long unit, double tolerance) {
        if (keyFrames == null || keyFrames.isEmpty()) {
            return -1;
        }
        long best = -1;
        for (long frame : keyFrames) {
            if (frame <= 0 || frame % unit != 0 || Math.abs(frame - ideal) > tolerance) {
                continue;
            }
            if (best < 0 || Math.abs(frame - ideal) < Math.abs(best - ideal)) {
                best = frame;
            }
        }
        return best;
    }
}
