package dev.encodeflow.e2e;

import static dev.encodeflow.support.Api.awaitState;
import static dev.encodeflow.support.Api.create;
import static dev.encodeflow.support.Api.fact;
import static dev.encodeflow.support.Api.newId;
import static dev.encodeflow.support.Api.rung;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.encodeflow.support.SimulatedBackfill;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Budgeted backfill with a simulated encoder whose encodes take time (1 s per second of 1080p; 4
 * slots, backfill keeps 1 while live work waits). A rule dropped into the folder gives three
 * stored COMPLETE assets a 1080p rung: their re-encodes are a backfill that fills every slot. A
 * live asset posted then does not wait for a backfill encode to end (the newest are preempted,
 * stopped and queued again); operators see the backfill, pause it (nothing more is claimed, and
 * an outside fact makes one asset's work live again) and resume it; it finishes, nothing lost.
 */
@QuarkusTest
@TestProfile(SimulatedBackfill.class)
class BackfillTest {

    private static final String RULE = """
            package encodeflow.workflow;
            import dev.encodeflow.model.*;

            rule "11-second sources also get a 1080p rung"
            when
                Probe( durationSeconds == 11.0 )
                not Rendition( name == "1080p" )
            then
                insert( new Rendition( Rung.named( "1080p" ).codec( Codec.AVC ).size( 1920, 1080 ).crf( 23 ).build(), 99 ) );
            end
            """;

    @Inject
    DataSource database;

    @AfterEach
    void cleanUp() throws Exception {
        Files.deleteIfExists(SimulatedBackfill.RULES.resolve(SimulatedBackfill.DROPPED));
    }

    @Test
    void backfillTakesIdleSlotsYieldsToLiveWorkAndCanBePausedAndResumed() throws Exception {
        Path in = Path.of("target/test-media/in");
        Files.createDirectories(in);
        Files.writeString(in.resolve("backfill-11s.mov"), "");
        Files.writeString(in.resolve("backfill-live-7s.mov"), "");
        List<String> stored = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            stored.add(newId("backfill-stored"));
            create(asset(stored.get(i), "backfill-11s.mov"));
        }
        stored.forEach(id -> awaitState(id, "COMPLETE"));
        assertThat(count("SELECT count(*) FROM task WHERE backfill_id IS NOT NULL")).isZero();

        Path file = SimulatedBackfill.RULES.resolve(SimulatedBackfill.DROPPED);
        Files.writeString(file.resolveSibling("backfill.tmp"), RULE);
        Files.move(file.resolveSibling("backfill.tmp"), file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        // The re-encodes (6 chunks of the new rung per asset, 1 to 2 s each) fill all four slots.
        await().atMost(Duration.ofSeconds(60)).until(() -> count("""
                SELECT count(*) FROM task WHERE state = 'RUNNING' AND backfill_id IS NOT NULL AND lane = 1""") == 4);
        JsonPath listed = given().when().get("/api/v1/backfills").then().statusCode(200).extract().jsonPath();
        assertThat(listed.getString("[0].kind")).isEqualTo("rules");
        assertThat(listed.getString("[0].state")).isEqualTo("running");
        assertThat(listed.getLong("[0].assets")).isEqualTo(3);
        long backfill = listed.getLong("[0].id");

        // A live asset's first task starts at once: it does not wait ~2 s for a backfill encode.
        String live = newId("backfill-live");
        create(Map.of("id", live, "source", "backfill-live-7s.mov", "chunking", Map.of("seconds", 2),
                "ladder", List.of(rung("180p", 320, 180, 30))));
        awaitState(live, "COMPLETE");
        double probeWait = seconds("""
                SELECT extract(epoch FROM started_at - created_at) FROM task WHERE asset_id = '%s' AND type = 'PROBE'"""
                .formatted(live));
        assertThat(probeWait).as("the live probe's wait for a slot (s)").isLessThan(1.0);
        assertThat(count("SELECT count(*) FROM task WHERE asset_id = '" + live + "' AND lane <> 0")).isZero();
        assertThat(metric("encodeflow_backfill_preempted_total")).isGreaterThanOrEqualTo(1);

        // Paused: running tasks finish, nothing more is claimed.
        given().when().post("/api/v1/backfills/" + backfill + "/pause").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "SELECT count(*) FROM task WHERE state = 'RUNNING' AND backfill_id = " + backfill) == 0);
        long waiting = count("SELECT count(*) FROM task WHERE state = 'QUEUED' AND backfill_id = " + backfill);
        assertThat(waiting).as("backfill tasks left while paused").isPositive();
        assertThat(given().when().get("/api/v1/backfills/" + backfill).then().statusCode(200).extract().jsonPath()
                .getString("state")).isEqualTo("paused");
        // An outside fact about one asset makes its work live: it finishes while the rest waits.
        String picked = count("SELECT count(*) FROM task WHERE state = 'QUEUED' AND asset_id = '" + stored.get(0)
                + "'") > 0 ? stored.get(0) : stored.get(1);
        fact(Map.of("type", "Reprioritize", "assetId", picked, "priority", 60));
        await().atMost(Duration.ofSeconds(60)).until(() -> "COMPLETE".equals(dev.encodeflow.support.Api.asset(picked)
                .getString("renditions.find { it.name == '1080p' }.state")));
        assertThat(count("SELECT count(*) FROM task WHERE state = 'RUNNING' AND lane = 2")).isZero();
        assertThat(count("SELECT count(*) FROM task WHERE state = 'QUEUED' AND lane = 2")).isPositive();

        given().when().post("/api/v1/backfills/" + backfill + "/resume").then().statusCode(200);
        await().atMost(Duration.ofSeconds(90)).until(() -> "finished".equals(given().when()
                .get("/api/v1/backfills/" + backfill).then().extract().jsonPath().getString("state")));
        for (String id : stored) {
            JsonPath asset = awaitState(id, "COMPLETE");
            assertThat(asset.getString("renditions.find { it.name == '1080p' }.state")).as(id).isEqualTo("COMPLETE");
        }
        assertThat(count("SELECT count(*) FROM task WHERE state = 'DEAD'")).isZero();

        // Hostile ids: a clear 404, nothing changed.
        for (String bad : List.of("abc", "-1", "99999999999999999999", "1%20OR%201=1", "0x10", "987654321")) {
            given().when().post("/api/v1/backfills/" + bad + "/pause").then().statusCode(404);
        }
    }

    private static Map<String, Object> asset(String id, String source) {
        return Map.of("id", id, "source", source, "chunking", Map.of("seconds", 2),
                "ladder", List.of(rung("180p", 320, 180, 30)));
    }

    private long count(String sql) throws Exception {
        return (long) seconds(sql);
    }

    private double seconds(String sql) throws Exception {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getDouble(1);
        }
    }

    private static double metric(String name) {
        String text = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return text.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
