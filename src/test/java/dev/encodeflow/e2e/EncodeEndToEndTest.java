package dev.encodeflow.e2e;

import static dev.encodeflow.support.Api.awaitState;
import static dev.encodeflow.support.Api.create;
import static dev.encodeflow.support.Api.newId;
import static dev.encodeflow.support.Api.rung;
import static dev.encodeflow.support.Api.tasks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.encodeflow.support.TestMedia;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;
import org.junit.jupiter.api.Test;

/** A mezzanine posted over REST comes out as validated renditions, through the real rules, queue and ffmpeg. */
@QuarkusTest
class EncodeEndToEndTest {

    @Inject
    @Connector("smallrye-in-memory")
    InMemoryConnector connector;

    @Test
    void twoAvcRenditionsCompleteFrameForFrameWithAudio() {
        String id = newId("e2e");
        String source = TestMedia.clipWithAudio();

        JsonPath created = create(Map.of("id", id, "source", source, "chunking", Map.of("seconds", 1.5),
                "packaging", Map.of("segmentSeconds", 1.5),
                "ladder", List.of(rung("240p", 320, 240, 23), rung("120p", 160, 120, 28))));
        assertThat(created.getString("state")).isEqualTo("NEW");

        JsonPath asset = awaitState(id, "COMPLETE");

        assertThat(asset.getLong("probe.frames")).isEqualTo(125);
        assertThat(asset.getBoolean("probe.hasAudio")).isTrue();
        // 125 frames in 1.5 s (38-frame) chunks: 38, 38, 38, 11 (a tail under a quarter chunk would merge).
        assertThat(asset.getList("renditions.chunksTotal", Integer.class)).containsOnly(4);
        assertThat(asset.getList("renditions.chunksDone", Integer.class)).containsOnly(4);
        for (String name : List.of("240p", "120p")) {
            String base = "renditions.find { it.name == '" + name + "' }";
            assertThat(asset.getString(base + ".state")).isEqualTo("COMPLETE");
            assertThat(asset.getLong(base + ".output.frames")).isEqualTo(125);
            Path file = TestMedia.OUTPUT.resolve(asset.getString(base + ".output.path"));
            JsonPath probe = new JsonPath(TestMedia.probe(file));
            assertThat(probe.getInt("streams.find { it.codec_type == 'video' }.nb_read_frames")).isEqualTo(125);
            assertThat(probe.getString("streams.find { it.codec_type == 'audio' }.codec_name")).isEqualTo("aac");
            double audio = probe.getDouble("streams.find { it.codec_type == 'audio' }.duration");
            assertThat(audio).isBetween(4.9, 5.1);
        }

        List<Map<String, Object>> tasks = tasks(id);
        assertThat(tasks).filteredOn(t -> "ENCODE_CHUNK".equals(t.get("type"))).hasSize(8);
        assertThat(tasks).filteredOn(t -> "ENCODE_AUDIO".equals(t.get("type"))).hasSize(1);
        assertThat(tasks).allSatisfy(t -> {
            assertThat(t.get("state")).isEqualTo("SUCCEEDED");
            assertThat((String) t.get("rule")).isNotBlank();
            assertThat((String) t.get("ruleSetVersion")).hasSize(12);
        });

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(completedEvents(id)).hasSize(1));
    }

    private List<com.fasterxml.jackson.databind.JsonNode> completedEvents(String id) {
        return connector.sink("asset-events").received().stream()
                .map(Message::getPayload)
                .map(payload -> {
                    try {
                        return new com.fasterxml.jackson.databind.ObjectMapper().readTree((byte[]) payload);
                    } catch (java.io.IOException e) {
                        throw new AssertionError(e);
                    }
                })
                .filter(e -> e.path("assetId").asText().equals(id) && e.path("type").asText().equals("AssetCompleted"))
                .toList();
    }
}
