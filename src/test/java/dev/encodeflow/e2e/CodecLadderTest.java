package dev.encodeflow.e2e;

import static dev.encodeflow.support.Api.awaitState;
import static dev.encodeflow.support.Api.create;
import static dev.encodeflow.support.Api.newId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.encodeflow.support.TestMedia;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One mezzanine, every codec a streaming service ships, in one ladder. */
@QuarkusTest
class CodecLadderTest {

    @Test
    void avcHevcVp9AndAv1IncludingTenBitComeOutAsAsked() {
        String id = newId("ladder");
        String source = TestMedia.ntscClipWithAudio();
        create(Map.of("id", id, "source", source, "chunking", Map.of("seconds", 1.0), "ladder", List.of(
                rung("avc-high", "avc", 320, 240, Map.of("crf", 26, "preset", "veryfast", "profile", "high")),
                rung("hevc-10bit", "hevc", 256, 144, Map.of("crf", 30, "preset", "ultrafast", "bitDepth", 10,
                        "profile", "main10")),
                rung("vp9", "vp9", 320, 240, Map.of("bitrateKbps", 300, "maxrateKbps", 450, "preset", "realtime")),
                rung("av1-10bit", "av1", 256, 144, Map.of("crf", 40, "preset", "12", "bitDepth", 10)))));

        JsonPath asset = awaitState(id, "COMPLETE");

        check(asset, "avc-high", "h264", "High", "yuv420p", 320, 240, "aac", ".mp4");
        // The 4:3 source fitted inside the 16:9 box keeps its shape: 192x144, not stretched to 256x144.
        check(asset, "hevc-10bit", "hevc", "Main 10", "yuv420p10le", 192, 144, "aac", ".mp4");
        check(asset, "vp9", "vp9", "Profile 0", "yuv420p", 320, 240, "opus", ".webm");
        check(asset, "av1-10bit", "av1", "Main", "yuv420p10le", 192, 144, "aac", ".mp4");
    }

    private static void check(JsonPath asset, String name, String codec, String profile, String pixelFormat, int width,
            int height, String audioCodec, String extension) {
        String path = asset.getString("renditions.find { it.name == '" + name + "' }.output.path");
        assertThat(path).as(name).endsWith(extension);
        JsonPath probe = new JsonPath(TestMedia.run(List.of("ffprobe", "-v", "error", "-count_frames", "-show_entries",
                "stream=codec_type,codec_name,profile,pix_fmt,width,height,nb_read_frames,duration:stream_tags=DURATION",
                "-of", "json", TestMedia.OUTPUT.resolve(path).toString())));
        String video = "streams.find { it.codec_type == 'video' }";
        String audio = "streams.find { it.codec_type == 'audio' }";
        assertThat(probe.getString(video + ".codec_name")).as(name).isEqualTo(codec);
        assertThat(probe.getString(video + ".profile")).as(name).isEqualTo(profile);
        assertThat(probe.getString(video + ".pix_fmt")).as(name).isEqualTo(pixelFormat);
        assertThat(probe.getInt(video + ".width")).as(name).isEqualTo(width);
        assertThat(probe.getInt(video + ".height")).as(name).isEqualTo(height);
        assertThat(probe.getInt(video + ".nb_read_frames")).as(name + " frames").isEqualTo(90);
        assertThat(probe.getString(audio + ".codec_name")).as(name).isEqualTo(audioCodec);
        double videoSeconds = seconds(probe, video);
        double audioSeconds = seconds(probe, audio);
        assertThat(Math.abs(videoSeconds - audioSeconds)).as(name + " audio in sync").isLessThanOrEqualTo(0.1);
    }

    /** MP4 states a stream's duration; WebM only as a DURATION tag. */
    private static double seconds(JsonPath probe, String stream) {
        String duration = probe.getString(stream + ".duration");
        if (duration != null) {
            return Double.parseDouble(duration);
        }
        String[] hms = probe.getString(stream + ".tags.DURATION").split(":");
        return Integer.parseInt(hms[0]) * 3600 + Integer.parseInt(hms[1]) * 60 + Double.parseDouble(hms[2]);
    }

    private static Map<String, Object> rung(String name, String codec, int width, int height,
            Map<String, Object> recipe) {
        Map<String, Object> rung = new HashMap<>(recipe);
        rung.putAll(Map.of("name", name, "codec", codec, "width", width, "height", height));
        return rung;
    }
}
