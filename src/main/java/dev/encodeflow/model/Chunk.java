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

    /** Frames of this slice kept when one source frame in {@code step} is (frames whose index divides by step). */
    public long outputFrames(int step) {
        return ceilDiv(endFrame(), step) - ceilDiv(startFrame, step);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /** Stable identity of the slice, independent of how a plan numbered it. */
    public String key() {
        return startFrame + "+" + frames;
    }
}
