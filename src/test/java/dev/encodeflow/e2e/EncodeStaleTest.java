package dev.encodeflow.e2e;

import static dev.encodeflow.support.Api.asset;
import static dev.encodeflow.support.Api.awaitState;
import static dev.encodeflow.support.Api.create;
import static dev.encodeflow.support.Api.fact;
import static dev.encodeflow.support.Api.newId;
import static dev.encodeflow.support.Api.rung;
import static dev.encodeflow.support.Api.tasks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.encodeflow.support.TestMedia;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * EncodeStale re-encodes the rendition it names, and only that one; the output it replaces is
 * listed as a previous generation and kept until its retention ends.
 */
@QuarkusTest
class EncodeStaleTest {

    @jakarta.inject.Inject
    dev.encodeflow.outputs.GenerationCollector collector;

    @jakarta.inject.Inject
    dev.encodeflow.media.MediaConfig media;

    @Test
    void aStaleRenditionIsReEncodedAndTheOtherIsLeftAlone() throws Exception {
        String id = newId("stale");
        create(Map.of("id", id, "source", TestMedia.silentClip(), "chunking", Map.of("seconds", 2),
                "ladder", List.of(rung("a", 256, 144, 30), rung("b", 128, 72, 30))));
        JsonPath first = awaitState(id, "COMPLETE");
        List<Map<String, Object>> before = tasks(id);

        fact(Map.of("type", "EncodeStale", "assetId", id, "rendition", "a", "reason", "recipe tuned"));

        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonPath now = asset(id);
            return "COMPLETE".equals(now.getString("state"))
                    && now.getInt("renditions.find { it.name == 'a' }.generation") == 1;
        });
        JsonPath after = asset(id);
        assertThat(after.getString("renditions.find { it.name == 'a' }.state")).isEqualTo("COMPLETE");
        assertThat(after.getInt("renditions.find { it.name == 'b' }.generation")).isZero();
        assertThat(after.getString("renditions.find { it.name == 'b' }.output.sha256"))
                .isEqualTo(first.getString("renditions.find { it.name == 'b' }.output.sha256"));

        List<Map<String, Object>> added = tasks(id).subList(before.size(), tasks(id).size());
        assertThat(added).extracting(t -> t.get("type"))
                .contains("ENCODE_CHUNK", "ASSEMBLE", "VALIDATE", "NOTIFY").doesNotContain("PROBE", "ENCODE_AUDIO");
        assertThat(added).filteredOn(t -> t.get("rendition") != null)
                .allSatisfy(t -> {
                    assertThat(t.get("rendition")).isEqualTo("a");
                    assertThat(t.get("generation")).isEqualTo(1);
                });
        assertThat(added).filteredOn(t -> "ENCODE_CHUNK".equals(t.get("type")))
                .hasSize(after.getInt("renditions.find { it.name == 'a' }.chunksTotal"));

        // Generation 0's output is listed and kept (a link of its own); the published path is the same.
        String firstSha = first.getString("renditions.find { it.name == 'a' }.output.sha256");
        assertThat(after.getString("renditions.find { it.name == 'a' }.output.path"))
                .isEqualTo(first.getString("renditions.find { it.name == 'a' }.output.path"));
        assertThat(after.getList("renditions.find { it.name == 'b' }.previous")).isEmpty();
        Map<String, Object> previous = after.getMap("renditions.find { it.name == 'a' }.previous[0]");
        assertThat(previous.get("generation")).isEqualTo(0);
        assertThat(((Map<?, ?>) previous.get("output")).get("sha256")).isEqualTo(firstSha);
        java.nio.file.Path root = java.nio.file.Path.of(media.outputRoot());
        java.nio.file.Path kept = root.resolve((String) previous.get("keptPath"));
        assertThat(dev.encodeflow.tasks.MediaWork.sha256(kept)).isEqualTo(firstSha);

        // Past outputs.keep-previous-for the kept file goes; the published one stays.
        assertThat(collector.collect(java.time.Instant.now().plus(Duration.ofDays(31)))).isPositive();
        assertThat(kept).doesNotExist();
        JsonPath collected = asset(id);
        assertThat(collected.getString("renditions.find { it.name == 'a' }.previous[0].keptPath")).isNull();
        assertThat(collected.getString("renditions.find { it.name == 'a' }.previous[0].removedAt")).isNotNull();
        assertThat(root.resolve(collected.getString("renditions.find { it.name == 'a' }.output.path"))).exists();
    }
}
