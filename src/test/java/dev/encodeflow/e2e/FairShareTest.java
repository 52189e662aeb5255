package dev.encodeflow.e2e;

import static dev.encodeflow.support.Api.awaitState;
import static dev.encodeflow.support.Api.create;
import static dev.encodeflow.support.Api.newId;
import static dev.encodeflow.support.Api.rung;
import static dev.encodeflow.support.Api.tasks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.encodeflow.support.TestMedia;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A huge asset (160 chunks) and a small one posted after it at the same priority: the small one
 * takes turns with the huge one's chunks and is complete while most of them still wait.
 */
@QuarkusTest
class FairShareTest {

    @Test
    void aSmallAssetFinishesFirstAlongsideAHugeOneOfTheSamePriority() {
        String long8 = TestMedia.generate("fair-huge-16s.mp4", List.of("-f", "lavfi", "-i",
                "testsrc2=size=64x36:rate=25:duration=16", "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt",
                "yuv420p", "-g", "5"));
        String short1 = TestMedia.generate("fair-small.mp4", List.of("-f", "lavfi", "-i",
                "testsrc2=size=64x36:rate=25:duration=1", "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt",
                "yuv420p"));
        String huge = newId("fair-huge");
        String small = newId("fair-small");
        create(Map.of("id", huge, "source", long8, "priority", 50, "chunking", Map.of("seconds", 0.1),
                "packaging", Map.of("segmentSeconds", 0.1, "formats", List.of()), "quality", Map.of("measure", false),
                "ladder", List.of(rung("r", 64, 36, 40))));
        awaitState(huge, "ENCODING");
        create(Map.of("id", small, "source", short1, "priority", 50, "chunking", Map.of("seconds", 0),
                "packaging", Map.of("formats", List.of()), "quality", Map.of("measure", false),
                "ladder", List.of(rung("r", 64, 36, 40))));

        awaitState(small, "COMPLETE");
        long waiting = tasks(huge).stream()
                .filter(t -> "ENCODE_CHUNK".equals(t.get("type")) && "QUEUED".equals(t.get("state"))).count();
        assertThat(waiting).as("chunks of the huge asset still queued when the small one completed")
                .isGreaterThanOrEqualTo(60);
        dev.encodeflow.support.Api.fact(Map.of("type", "Cancel", "assetId", huge, "reason", "done with it"));
        awaitState(huge, "CANCELLED");
    }
}
