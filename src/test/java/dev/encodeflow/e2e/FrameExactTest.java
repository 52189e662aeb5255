package dev.encodeflow.e2e;

import static dev.encodeflow.support.Api.awaitState;
import static dev.encodeflow.support.Api.create;
import static dev.encodeflow.support.Api.newId;
import static dev.encodeflow.support.Api.rung;
import static org.assertj.core.api.Assertions.assertThat;

import dev.encodeflow.support.TestMedia;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Chunking loses, duplicates and reorders nothing: a lossless rendition decodes to the source's frames. */
@QuarkusTest
class FrameExactTest {

    @Test
    void aLosslessRenditionHasExactlyTheSourceFrames() {
        String id = newId("exact");
        String source = TestMedia.silentClip();

        // 1.3 s segments at 29.97 fps are 39 frames, a chunk each; 120 frames do not divide into
        // them (39, 39, 42).
        create(Map.of("id", id, "source", source, "chunking", Map.of("seconds", 1.3),
                "packaging", Map.of("segmentSeconds", 1.3),
                "ladder", List.of(rung("lossless", 256, 144, 0))));
        JsonPath asset = awaitState(id, "COMPLETE");

        assertThat(asset.getInt("renditions[0].chunksTotal")).isEqualTo(3);
        Path output = TestMedia.OUTPUT.resolve(asset.getString("renditions[0].output.path"));
        List<String> expected = TestMedia.frameHashes(TestMedia.INPUT.resolve(source));
        List<String> actual = TestMedia.frameHashes(output);
        assertThat(expected).hasSize(120);
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    @Test
    void aPlannedAssetIsCutAtTheSourcesOwnKeyFrameAndStaysFrameExact() {
        String id = newId("planned");
        // 8 s at 25 fps with key frames at 0 and 4 s (frame 100); the request gives no chunk length.
        String source = TestMedia.generate("clip-gop-100.mov", List.of("-f", "lavfi", "-i",
                "testsrc2=size=256x144:rate=25:duration=8", "-c:v", "libx264", "-preset", "veryfast",
                "-pix_fmt", "yuv420p", "-g", "100", "-keyint_min", "100", "-sc_threshold", "0"));
        create(Map.of("id", id, "source", source, "packaging", Map.of("segmentSeconds", 2.0, "formats", List.of()),
                "ladder", List.of(rung("lossless", 256, 144, 0))));
        JsonPath asset = awaitState(id, "COMPLETE");

        assertThat(asset.getList("probe.keyFrames", Integer.class)).containsExactly(0, 100);
        assertThat(asset.getInt("probe.planning.slots")).isEqualTo(2);
        // Two slots, one AVC rendition: two chunks, the second from the key frame at 4 s.
        assertThat(asset.getInt("renditions[0].chunksTotal")).isEqualTo(2);
        Path output = TestMedia.OUTPUT.resolve(asset.getString("renditions[0].output.path"));
        assertThat(TestMedia.frameHashes(output))
                .containsExactlyElementsOf(TestMedia.frameHashes(TestMedia.INPUT.resolve(source)));
        io.restassured.RestAssured.given().get("/api/v1/assets/" + id + "/tasks").then().statusCode(200)
                .body("findAll { it.type == 'ENCODE_CHUNK' }.chunk", org.hamcrest.Matchers.containsInAnyOrder(0, 1));
    }

    @Test
    void aSourceWhoseAudioStartsBeforeItsVideoIsCutOnTheVideosFrames() {
        String id = newId("lead");
        // The video starts 0.6 s after the file (its audio starts at 0): seeks count from the file's
        // start, so a chunk that ignored the lead would start 15 frames early.
        String clip = TestMedia.generate("clip-av-6s.mp4", List.of("-f", "lavfi", "-i",
                "testsrc2=size=256x144:rate=25:duration=6", "-f", "lavfi", "-i", "sine=duration=7",
                "-c:v", "libx264", "-preset", "veryfast", "-g", "50", "-pix_fmt", "yuv420p", "-c:a", "aac", "-t", "7"));
        String source = TestMedia.generate("clip-video-late.mp4", List.of("-itsoffset", "0.6", "-i",
                TestMedia.INPUT.resolve(clip).toString(), "-i", TestMedia.INPUT.resolve(clip).toString(),
                "-map", "0:v", "-map", "1:a", "-c", "copy"));
        create(Map.of("id", id, "source", source, "chunking", Map.of("seconds", 2.0),
                "packaging", Map.of("segmentSeconds", 2.0, "formats", List.of()),
                "ladder", List.of(rung("lossless", 256, 144, 0))));
        JsonPath asset = awaitState(id, "COMPLETE");

        assertThat(asset.getInt("renditions[0].chunksTotal")).isEqualTo(3);
        Path output = TestMedia.OUTPUT.resolve(asset.getString("renditions[0].output.path"));
        assertThat(TestMedia.frameHashes(output))
                .containsExactlyElementsOf(TestMedia.frameHashes(TestMedia.INPUT.resolve(source)));
    }
}
