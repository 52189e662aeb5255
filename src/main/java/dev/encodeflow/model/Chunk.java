package dev.encodeflow.model;

/**
 * A frame-exact slice of the source: frames {@code [startFrame, startFrame + frames)}.
 * {@code seekSeconds} lies half a frame before the first frame, so an accurate seek lands on it
 * whatever the rounding of the source's timestamps.
 */
public record Chunk(int index, long startFrame, long frames, double seekSeconds) {

    public long endFrame() {
        return startFrame + frames;
    }

    /** Stable identity of the slice, independent of how a plan numbered it. */
    public String key() {
        return startFrame + "+" + frames;
    }
}
