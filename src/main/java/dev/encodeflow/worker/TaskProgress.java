package dev.encodeflow.worker;

import dev.encodeflow.process.Progress;

/** A running task's last ffmpeg progress report and the frames its encode writes (0: not known). */
public record TaskProgress(Progress progress, long expectedFrames) {

    /** Percent of the expected frames written, null when the frames to write are not known. */
    public Double percent() {
        return expectedFrames > 0 ? Math.min(100.0, 100.0 * progress.frame() / expectedFrames) : null;
    }
}
