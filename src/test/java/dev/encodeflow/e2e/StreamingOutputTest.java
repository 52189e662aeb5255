package dev.encodeflow.e2e;

import static dev.encodeflow.support.Api.awaitState;
import static dev.encodeflow.support.Api.create;
import static dev.encodeflow.support.Api.newId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.encodeflow.support.StreamingMedia;
import dev.encodeflow.support.TestMedia;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Renditions a streaming service can ship: key frames on one segment grid across codecs and
 * divided frame rates, upright pictures of rotated sources, display aspect kept, interlaced
 * sources deinterlaced, audio timing and surround sound kept. Measured on the outputs with
 * ffprobe and ffmpeg's idet, independently of the service's own validation. All assets are posted
 * at the first test, so the pool encodes them together.
 */
@QuarkusTest
class StreamingOutputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> IDS = new HashMap<>();
    private static final double LOUDNESS = -16;

    private static synchronized String asset(String name) {
        if (IDS.isEmpty()) {
            post("grid", StreamingMedia.fifty(), 1.0, List.of(
                    rung("avc", "avc", 320, 180, 30, "veryfast", null),
                    rung("hevc", "hevc", 320, 180, 32, "ultrafast", null),
                    rung("vp9", "vp9", 320, 180, 45, "realtime", null),
                    rung("av1", "av1", 320, 180, 50, "12", null),
                    rung("avc25", "avc", 320, 180, 30, "veryfast", 25.0)));
            post("rotated", StreamingMedia.rotated(), 2.0, List.of(rung("r", "avc", 320, 180, 30, "veryfast", null)));
            post("anamorphic", StreamingMedia.anamorphic(), 2.0,
                    List.of(rung("r", "avc", 640, 360, 30, "veryfast", null)));
            post("interlaced", StreamingMedia.interlaced(), 2.0,
                    List.of(rung("r", "avc", 320, 180, 18, "veryfast", null)));
            post("late", StreamingMedia.lateAudio(), 2.0, List.of(rung("r", "avc", 320, 180, 30, "veryfast", null)));
            post("vfr", StreamingMedia.variableRate(), 1.0,
                    List.of(rung("lossless", "avc", 160, 90, 0, "veryfast", null)));
            post("surround", StreamingMedia.surround(), 2.0, List.of(rung("r", "avc", 160, 90, 30, "veryfast", null),
                    rung("w", "vp9", 160, 90, 45, "realtime", null)));
        }
        return IDS.get(name);
    }

    private static void post(String name, String source, double segmentSeconds, List<Map<String, Object>> ladder) {
        String id = newId("stream-" + name);
        // The variable-rate source is measured too: its reference must go on the same grid.
        Map<String, Object> body = new HashMap<>(Map.of("id", id, "source", source, "chunking", Map.of("seconds", 1.0),
                "packaging", Map.of("segmentSeconds", segmentSeconds, "formats", List.of()),
                "quality", Map.of("measure", name.equals("vfr")), "ladder", ladder));
        if (name.equals("surround")) {
            // Its tone sits near -10 LUFS (five loud channels): brought down to a streaming level.
            body.put("audio", Map.of("loudnessLufs", LOUDNESS));
        }
        create(body);
        IDS.put(name, id);
    }

    private static Map<String, Object> rung(String name, String codec, int width, int height, int crf, String preset,
            Double fps) {
        Map<String, Object> rung = new HashMap<>(Map.of("name", name, "codec", codec, "width", width, "height", height,
                "crf", crf, "preset", preset));
        if (fps != null) {
            rung.put("fps", fps);
        }
        return rung;
    }

    private static Path output(JsonPath asset, String rendition) {
        return TestMedia.OUTPUT.resolve(asset.getString("renditions.find { it.name == '" + rendition + "' }.output.path"));
    }

    @Test
    void keyFramesFallOnEverySegmentBoundaryInEveryCodecAndAtHalfTheRate() throws Exception {
        JsonPath asset = awaitState(asset("grid"), "COMPLETE");
        // 3 s at 50 fps, 1 s segments: key frames at 0, 1 and 2 s, and nowhere else.
        for (String rendition : List.of("avc", "hevc", "vp9", "av1")) {
            assertThat(keyFrameTimes(output(asset, rendition))).as(rendition).containsExactly(0.0, 1.0, 2.0);
            assertThat(video(output(asset, rendition)).path("nb_read_frames").asInt()).as(rendition).isEqualTo(150);
        }
        Path half = output(asset, "avc25");
        assertThat(keyFrameTimes(half)).containsExactly(0.0, 1.0, 2.0);
        JsonNode video = video(half);
        assertThat(video.path("nb_read_frames").asInt()).isEqualTo(75);
        assertThat(video.path("avg_frame_rate").asText()).isEqualTo("25/1");
        // Constant frame duration across the chunk joins: 75 frames of 40 ms, the last one too.
        assertThat(video.path("duration").asDouble()).isEqualTo(3.0);
    }

    @Test
    void aRotatedSourceComesOutUprightInAPortraitRendition() throws Exception {
        JsonPath asset = awaitState(asset("rotated"), "COMPLETE");
        JsonNode video = video(output(asset, "r"));
        assertThat(video.path("width").asInt()).isEqualTo(180);
        assertThat(video.path("height").asInt()).isEqualTo(320);
        assertThat(video.path("side_data_list").toString()).doesNotContain("rotation");
        assertThat(asset.getInt("renditions[0].width")).isEqualTo(180);
        assertThat(asset.getInt("renditions[0].height")).isEqualTo(320);
    }

    @Test
    void anAnamorphicSourceKeepsItsDisplayAspectRatioWithSquarePixels() throws Exception {
        JsonPath asset = awaitState(asset("anamorphic"), "COMPLETE");
        JsonNode video = video(output(asset, "r"));
        // 240x180 pixels at 4:3 are 320x180 on screen: never scaled up past that, never stretched.
        assertThat(video.path("width").asInt()).isEqualTo(320);
        assertThat(video.path("height").asInt()).isEqualTo(180);
        assertThat(video.path("sample_aspect_ratio").asText("1:1")).isEqualTo("1:1");
    }

    @Test
    void anInterlacedSourceIsDeinterlacedAtItsFrameRate() throws Exception {
        Path source = TestMedia.INPUT.resolve(StreamingMedia.interlaced());
        JsonPath asset = awaitState(asset("interlaced"), "COMPLETE");
        Path output = output(asset, "r");
        assertThat(video(output).path("nb_read_frames").asInt()).isEqualTo(50);
        assertThat(video(output).path("field_order").asText("progressive")).isEqualTo("progressive");
        long[] before = idet(source);
        long[] after = idet(output);
        assertThat(before[0] + before[1]).as("the source reads as interlaced").isGreaterThan(before[2]);
        assertThat(after[2]).as("the rendition reads as progressive: " + java.util.Arrays.toString(after))
                .isGreaterThan(after[0] + after[1]);
    }

    @Test
    void audioThatStartsLateKeepsItsTimingRelativeToTheVideo() throws Exception {
        JsonPath asset = awaitState(asset("late"), "COMPLETE");
        Path output = output(asset, "r");
        JsonNode audio = stream(output, "audio", 0);
        // The 1.7 s tone starting 0.3 s in: the track lasts 2.0 s, silent for its first 0.3 s.
        assertThat(audio.path("duration").asDouble()).isBetween(1.95, 2.1);
        double firstSound = firstSoundSeconds(output);
        assertThat(firstSound).isBetween(0.27, 0.36);
    }

    @Test
    void surroundSoundGivesAStereoTrackFirstAndKeepsTheSurroundOne() throws Exception {
        JsonPath asset = awaitState(asset("surround"), "COMPLETE");
        for (String rendition : List.of("r", "w")) {
            Path output = output(asset, rendition);
            JsonNode stereo = stream(output, "audio", 0);
            JsonNode surround = stream(output, "audio", 1);
            assertThat(stereo.path("channels").asInt()).as(rendition).isEqualTo(2);
            assertThat(stereo.path("disposition").path("default").asInt()).as(rendition).isEqualTo(1);
            assertThat(surround.path("channels").asInt()).as(rendition).isEqualTo(6);
            assertThat(surround.path("disposition").path("default").asInt()).as(rendition).isZero();
            assertThat(video(output).path("disposition").path("default").asInt()).as(rendition).isEqualTo(1);
            // Normalised as asked, each track on its own, by an independent EBU R128 meter (ebur128).
            for (int track = 0; track < 2; track++) {
                double[] measured = ebur128(output, track);
                assertThat(measured[0]).as(rendition + " track " + track + " LUFS").isBetween(LOUDNESS - 1, LOUDNESS + 1);
                assertThat(measured[1]).as(rendition + " track " + track + " true peak dBTP").isLessThanOrEqualTo(-0.5);
            }
        }
    }

    @Test
    void aVariableFrameRateSourceIsEncodedOnAConstantGridAtItsNominalRate() throws Exception {
        JsonPath asset = awaitState(asset("vfr"), "COMPLETE");
        Path output = output(asset, "lossless");
        JsonNode video = video(output);
        // 5 s at the nominal 25 fps: 125 frames of 40 ms, the pause held on its last frame.
        assertThat(video.path("nb_read_frames").asInt()).isEqualTo(125);
        assertThat(video.path("duration").asDouble()).isEqualTo(5.0);
        List<String> frames = TestMedia.frameHashes(output);
        assertThat(frames.subList(19, 41)).as("frame 19 held through the pause").containsOnly(frames.get(19));
        assertThat(frames.get(41)).isNotEqualTo(frames.get(19));
        assertThat(asset.getLong("probe.frames")).isEqualTo(125);
        // Lossless, and compared with the source on the same grid: identical pictures.
        assertThat(asset.getDouble("renditions[0].quality.psnr")).isGreaterThan(60);
    }

    // ---- measurements ------------------------------------------------------------------------

    private static List<Double> keyFrameTimes(Path file) {
        String out = TestMedia.run(List.of("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                "packet=pts_time,flags", "-of", "csv=p=0", file.toString()));
        List<Double> times = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] parts = line.strip().split(",");
            if (parts.length == 2 && parts[1].startsWith("K")) {
                times.add(Math.round(Double.parseDouble(parts[0]) * 1000) / 1000.0);
            }
        }
        times.sort(Double::compare);
        return times;
    }

    private static JsonNode video(Path file) throws Exception {
        return stream(file, "video", 0);
    }

    private static JsonNode stream(Path file, String type, int index) throws Exception {
        JsonNode root = JSON.readTree(TestMedia.run(List.of("ffprobe", "-v", "error", "-count_frames",
                "-show_streams", "-of", "json", file.toString())));
        int seen = 0;
        for (JsonNode stream : root.path("streams")) {
            if (type.equals(stream.path("codec_type").asText()) && seen++ == index) {
                return stream;
            }
        }
        throw new AssertionError("no " + type + " stream " + index + " in " + file);
    }

    private static final Pattern IDET = Pattern.compile("Multi frame detection:\\s*TFF:\\s*(\\d+)\\s*BFF:\\s*(\\d+)"
            + "\\s*Progressive:\\s*(\\d+)");

    /** TFF, BFF and progressive frames by ffmpeg's idet. */
    private static long[] idet(Path file) throws Exception {
        Process process = new ProcessBuilder("ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-i", file.toString(),
                "-map", "0:v:0", "-vf", "idet", "-f", "null", "-").redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        Matcher m = IDET.matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
    }

    private static final Pattern EBUR128 = Pattern.compile("Integrated loudness:\\s*I:\\s*(-?[0-9.]+) LUFS[\\s\\S]*"
            + "True peak:\\s*Peak:\\s*(-?[0-9.]+) dBFS");

    /** Integrated loudness (LUFS) and true peak (dBTP) of one audio track, by ffmpeg's ebur128 meter. */
    private static double[] ebur128(Path file, int track) throws Exception {
        Process process = new ProcessBuilder("ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-i", file.toString(),
                "-map", "0:a:" + track, "-af", "ebur128=peak=true", "-f", "null", "-").redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        Matcher m = EBUR128.matcher(out.substring(Math.max(0, out.lastIndexOf("Summary:"))));
        assertThat(m.find()).as(out).isTrue();
        return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))};
    }

    private static final Pattern SILENCE_END = Pattern.compile("silence_end: ([0-9.]+)");

    /** When the first audio track stops being silent. */
    private static double firstSoundSeconds(Path file) throws Exception {
        Process process = new ProcessBuilder("ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-i", file.toString(),
                "-map", "0:a:0", "-af", "silencedetect=noise=-50dB:d=0.05", "-f", "null", "-")
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        Matcher m = SILENCE_END.matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
