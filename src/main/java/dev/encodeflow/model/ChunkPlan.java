package dev.encodeflow.model;

import java.util.ArrayList;
import java.util.List;

/**
 * How the source is cut for parallel encoding: consecutive frame-exact chunks covering every
 * frame once. The same plan applies to every rendition, so chunk i of each rendition covers the
 * same frames.
 */
public record ChunkPlan(long totalFrames, List<Chunk> chunks) {

    /** A chunk shorter than this fraction of the target is merged into the one before it. */
    static final double RUNT_FRACTION = 0.25;

    public ChunkPlan {
        chunks = List.copyOf(chunks);
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
        long total = probe.frames();
        if (total <= 0) {
            throw new IllegalArgumentException("the source has no video frames");
        }
        long size = seconds <= 0 ? total : Math.max(1, Math.round(seconds * probe.fpsNum() / probe.fpsDen()));
        List<Chunk> chunks = new ArrayList<>();
        long start = 0;
        while (start < total) {
            long frames = Math.min(size, total - start);
            long rest = total - start - frames;
            if (rest > 0 && rest < size * RUNT_FRACTION) {
                frames += rest;
            }
            chunks.add(new Chunk(chunks.size(), start, frames, start == 0 ? 0.0 : probe.secondsAt(start) - probe.secondsAt(1) / 2));
            start += frames;
        }
        return new ChunkPlan(total, chunks);
    }
}
