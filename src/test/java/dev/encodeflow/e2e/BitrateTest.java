package dev.encodeflow.e2e;

import static dev.encodeflow.support.Api.awaitState;
import static dev.encodeflow.support.Api.create;
import static dev.encodeflow.support.Api.newId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.encodeflow.support.Bitrates;
import dev.encodeflow.support.StreamingMedia;
import dev.encodeflow.support.TestMedia;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bit-rate rungs, chunked: every chunk is encoded in two passes (AVC, HEVC, VP9), so the average
 * lands on the target and the cap holds over any second, measured from the packets of the
 * published renditions. A clip whose second half is far harder than its first makes the rate
 * control work.
 */
@QuarkusTest
class BitrateTest {

    @Test
    void averagesLandOnTheTargetAndPeaksStayUnderTheCap() throws Exception {
        String id = newId("bitrate");
        create(Map.of("id", id, "source", StreamingMedia.changingComplexity(), "chunking", Map.of("seconds", 2.0),
                "packaging", Map.of("segmentSeconds", 1.0, "formats", List.of()), "quality", Map.of("measure", false),
                "ladder", List.of(rung("avc", "avc", 400, 700, "veryfast"), rung("hevc", "hevc", 300, 500, "veryfast"),
                        rung("vp9", "vp9", 400, 700, "good"))));

        JsonPath asset = awaitState(id, "COMPLETE");

        for (String name : List.of("avc", "hevc", "vp9")) {
            Path file = TestMedia.OUTPUT.resolve(asset.getString("renditions.find { it.name == '" + name
                    + "' }.output.path"));
            int target = target(name);
            double[] measured = Bitrates.averageAndPeakKbps(file);
            assertThat(measured[0]).as(name + " average kbps").isBetween(target * 0.95, target * 1.05);
            assertThat(measured[1]).as(name + " peak kbps over 1 s").isLessThanOrEqualTo(cap(name) * 1.1);
        }
    }

    private static int target(String name) {
        return "hevc".equals(name) ? 300 : 400;
    }

    private static int cap(String name) {
        return "hevc".equals(name) ? 500 : 700;
    }

    private static Map<String, Object> rung(String name, String codec, int kbps, int maxKbps, String preset) {
        return new HashMap<>(Map.of("name", name, "codec", codec, "width", 320, "height", 180, "bitrateKbps", kbps,
                "maxrateKbps", maxKbps, "preset", preset));
    }
}
