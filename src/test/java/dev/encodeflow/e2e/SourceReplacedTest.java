package dev.encodeflow.e2e;

import static dev.encodeflow.support.Api.asset;
import static dev.encodeflow.support.Api.create;
import static dev.encodeflow.support.Api.newId;
import static dev.encodeflow.support.Api.rung;
import static dev.encodeflow.support.Api.tasks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.encodeflow.support.TestMedia;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A source replaced while its chunks are being encoded: the chunks after the swap would come from
 * another file, so the asset fails with the reason and is never published spliced.
 */
@QuarkusTest
class SourceReplacedTest {

    @Test
    void aSourceReplacedInTheMiddleOfItsEncodeFailsTheAsset() throws Exception {
        String first = TestMedia.generate("replace-first.mp4", List.of("-f", "lavfi", "-i",
                "testsrc2=size=160x90:rate=25:duration=12", "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt",
                "yuv420p", "-g", "25"));
        String second = TestMedia.generate("replace-second.mp4", List.of("-f", "lavfi", "-i",
                "testsrc=size=160x90:rate=25:duration=12", "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt",
                "yuv420p", "-g", "25"));
        String id = newId("replaced");
        Path source = TestMedia.INPUT.resolve(id + ".mp4");
        Files.copy(TestMedia.INPUT.resolve(first), source);
        create(Map.of("id", id, "source", source.getFileName().toString(), "chunking", Map.of("seconds", 1),
                "ladder", List.of(rung("r", 160, 90, 35))));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> tasks(id).stream()
                .anyMatch(t -> "ENCODE_CHUNK".equals(t.get("type")) && "SUCCEEDED".equals(t.get("state"))));
        Path swap = TestMedia.INPUT.resolve(id + ".swap.mp4");
        Files.copy(TestMedia.INPUT.resolve(second), swap);
        Files.move(swap, source, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() ->
                List.of("COMPLETE", "FAILED", "CANCELLED").contains(asset(id).getString("state")));
        assertThat(asset(id).getString("state")).isEqualTo("FAILED");
        assertThat(asset(id).getString("error")).contains("changed since it was probed");
        assertThat(asset(id).getString("renditions[0].output")).isNull();
    }
}
