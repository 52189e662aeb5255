package dev.encodeflow.quality;

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

/**
 * Quality as facts: each complete rendition is compared with its source and the asset completes
 * once all are measured. A finer rung measures better than a coarser one, and a halved frame rate
 * is compared frame for frame with the source frames it kept (a misaligned comparison would fall
 * to the PSNR of unrelated pictures).
 */
@QuarkusTest
class QualityTest {

    @Test
    void everyRenditionIsMeasuredAgainstItsSourceBeforeTheAssetCompletes() {
        String id = newId("quality");
        create(Map.of("id", id, "source", TestMedia.clipWithAudio(), "chunking", Map.of("seconds", 2.0),
                // 2 s segments are 50 frames: half the frame rate keeps a key frame on each boundary.
                "packaging", Map.of("segmentSeconds", 2.0, "formats", List.of()),
                "ladder", List.of(rung("fine", 20, null), rung("coarse", 45, null), rung("half", 20, 12.5))));

        JsonPath asset = awaitState(id, "COMPLETE");

        double fine = asset.getDouble("renditions.find { it.name == 'fine' }.quality.psnr");
        double coarse = asset.getDouble("renditions.find { it.name == 'coarse' }.quality.psnr");
        double half = asset.getDouble("renditions.find { it.name == 'half' }.quality.psnr");
        assertThat(fine).isGreaterThan(coarse + 3).isGreaterThan(30);
        assertThat(half).isGreaterThan(30);
        assertThat(asset.getDouble("renditions.find { it.name == 'fine' }.quality.ssim")).isBetween(0.9, 1.0);
        assertThat(asset.getDouble("renditions.find { it.name == 'coarse' }.quality.ssim")).isBetween(0.3, 0.99);
        // Debian's ffmpeg 5.1 has no libvmaf: VMAF is null rather than made up.
        assertThat(asset.getMap("renditions[0].quality")).containsKey("vmaf");
    }

    @Test
    void anAssetThatSkipsMeasurementHasNoQuality() {
        String id = newId("no-quality");
        create(Map.of("id", id, "source", TestMedia.clipWithAudio(), "chunking", Map.of("seconds", 0),
                "packaging", Map.of("formats", List.of()), "quality", Map.of("measure", false),
                "ladder", List.of(rung("r", 30, null))));

        JsonPath asset = awaitState(id, "COMPLETE");

        assertThat(asset.getMap("renditions[0]")).containsEntry("quality", null);
        assertThat(asset.getMap("$")).containsEntry("packages", null);
    }

    private static Map<String, Object> rung(String name, int crf, Double fps) {
        Map<String, Object> rung = new HashMap<>(Map.of("name", name, "codec", "avc", "width", 320, "height", 240,
                "crf", crf, "preset", "veryfast"));
        if (fps != null) {
            rung.put("fps", fps);
        }
        return rung;
    }
}
