package dev.encodeflow.model;

/**
 * What ffprobe found in the source: the video stream's exact frame count and rate (a rational,
 * so chunk boundaries can be computed without rounding drift) and whether there is audio.
 * {@code audioOffsetSeconds} is how much later the first audio sample starts than the first
 * video frame (negative when earlier); the audio encode compensates so renditions stay in sync.
 * {@code audioDurationSeconds} is the length of the first audio stream (0 without audio).
 * {@code identity} is the file that was probed (null in probes stored before 0.5.0): the tasks
 * reading the source check it.
 */
public record Probe(double durationSeconds, long frames, int fpsNum, int fpsDen, int width, int height,
        String pixelFormat, String videoCodec, boolean hasAudio, String audioCodec, double audioOffsetSeconds,
        double audioDurationSeconds, SourceIdentity identity) {

    /** A probe without a file identity (rule tests, scenarios). */
    public Probe(double durationSeconds, long frames, int fpsNum, int fpsDen, int width, int height,
            String pixelFormat, String videoCodec, boolean hasAudio, String audioCodec, double audioOffsetSeconds,
            double audioDurationSeconds) {
        this(durationSeconds, frames, fpsNum, fpsDen, width, height, pixelFormat, videoCodec, hasAudio, audioCodec,
                audioOffsetSeconds, audioDurationSeconds, null);
    }

    /** The same probe, of the file {@code identity} describes. */
    public Probe of(SourceIdentity file) {
        return new Probe(durationSeconds, frames, fpsNum, fpsDen, width, height, pixelFormat, videoCodec, hasAudio,
                audioCodec, audioOffsetSeconds, audioDurationSeconds, file);
    }

    public double fps() {
        return (double) fpsNum / fpsDen;
    }

    /** The presentation time of a frame, in seconds from the start. */
    public double secondsAt(long frame) {
        return (double) frame * fpsDen / fpsNum;
    }
}
