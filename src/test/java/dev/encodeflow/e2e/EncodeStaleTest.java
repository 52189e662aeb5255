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

/** EncodeStale re-encodes the rendition it names, and only that one. */
@QuarkusTest
class EncodeStaleTest {

    @Test
    void aStaleRenditionIsReEncodedAndTheOtherIsLeftAlone() {
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
    }
}
