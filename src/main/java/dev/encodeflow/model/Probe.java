package dev.encodeflow.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * What ffprobe found in the source: the video stream's exact frame count and rate (a rational,
 * so chunk boundaries can be computed without rounding drift) and whether there is audio.
 * {@code audioOffsetSeconds} is how much later the first audio sample starts than the first
 * video frame (negative when earlier); the audio encode compensates so renditions stay in sync.
 * {@code audioDurationSeconds} is the length of the first audio stream (0 without audio).
 * {@code identity} is the file that was probed (null in probes stored before 0.5.0): the tasks
 * reading the source check it. The picture's geometry (null in probes stored before 0.6.0, read
 * as none): {@code rotation} in degrees (counter-clockwise, as ffprobe reports the display
 * matrix: 90, 180, 270, 0), the sample aspect ratio {@code sarNum:sarDen} (pixels' shape),
 * {@code fieldOrder} {@code "tff"} or {@code "bff"} for interlaced video (as detected), else
 * {@code "progressive"}. {@code variableRateFrom} is set for a variable-frame-rate source (the
 * video's first timestamp): its pictures are encoded at the constant rate {@code fpsNum/fpsDen}
 * (the stream's nominal rate) from there, {@code frames} counting frames at that rate.
 * {@code keyFrames} are the frames (indices at that rate) the source's video has key frames at,
 * which a chunk may start from without decoding frames it does not encode (null when not known,
 * in probes stored before 0.8.0, or when there are too many to keep: an intra-only source), and
 * {@code keyFrameSeconds} the exact time of each from the first frame (a chunk starting at one
 * seeks to exactly that time: the demuxer then starts at this key frame, not the one before).
 * {@code planning} is the capacity the probing worker planned chunks for (null before 0.8.0: the
 * asset's chunk length then decides alone). Both are recorded with the probe, so a replayed
 * asset keeps its plan whatever the configuration of the instance that replays it.
 * {@code videoLeadSeconds} is how much later the video starts than the file (another stream,
 * usually audio, starting first; null or 0 when the video starts the file): ffmpeg's seeks count
 * from the file's start, so a chunk's seek adds it.
 */
public record Probe(double durationSeconds, long frames, int fpsNum, int fpsDen, int width, int height,
        String pixelFormat, String videoCodec, boolean hasAudio, String audioCodec, double audioOffsetSeconds,
        double audioDurationSeconds, SourceIdentity identity, Integer rotation, Integer sarNum, Integer sarDen,
        String fieldOrder, Integer audioChannels, Double variableRateFrom, List<Long> keyFrames,
        List<Double> keyFrameSeconds, Planning planning, Double videoLeadSeconds) {

    public Probe {
        keyFrames = keyFrames == null ? null : List.copyOf(keyFrames);
        keyFrameSeconds = keyFrameSeconds == null || keyFrames == null || keyFrameSeconds.size() != keyFrames.size()
                ? null : List.copyOf(keyFrameSeconds);
    }

    /** A probe without key frames or planning capacity (0.7.0's model). */
    public Probe(double durationSeconds, long frames, int fpsNum, int fpsDen, int width, int height,
            String pixelFormat, String videoCodec, boolean hasAudio, String audioCodec, double audioOffsetSeconds,
            double audioDurationSeconds, SourceIdentity identity, Integer rotation, Integer sarNum, Integer sarDen,
            String fieldOrder, Integer audioChannels, Double variableRateFrom) {
        this(durationSeconds, frames, fpsNum, fpsDen, width, height, pixelFormat, videoCodec, hasAudio, audioCodec,
                audioOffsetSeconds, audioDurationSeconds, identity, rotation, sarNum, sarDen, fieldOrder, audioChannels,
                variableRateFrom, null, null, null, null);
    }

    /** A probe without a file identity (rule tests, scenarios). */
    public Probe(double durationSeconds, long frames, int fpsNum, int fpsDen, int width, int height,
            String pixelFormat, String videoCodec, boolean hasAudio, String audioCodec, double audioOffsetSeconds,
            double audioDurationSeconds) {
        this(durationSeconds, frames, fpsNum, fpsDen, width, height, pixelFormat, videoCodec, hasAudio, audioCodec,
                audioOffsetSeconds, audioDurationSeconds, null);
    }

    /** A probe of a square-pixel, upright, progressive source (0.5.0's model). */
    public Probe(double durationSeconds, long frames, int fpsNum, int fpsDen, int width, int height,
            String pixelFormat, String videoCodec, boolean hasAudio, String audioCodec, double audioOffsetSeconds,
            double audioDurationSeconds, SourceIdentity identity) {
        this(durationSeconds, frames, fpsNum, fpsDen, width, height, pixelFormat, videoCodec, hasAudio, audioCodec,
                audioOffsetSeconds, audioDurationSeconds, identity, null, null, null, null, null, null);
    }

    /** A probe with geometry, of a constant-rate source. */
    public Probe(double durationSeconds, long frames, int fpsNum, int fpsDen, int width, int height,
            String pixelFormat, String videoCodec, boolean hasAudio, String audioCodec, double audioOffsetSeconds,
            double audioDurationSeconds, SourceIdentity identity, Integer rotation, Integer sarNum, Integer sarDen,
            String fieldOrder, Integer audioChannels) {
        this(durationSeconds, frames, fpsNum, fpsDen, width, height, pixelFormat, videoCodec, hasAudio, audioCodec,
                audioOffsetSeconds, audioDurationSeconds, identity, rotation, sarNum, sarDen, fieldOrder, audioChannels,
                null);
    }

    /** The same probe, of the file {@code identity} describes. */
    public Probe of(SourceIdentity file) {
        return new Probe(durationSeconds, frames, fpsNum, fpsDen, width, height, pixelFormat, videoCodec, hasAudio,
                audioCodec, audioOffsetSeconds, audioDurationSeconds, file, rotation, sarNum, sarDen, fieldOrder,
                audioChannels, variableRateFrom, keyFrames, keyFrameSeconds, planning, videoLeadSeconds);
    }

    /**
     * The same probe with the source's key frames and, for each, its exact time from the first
     * frame (floored to the microsecond): a chunk starting there seeks to exactly that time.
     */
    public Probe withKeyFrames(List<Long> frames, List<Double> seconds) {
        return new Probe(durationSeconds, this.frames, fpsNum, fpsDen, width, height, pixelFormat, videoCodec, hasAudio,
                audioCodec, audioOffsetSeconds, audioDurationSeconds, identity, rotation, sarNum, sarDen, fieldOrder,
                audioChannels, variableRateFrom, frames, seconds, planning, videoLeadSeconds);
    }

    /**
     * The exact time of the source's key frame at {@code frame} from the first frame, or null
     * when that frame is not a known key frame (or its time is not known).
     */
    public Double keyFrameSecondsAt(long frame) {
        if (keyFrames == null || keyFrameSeconds == null) {
            return null;
        }
        int at = java.util.Collections.binarySearch(keyFrames, frame);
        return at < 0 ? null : keyFrameSeconds.get(at);
    }

    /** The same probe, its video starting {@code seconds} after the file's start. */
    public Probe withVideoLead(double seconds) {
        return new Probe(durationSeconds, frames, fpsNum, fpsDen, width, height, pixelFormat, videoCodec, hasAudio,
                audioCodec, audioOffsetSeconds, audioDurationSeconds, identity, rotation, sarNum, sarDen, fieldOrder,
                audioChannels, variableRateFrom, keyFrames, keyFrameSeconds, planning, seconds > 0 ? seconds : null);
    }

    /** The same probe, planned for {@code capacity}. */
    public Probe plannedFor(Planning capacity) {
        return new Probe(durationSeconds, frames, fpsNum, fpsDen, width, height, pixelFormat, videoCodec, hasAudio,
                audioCodec, audioOffsetSeconds, audioDurationSeconds, identity, rotation, sarNum, sarDen, fieldOrder,
                audioChannels, variableRateFrom, keyFrames, keyFrameSeconds, capacity, videoLeadSeconds);
    }

    /** The same probe with the field order detection settled on. */
    public Probe withFieldOrder(String order) {
        return new Probe(durationSeconds, frames, fpsNum, fpsDen, width, height, pixelFormat, videoCodec, hasAudio,
                audioCodec, audioOffsetSeconds, audioDurationSeconds, identity, rotation, sarNum, sarDen, order,
                audioChannels, variableRateFrom, keyFrames, keyFrameSeconds, planning, videoLeadSeconds);
    }

    /** True when the picture is shown turned by a quarter (90 or 270 degrees). */
    @JsonIgnore
    public boolean isQuarterTurned() {
        int r = rotation == null ? 0 : Math.floorMod(rotation, 360);
        return r == 90 || r == 270;
    }

    /** Width of the picture as shown, in pixels of the upright picture (before pixel shape). */
    public int uprightWidth() {
        return isQuarterTurned() ? height : width;
    }

    public int uprightHeight() {
        return isQuarterTurned() ? width : height;
    }

    /**
     * The display aspect ratio of the upright picture (width over height), pixels' shape
     * included: 720x576 at 64:45 is 16:9.
     */
    public double displayAspect() {
        double sar = sarNum == null || sarDen == null || sarNum <= 0 || sarDen <= 0 ? 1.0 : (double) sarNum / sarDen;
        double aspect = (double) width * sar / height;
        return isQuarterTurned() ? 1 / aspect : aspect;
    }

    /** True when the source is interlaced (fields, not frames) and must be deinterlaced. */
    @JsonIgnore
    public boolean isInterlaced() {
        return "tff".equals(fieldOrder) || "bff".equals(fieldOrder);
    }

    /** True when the source's frames come at a variable rate (put on a constant grid to encode). */
    @JsonIgnore
    public boolean isVariableRate() {
        return variableRateFrom != null;
    }

    /** Channels of the first audio stream (2 when unknown). */
    public int audioChannelCount() {
        return audioChannels == null || audioChannels <= 0 ? 2 : audioChannels;
    }

    /** The length of the video's frames at the constant rate, in seconds. */
    public double durationSecondsOfFrames() {
        return secondsAt(frames);
    }

    public double fps() {
        return (double) fpsNum / fpsDen;
    }

    /** The presentation time of a frame, in seconds from the start. */
    public double secondsAt(long frame) {
        return (double) frame * fpsDen / fpsNum;
    }
}
