package dev.encodeflow.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.encodeflow.model.Probe;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

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
        int[] sar = rational(video.path("sample_aspect_ratio").asText(null));
        Double variableFrom = null;
        double videoSeconds = duration(video, -1);
        int[] nominalRate = rational(video.path("r_frame_rate").asText());
        if (isVariableRate(frames, rate, nominalRate, videoSeconds)) {
            // Put on a constant grid at the stream's nominal rate (what the camera or editor meant;
            // the average of a stream with pauses is no rate at all), frames counted on that grid.
            if (nominalRate != null && (double) nominalRate[0] / nominalRate[1] <= 120) {
                rate = nominalRate;
            }
            frames = Math.max(1, Math.round(videoSeconds * rate[0] / rate[1]));
            variableFrom = video.path("start_time").asDouble(0);
        }
        // ffmpeg's -ss counts from the file's start: when another stream starts first, the video's
        // frames are that much later (a chunk's seek adds it).
        double videoLead = video.path("start_time").asDouble(0) - root.path("format").path("start_time").asDouble(
                video.path("start_time").asDouble(0));
        Probe probe = new Probe(duration, frames, rate[0], rate[1], width, height, video.path("pix_fmt").asText(null),
                video.path("codec_name").asText(null), audio != null,
                audio == null ? null : audio.path("codec_name").asText(null), offset,
                audio == null ? 0 : audio.path("duration").asDouble(duration), null, rotation(video),
                sar == null ? 1 : sar[0], sar == null ? 1 : sar[1], fieldOrder(video.path("field_order").asText("")),
                audio == null ? null : audio.path("channels").asInt(2), variableFrom);
        return videoLead > 1e-6 ? probe.withVideoLead(videoLead) : probe;
    }

    /**
     * True when the stream's frames do not fill its duration at its rate: more than two frames'
     * worth (and 1 %) apart, as with recordings that pause or drop frames. Unknown durations
     * count as constant.
     */
    static boolean isVariableRate(long frames, int[] rate, int[] nominal, double videoSeconds) {
        if (videoSeconds <= 0) {
            return false;
        }
        double frame = (double) rate[1] / rate[0];
        if (Math.abs(videoSeconds - frames * frame) > Math.max(2 * frame, 0.01 * videoSeconds)) {
            return true;
        }
        if (nominal == null) {
            return false;
        }
        // MP4 states the average as frames over duration, so a pause shows as an average below the
        // nominal rate. A nominal rate that is a whole multiple of the average is the field rate
        // of interlaced video (50 for 25i), not a variable rate.
        double ratio = ((double) nominal[0] / nominal[1]) / ((double) rate[0] / rate[1]);
        boolean multiple = ratio >= 1.99 && Math.abs(ratio - Math.round(ratio)) < 0.01;
        return Math.abs(ratio - 1) > 0.01 && !multiple;
    }

    /**
     * The display rotation in degrees (0, 90, 180, 270, counter-clockwise as ffprobe reports it),
     * from the display matrix, or the rotate tag of older files.
     */
    static int rotation(JsonNode video) {
        for (JsonNode side : video.path("side_data_list")) {
            if (side.has("rotation")) {
                return normalize(side.path("rotation").asDouble(0));
            }
        }
        return normalize(video.path("tags").path("rotate").asDouble(0));
    }

    private static int normalize(double degrees) {
        return Math.floorMod((int) Math.round(degrees / 90.0) * 90, 360);
    }

    /**
     * The stream's field order as the container or codec declares it: "progressive", "tff", "bff"
     * (tb and bt are stored top or bottom field first too), or "unknown". Detection settles it.
     */
    static String fieldOrder(String declared) {
        return switch (declared) {
            case "progressive" -> "progressive";
            case "tt", "tb" -> "tff";
            case "bb", "bt" -> "bff";
            default -> "unknown";
        };
    }

    /** Fewer frames than this classified by idet is no verdict. */
    static final int MIN_DECIDED_FRAMES = 10;

    private static final java.util.regex.Pattern IDET = java.util.regex.Pattern.compile(
            "Multi frame detection:\\s*TFF:\\s*(\\d+)\\s*BFF:\\s*(\\d+)\\s*Progressive:\\s*(\\d+)");

    /**
     * The field order to encode with, from the declared one and ffmpeg's idet over a sample
     * ({@link FfmpegCommands#detectFields} output): interlaced when the detector finds more
     * interlaced frames than progressive ones (its majority gives the order; a declared order
     * wins a tie; a sample it cannot classify leaves the declaration), progressive otherwise, including when a declared interlaced flag is not borne
     * out by the picture (progressive content in an interlaced container). Without a detector
     * result the declaration stands.
     */
    public static String settledFieldOrder(String declared, String idetOutput) {
        java.util.regex.Matcher m = IDET.matcher(idetOutput == null ? "" : idetOutput);
        String last = null;
        long tff = 0;
        long bff = 0;
        long progressive = 0;
        while (m.find()) {
            last = m.group();
            tff = Long.parseLong(m.group(1));
            bff = Long.parseLong(m.group(2));
            progressive = Long.parseLong(m.group(3));
        }
        if (last == null || tff + bff + progressive < MIN_DECIDED_FRAMES) {
            // No verdict (a still or black sample): the declaration stands.
            return "unknown".equals(declared) ? "progressive" : declared;
        }
        if (tff + bff <= progressive) {
            return "progressive";
        }
        if (tff == bff && !"unknown".equals(declared) && !"progressive".equals(declared)) {
            return declared;
        }
        return tff >= bff ? "tff" : "bff";
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

    /** Indexes of the key frames in {@link FfmpegCommands#keyFrames} output, and the packet count. */
    public static KeyFrames keyFrames(String flagLines) {
        List<Long> keys = new ArrayList<>();
        long index = 0;
        for (String line : flagLines.split("\n")) {
            String flags = line.strip();
            if (flags.isEmpty()) {
                continue;
            }
            if (flags.startsWith("K")) {
                keys.add(index);
            }
            index++;
        }
        return new KeyFrames(List.copyOf(keys), index);
    }

    /** Frame indexes that are key frames, of {@code frames} frames. */
    public record KeyFrames(List<Long> indexes, long frames) {

        /**
         * What differs from a key frame at exactly every {@code interval} frames from the first:
         * boundaries without one and key frames off the grid, the first few of each; empty when
         * the grid is exact.
         */
        public List<String> offGrid(int interval) {
            List<String> problems = new ArrayList<>();
            java.util.Set<Long> present = new java.util.HashSet<>(indexes);
            List<Long> missing = new ArrayList<>();
            for (long boundary = 0; boundary < frames; boundary += interval) {
                if (!present.contains(boundary)) {
                    missing.add(boundary);
                }
            }
            List<Long> extra = indexes.stream().filter(i -> i % interval != 0).toList();
            if (!missing.isEmpty()) {
                problems.add("no key frame at " + missing.size() + " segment boundaries (every " + interval
                        + " frames), e.g. frame " + missing.subList(0, Math.min(3, missing.size())));
            }
            if (!extra.isEmpty()) {
                problems.add(extra.size() + " key frames off the segment grid (every " + interval
                        + " frames), e.g. frame " + extra.subList(0, Math.min(3, extra.size())));
            }
            return problems;
        }
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

    /** "30000/1001" (or "64:45") as {30000, 1001}; null when absent or zero. */
    static int[] rational(String text) {
        if (text == null || !(text.contains("/") || text.contains(":"))) {
            return null;
        }
        String[] parts = text.split("[/:]");
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
