package dev.encodeflow.e2e;

import static dev.encodeflow.support.Api.awaitState;
import static dev.encodeflow.support.Api.create;
import static dev.encodeflow.support.Api.newId;
import static dev.encodeflow.support.Api.rung;
import static dev.encodeflow.support.Api.tasks;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.encodeflow.support.LiveRulesFolder;
import dev.encodeflow.support.TestMedia;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Plato's "always on": a rule dropped into the rules folder updates the stored assets it applies
 * to, COMPLETE ones included, with no fact posted; the others gain nothing; and the impact
 * preview, asked before, predicted exactly the tasks the re-evaluation then queued.
 */
@QuarkusTest
@TestProfile(LiveRulesFolder.class)
class AlwaysOnRulesTest {

    private static final String FILE = "60-always-on.drl";
    /**
     * The shipped scenarios (which the new set must still pass) probe other sizes; the test's
     * sources are tiny to keep it fast. The rule is the "720p or larger", scaled down.
     */
    private static final String TALL_SOURCES_GET_A_RUNG = """
            package encodeflow.workflow;
            import dev.encodeflow.model.*;

            rule "256x144 sources also get a 72p rung"
            when
                Probe( width == 256, height == 144 )
                not Rendition( name == "72p" )
            then
                insert( new Rendition( Rung.of( "72p", Codec.AVC, 128, 72, 32 ), 98 ) );
            end
            """;

    @AfterEach
    void cleanUp() throws Exception {
        if (Files.deleteIfExists(LiveRulesFolder.DIR.resolve(FILE))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !rules().getList("files", String.class).contains(FILE));
        }
    }

    @Test
    void aDroppedRuleUpdatesTheStoredAssetsThePreviewNamedAndNoOther() throws Exception {
        String tall = newId("always-tall");
        String small = newId("always-small");
        create(Map.of("id", tall, "source", TestMedia.silentClip(), "chunking", Map.of("seconds", 1.0),
                "ladder", List.of(rung("r", 64, 36, 30))));
        create(Map.of("id", small, "source", TestMedia.generate("clip-96x54.mp4", List.of("-f", "lavfi", "-i",
                        "testsrc2=size=96x54:rate=25:duration=2", "-c:v", "libx264", "-preset", "veryfast",
                        "-pix_fmt", "yuv420p")),
                "chunking", Map.of("seconds", 1.0), "ladder", List.of(rung("r", 64, 36, 30))));
        awaitState(tall, "COMPLETE");
        awaitState(small, "COMPLETE");
        int smallTasks = tasks(small).size();

        JsonPath preview = given().contentType(ContentType.JSON)
                .body(Map.of("files", Map.of(FILE, TALL_SOURCES_GET_A_RUNG), "assets", List.of(tall, small)))
                .when().post("/api/v1/rules/preview").then().statusCode(200).extract().jsonPath();
        assertThat(preview.getInt("assetsAffected")).isEqualTo(1);
        List<Map<String, Object>> predicted = preview.getList("assets.find { it.assetId == '" + tall + "' }.added");
        assertThat(predicted).isNotEmpty();

        Path file = LiveRulesFolder.DIR.resolve(FILE);
        Files.writeString(file.resolveSibling(FILE + ".tmp"), TALL_SOURCES_GET_A_RUNG);
        Files.move(file.resolveSibling(FILE + ".tmp"), file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        String version = await().atMost(Duration.ofSeconds(60)).until(() -> rules(),
                r -> r.getList("files", String.class).contains(FILE)).getString("version");

        // No fact is posted: the stored COMPLETE asset gains the rung by itself and completes again.
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            JsonPath now = asset(tall);
            return "COMPLETE".equals(now.getString("state"))
                    && "COMPLETE".equals(now.getString("renditions.find { it.name == '72p' }.state"));
        });
        Set<String> queued = tasks(tall).stream().filter(t -> "72p".equals(t.get("rendition"))
                        && "ENCODE_CHUNK".equals(t.get("type")))
                .map(t -> t.get("type") + "/" + t.get("rendition") + "/" + t.get("chunk")).collect(Collectors.toSet());
        Set<String> foreseen = predicted.stream().map(t -> t.get("type") + "/" + t.get("rendition") + "/" + t.get("chunk"))
                .collect(Collectors.toSet());
        assertThat(queued).as("what re-evaluation queued is what the preview predicted").isEqualTo(foreseen);
        assertThat(given().when().get("/api/v1/assets/" + tall + "/history").then().statusCode(200).extract()
                .asString()).contains(version);

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> true);
        JsonPath smallNow = asset(small);
        assertThat(smallNow.getList("renditions.name", String.class)).containsExactly("r");
        assertThat(tasks(small)).hasSize(smallTasks);
    }

    private static JsonPath rules() {
        return given().when().get("/api/v1/rules").then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath asset(String id) {
        return given().when().get("/api/v1/assets/" + id).then().statusCode(200).extract().jsonPath();
    }
}
