package dev.encodeflow.support;

import static dev.encodeflow.support.Api.asset;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the broker tests (RabbitMQ, Kafka) send and check alike: the messages, the events an
 * asset got, and what the API says afterwards. Each test keeps its own client.
 */
public final class BrokerScenarios {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BrokerScenarios() {
    }

    /** A new asset as a message: one small rung, 2 s chunks, no packaging or quality. */
    public static String assetMessage(String id, String source) throws JsonProcessingException {
        return JSON.writeValueAsString(Map.of("type", "MezzanineArrived", "id", id, "source", source,
                "chunking", Map.of("seconds", 2.0), "packaging", Map.of("formats", List.of()),
                "quality", Map.of("measure", false), "ladder", List.of(Api.rung("small", 160, 120, 30))));
    }

    /** A new asset as a message without an id: its message id (or its bytes) must stand for one. */
    public static String anonymousAssetMessage(String source) throws JsonProcessingException {
        return JSON.writeValueAsString(Map.of("type", "MezzanineArrived", "source", source,
                "packaging", Map.of("formats", List.of()), "quality", Map.of("measure", false),
                "ladder", List.of(Api.rung("small", 160, 90, 30))));
    }

    /** Waits for a message's asset to exist (a consumer that is still joining its group takes a few seconds). */
    public static void awaitExists(String id) {
        await().atMost(Duration.ofSeconds(60)).until(() -> given().when().get("/api/v1/assets/" + id)
                .then().extract().statusCode() == 200);
    }

    /** Events received so far, by id: a repeat overwrites, as a consumer that dedupes by id sees them. */
    public static final class ReceivedEvents {
        private final Map<String, JsonNode> byId = new ConcurrentHashMap<>();

        public void add(JsonNode event) {
            byId.put(event.path("id").asText(), event);
        }

        /** The events of one type about one asset. */
        public List<JsonNode> of(String assetId, String type) {
            return byId.values().stream().filter(e -> e.path("assetId").asText().equals(assetId)
                    && e.path("type").asText().equals(type)).toList();
        }

        public int count(String assetId, String type) {
            return of(assetId, type).size();
        }
    }

    /** The completion event names the published output; the rendition's own event names it; progress came. */
    public static void assertAnnounced(ReceivedEvents received, String id) {
        JsonNode completed = received.of(id, "AssetCompleted").get(0);
        assertThat(completed.path("state").asText()).isEqualTo("COMPLETE");
        assertThat(completed.path("renditions").get(0).path("output").path("path").asText())
                .isEqualTo(asset(id).getString("renditions[0].output.path"));
        assertThat(received.of(id, "RenditionCompleted").get(0).path("rendition").asText()).isEqualTo("small");
        assertThat(received.of(id, "AssetProgress")).as("progress while it encoded").isNotEmpty();
    }

    /** One asset with this id, and one asset from this source (sent twice without an id). */
    public static void assertOneAsset(String id, String anonymousSource) {
        List<Map<String, Object>> assets = given().when().get("/api/v1/assets?limit=200").then().statusCode(200)
                .extract().jsonPath().getList("items");
        assertThat(assets.stream().filter(a -> a.get("id").equals(id))).hasSize(1);
        assertThat(assets.stream().filter(a -> anonymousSource.equals(a.get("source")))).hasSize(1);
    }
}
