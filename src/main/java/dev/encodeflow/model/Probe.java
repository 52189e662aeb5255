package dev.encodeflow.model;

/**
 * What ffprobe found in the source: the video stream's exact frame count and rate (a rational,
 * so chunk boundaries can be computed without rounding drift) and whether there is audio.
 * {@code audioOffsetSeconds} is how much later the first audio sample starts than the first
 * video frame (negative when earlier); the audio encode compensates so renditions stay in sync.
 * {@code audioDurationSeconds} is the length of the first audio stream (0 without audio).
 */
public record Probe(double durationSeconds, long frames, int fpsNum, int fpsDen, int width, int height,
        String pixelFormat, String videoCodec, boolean hasAudio, String audioCodec, double audioOffsetSeconds,
        double audioDurationSeconds) {

    public double fps() {
        return (double) fpsNum / fpsDen;
    }

    /** The presentation time of a frame, in seconds from the start. */
    public double secondsAt(long frame) {
        return (double) frame * fpsDen / fpsNum;
    }
}
