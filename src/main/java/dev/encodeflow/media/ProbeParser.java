package dev.encodeflow.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.encodeflow.model.Probe;
import java.io.IOException;

/** Reads ffprobe's JSON. Pure. */
public final class ProbeParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProbeParser() {
    }

    /**
     * The probe of a source, from {@link FfmpegCommands#probe} output.
     *
     * @throws UnusableMediaException when the file has no usable video (this will never change)
     */
    public static Probe source(String ffprobeJson) throws UnusableMediaException {
        JsonNode root = parse(ffprobeJson);
        JsonNode video = firstStream(root, "video");
        if (video == null) {
            throw new UnusableMediaException("the source has no video stream");
        }
        long frames = video.path("nb_read_packets").asLong(video.path("nb_frames").asLong(0));
        if (frames <= 0) {
            throw new UnusableMediaException("the source's video stream has no frames");
        }
        long listed = video.path("nb_frames").asLong(0);
        if (listed > frames) {
            throw new UnusableMediaException("the source is truncated: its header lists " + listed
                    + " video frames, only " + frames + " are present");
        }
        int[] rate = rational(video.path("avg_frame_rate").asText());
        if (rate == null) {
            rate = rational(video.path("r_frame_rate").asText());
        }
        if (rate == null) {
            throw new UnusableMediaException("the source's frame rate is unknown");
        }
        int width = video.path("width").asInt();
        int height = video.path("height").asInt();
        if (width <= 0 || height <= 0) {
            throw new UnusableMediaException("the source's picture size is unknown");
        }
        double duration = root.path("format").path("duration").asDouble(video.path("duration").asDouble(0));
        if (duration <= 0) {
            duration = (double) frames * rate[1] / rate[0];
        }
        JsonNode audio = firstStream(root, "audio");
        double offset = audio == null ? 0
                : audio.path("start_time").asDouble(0) - video.path("start_time").asDouble(0);
        return new Probe(duration, frames, rate[0], rate[1], width, height, video.path("pix_fmt").asText(null),
                video.path("codec_name").asText(null), audio != null,
                audio == null ? null : audio.path("codec_name").asText(null), offset,
                audio == null ? 0 : audio.path("duration").asDouble(duration));
    }

    /** How many streams of any kind the probed container has. */
    public static int streamCount(String ffprobeJson) throws UnusableMediaException {
        return parse(ffprobeJson).path("streams").size();
    }

    /** What a produced file contains, from {@link FfmpegCommands#inspect} output. */
    public static Inspection inspection(String ffprobeJson) throws UnusableMediaException {
        JsonNode root = parse(ffprobeJson);
        JsonNode video = firstStream(root, "video");
        JsonNode audio = firstStream(root, "audio");
        double formatDuration = root.path("format").path("duration").asDouble(0);
        if (video == null) {
            return new Inspection(null, null, 0, 0, null, 0, 0, audio != null,
                    audio == null ? 0 : audio.path("duration").asDouble(0), formatDuration);
        }
        return new Inspection(video.path("codec_name").asText(null), video.path("profile").asText(null),
                video.path("width").asInt(), video.path("height").asInt(), video.path("pix_fmt").asText(null),
                // Counted packets (key-frame decoding) or decoded frames (full decoding).
                video.path("nb_read_packets").asLong(video.path("nb_read_frames").asLong(0)),
                duration(video, formatDuration),
                audio != null, audio == null ? 0 : duration(audio, 0), formatDuration);
    }

    /**
     * A stream's duration: MP4 states it per stream; Matroska/WebM only as a DURATION tag
     * ("00:00:05.005000000").
     */
    static double duration(JsonNode stream, double fallback) {
        if (stream.hasNonNull("duration")) {
            return stream.path("duration").asDouble(fallback);
        }
        String tag = stream.path("tags").path("DURATION").asText("");
        String[] hms = tag.split(":");
        if (hms.length == 3) {
            try {
                return Integer.parseInt(hms[0]) * 3600 + Integer.parseInt(hms[1]) * 60 + Double.parseDouble(hms[2]);
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }

    private static JsonNode parse(String json) throws UnusableMediaException {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UnusableMediaException("ffprobe output is not JSON: " + e.getMessage());
        }
    }

    private static JsonNode firstStream(JsonNode root, String type) {
        for (JsonNode stream : root.path("streams")) {
            boolean coverArt = stream.path("disposition").path("attached_pic").asInt(0) == 1;
            if (type.equals(stream.path("codec_type").asText()) && !coverArt) {
                return stream;
            }
        }
        return null;
    }

    /** "30000/1001" as {30000, 1001}; null when absent or zero. */
    static int[] rational(String text) {
        if (text == null || !text.contains("/")) {
            return null;
        }
        String[] parts = text.split("/");
        try {
            int num = Integer.parseInt(parts[0].trim());
            int den = Integer.parseInt(parts[1].trim());
            return num > 0 && den > 0 ? new int[] {num, den} : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A produced file as ffprobe decoded it. */
    public record Inspection(String videoCodec, String profile, int width, int height, String pixelFormat,
            long frames, double videoDurationSeconds, boolean hasAudio, double audioDurationSeconds,
            double durationSeconds) {
    }

    /** Media that can never be processed as it is (no video, corrupt, unsupported). */
    public static class UnusableMediaException extends Exception {
        public UnusableMediaException(String message) {
            super(message);
        }
    }
}
