package dev.encodeflow.e2e;

import static dev.encodeflow.support.Api.asset;
import static dev.encodeflow.support.Api.awaitState;
import static dev.encodeflow.support.Api.create;
import static dev.encodeflow.support.Api.fact;
import static dev.encodeflow.support.Api.newId;
import static dev.encodeflow.support.Api.rung;
import static dev.encodeflow.support.Api.tasks;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.encodeflow.support.TestMedia;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Failing, cancelling and listing assets through the public API. */
@QuarkusTest
class LifecycleTest {

    @Test
    void aSourceThatIsNotMediaFailsAtOnceWithAReadableReason() {
        String id = newId("garbage");
        create(Map.of("id", id, "source", TestMedia.garbage(), "ladder", List.of(rung("r", 320, 240, 23))));

        JsonPath failed = awaitState(id, "FAILED");

        assertThat(failed.getString("error")).contains("cannot read the source garbage.mp4")
                .contains("Invalid data found").doesNotContain("Exception");
        List<Map<String, Object>> tasks = tasks(id);
        Map<String, Object> probe = tasks.stream().filter(t -> "PROBE".equals(t.get("type"))).findFirst().orElseThrow();
        assertThat(probe.get("state")).isEqualTo("DEAD");
        assertThat(probe.get("attempts")).as("a permanent failure is not retried").isEqualTo(1);
        assertThat(tasks).filteredOn(t -> "NOTIFY".equals(t.get("type"))).hasSize(1);
        assertThat(failed.getString("renditions[0].state")).isEqualTo("CANCELLED");
    }

    @Test
    void aCancelledAssetStopsAndItsOpenTasksAreCancelled() {
        String id = newId("cancel");
        // Low priority and many small chunks: plenty of work still queued when the cancel lands.
        create(Map.of("id", id, "source", TestMedia.clipWithAudio(), "priority", 0,
                "chunking", Map.of("seconds", 0.2), "ladder", List.of(rung("r", 320, 240, 23))));
        awaitState(id, "ENCODING");

        fact(Map.of("type", "Cancel", "assetId", id, "reason", "withdrawn"));

        JsonPath cancelled = awaitState(id, "CANCELLED");
        assertThat(cancelled.getString("renditions[0].state")).isEqualTo("CANCELLED");
        org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(tasks(id))
                .extracting(t -> t.get("state")).doesNotContain("QUEUED", "RUNNING", "FAILED"));
        assertThat(tasks(id)).extracting(t -> t.get("state")).contains("CANCELLED");
    }

    @Test
    void reprioritizeMovesTheQueuedWork() {
        String id = newId("prio");
        create(Map.of("id", id, "source", TestMedia.clipWithAudio(), "priority", 0,
                "chunking", Map.of("seconds", 0.2), "ladder", List.of(rung("r", 320, 240, 23))));
        awaitState(id, "ENCODING");

        fact(Map.of("type", "Reprioritize", "assetId", id, "priority", 80));

        org.awaitility.Awaitility.await().until(() -> asset(id).getInt("priority") == 80);
        assertThat(tasks(id)).filteredOn(t -> "QUEUED".equals(t.get("state")))
                .allSatisfy(t -> assertThat(t.get("priority")).isEqualTo(80));
        awaitState(id, "COMPLETE");
    }

    @Test
    void assetsArePagedNewestFirst() {
        String tag = newId("page");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = tag + "-" + i;
            create(Map.of("id", id, "source", TestMedia.garbage(), "ladder", List.of(rung("r", 320, 240, 23))));
            ids.add(0, id);
        }
        List<String> seen = new ArrayList<>();
        String after = null;
        do {
            var request = given().queryParam("limit", 2);
            if (after != null) {
                request.queryParam("after", after);
            }
            JsonPath page = request.when().get("/api/v1/assets").then().statusCode(200).extract().jsonPath();
            page.getList("items.id", String.class).stream().filter(i -> i.startsWith(tag)).forEach(seen::add);
            after = page.getString("next");
        } while (after != null && seen.size() < 3);
        assertThat(seen).containsExactlyElementsOf(ids);

        JsonPath failed = given().queryParam("state", "failed").queryParam("limit", 200).when().get("/api/v1/assets")
                .then().statusCode(200).extract().jsonPath();
        assertThat(failed.getList("items.state", String.class)).containsOnly("FAILED");
    }
}
