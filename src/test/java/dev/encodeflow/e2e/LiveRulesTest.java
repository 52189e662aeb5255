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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rule authors at work on a running service: hot reload, rejected files, the loop guard, previews, history. */
@QuarkusTest
@TestProfile(LiveRulesFolder.class)
class LiveRulesTest {

    private static final String LOOPING = """
            package encodeflow.experiments;
            import dev.encodeflow.model.*;

            declare Tick
                n : int
            end

            rule "Start ticking for loop assets"
            when
                Asset( id matches "loop-.*" )
                not Tick( )
            then
                insert( new Tick( 0 ) );
            end

            rule "Tick again"
            when
                $tick : Tick( $n : n )
            then
                delete( $tick );
                insert( new Tick( $n + 1 ) );
            end
            """;

    private static final String EXTRA_RUNG = """
            package encodeflow.workflow;
            import dev.encodeflow.model.*;

            rule "Every asset also gets a 144p rung"
            when
                Probe( )
                not Rendition( name == "144p" )
            then
                insert( new Rendition( Rung.of( "144p", Codec.AVC, 256, 144, 30 ), 99 ) );
            end
            """;

    @AfterEach
    void cleanUp() throws Exception {
        boolean removed = false;
        for (String name : List.of("99-broken.drl", "98-loop.drl", "97-exit.drl", "scenarios/99-wrong.yaml")) {
            removed |= Files.deleteIfExists(LiveRulesFolder.DIR.resolve(name));
        }
        if (removed) {
            await().atMost(Duration.ofSeconds(60)).until(() -> rules().getList("lastAttempt.errors").isEmpty());
        }
    }

    private static JsonPath rules() {
        return given().when().get("/api/v1/rules").then().statusCode(200).extract().jsonPath();
    }

    private static void write(String name, String text) throws Exception {
        Path file = LiveRulesFolder.DIR.resolve(name);
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, text);
        Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static JsonPath awaitRejection() {
        await().atMost(Duration.ofSeconds(60)).until(() -> "REJECTED".equals(rules().getString("lastAttempt.outcome")));
        return rules();
    }

    @Test
    void aBrokenFileIsReportedWithFileAndLineAndTheRunningRulesKeepWorking() throws Exception {
        String version = rules().getString("version");
        long started = System.nanoTime();
        write("99-broken.drl", "package encodeflow.workflow;\nimport dev.encodeflow.model.*;\n\nrule \"Broken\"\nwhen\n"
                + "    Asset( colour == \"red\" )\nthen\nend\n");

        JsonPath rejected = awaitRejection();
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(seconds).as("reported within seconds").isLessThan(10);
        assertThat(rejected.getString("version")).isEqualTo(version);
        assertThat(rejected.getString("lastAttempt.errors[0].file")).isEqualTo("99-broken.drl");
        assertThat(rejected.getInt("lastAttempt.errors[0].line")).isEqualTo(6);
        assertThat(rejected.getString("lastAttempt.errors[0].message")).contains("colour");
        // A forced reload of the same folder is rejected the same way, with a 422 naming the file.
        io.restassured.RestAssured.given().when().post("/api/v1/rules/reload").then().statusCode(422)
                .body("errors[0].file", org.hamcrest.Matchers.equalTo("99-broken.drl"));

        String id = newId("under-old-rules");
        create(Map.of("id", id, "source", TestMedia.silentClip(), "chunking", Map.of("seconds", 0),
                "ladder", List.of(rung("r", 128, 72, 30))));
        awaitState(id, "COMPLETE");
        assertThat(tasks(id)).extracting(t -> t.get("ruleSetVersion")).containsOnly(version);

        Files.delete(LiveRulesFolder.DIR.resolve("99-broken.drl"));
        await().atMost(Duration.ofSeconds(60)).until(() -> !"REJECTED".equals(rules().getString("lastAttempt.outcome")));
        assertThat(rules().getString("version")).isEqualTo(version);
        assertThat(rules().getList("lastAttempt.errors")).isEmpty();
    }

    @Test
    void aNewRuleFileIsLoadedWithoutARestart() throws Exception {
        String before = rules().getString("version");
        write("98-loop.drl", LOOPING);

        await().atMost(Duration.ofSeconds(60)).until(() -> !rules().getString("version").equals(before));

        assertThat(rules().getList("files", String.class)).contains("98-loop.drl");
        assertThat(rules().getList("rules", String.class)).contains("Tick again");
    }

    @Test
    void aFailingScenarioBlocksTheSwapAndSaysWhichExpectationFailed() throws Exception {
        String version = rules().getString("version");
        write("scenarios/99-wrong.yaml", """
                scenario: A new mezzanine is encoded at once
                when:
                  - MezzanineArrived: {id: a, source: a.mov, priority: 50, chunkSeconds: 4,
                      ladder: [{name: r, codec: avc, width: 640, height: 360, crf: 23}]}
                expect:
                  tasks:
                    - {type: ENCODE_CHUNK}
                """);

        JsonPath rejected = awaitRejection();

        assertThat(rejected.getString("version")).isEqualTo(version);
        assertThat(rejected.getList("lastAttempt.errors.file", String.class)).containsOnly("scenarios/99-wrong.yaml");
        assertThat(rejected.getList("lastAttempt.errors.message", String.class))
                .contains("scenario 'A new mezzanine is encoded at once': expected 1 x ENCODE_CHUNK, the rules emitted 0",
                        "scenario 'A new mezzanine is encoded at once': unexpected task PROBE from 'Probe a new mezzanine'");
    }

    @Test
    void aRuleFileThatExitsTheJvmOrReadsFilesIsRejected() throws Exception {
        write("97-exit.drl", """
                package encodeflow.workflow;
                import dev.encodeflow.model.*;
                import java.io.File;

                rule "Leave"
                when
                    Asset( )
                then
                    System.exit( 1 );
                end
                """);

        JsonPath rejected = awaitRejection();

        assertThat(rejected.getList("lastAttempt.errors.line", Integer.class)).containsExactly(3, 9);
        assertThat(rejected.getString("lastAttempt.errors[0].message")).contains("java.io.File");
        assertThat(rejected.getString("lastAttempt.errors[1].message")).contains("System");
    }

    @Test
    void aRuleThatLoopsQuarantinesItsAssetAndOthersGoOn() throws Exception {
        String before = rules().getString("version");
        write("98-loop.drl", LOOPING);
        await().atMost(Duration.ofSeconds(60)).until(() -> !rules().getString("version").equals(before));

        String looping = newId("loop");
        String normal = newId("calm");
        create(Map.of("id", looping, "source", TestMedia.silentClip(), "ladder", List.of(rung("r", 128, 72, 30))));
        create(Map.of("id", normal, "source", TestMedia.silentClip(), "chunking", Map.of("seconds", 0),
                "ladder", List.of(rung("r", 128, 72, 30))));

        JsonPath quarantined = awaitState(looping, "FAILED");
        assertThat(quarantined.getString("error")).contains("loop guard").contains("'Tick again'");
        assertThat(tasks(looping)).extracting(t -> t.get("type")).containsOnly("NOTIFY");
        awaitState(normal, "COMPLETE");

        JsonPath history = given().when().get("/api/v1/assets/" + looping + "/history").then().statusCode(200)
                .extract().jsonPath();
        assertThat(history.getList("entries.outcome", String.class)).contains("QUARANTINED");
    }

    @Test
    void aPreviewOfAnExtraRungListsExactlyTheTasksItWouldAdd() {
        String id = newId("preview");
        create(Map.of("id", id, "source", TestMedia.silentClip(), "chunking", Map.of("seconds", 1.0),
                "ladder", List.of(rung("r", 128, 72, 30))));
        JsonPath complete = awaitState(id, "COMPLETE");
        int chunks = complete.getInt("renditions[0].chunksTotal");
        int tasksBefore = tasks(id).size();

        JsonPath preview = given().contentType(ContentType.JSON)
                .body(Map.of("files", Map.of("50-extra-rung.drl", EXTRA_RUNG), "assets", List.of(id)))
                .when().post("/api/v1/rules/preview").then().statusCode(200).extract().jsonPath();

        assertThat(preview.getInt("assetsScanned")).isEqualTo(1);
        assertThat(preview.getInt("assetsAffected")).isEqualTo(1);
        assertThat(preview.getList("assets[0].added.type", String.class)).containsOnly("ENCODE_CHUNK").hasSize(chunks);
        assertThat(preview.getList("assets[0].added.rendition", String.class)).containsOnly("144p");
        assertThat(preview.getList("assets[0].added.chunk", Integer.class))
                .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, chunks).boxed().toList());
        // With a rendition that never finishes in the stored log, the asset would not be announced complete.
        // The completion event and the package of the old ladder give way to the new ladder's.
        assertThat(preview.getList("assets[0].removed.type", String.class)).containsExactlyInAnyOrder("PACKAGE",
                "NOTIFY");
        assertThat(preview.getDouble("estimatedEncodeSecondsAdded")).isPositive();
        assertThat(tasks(id)).as("a preview applies nothing").hasSize(tasksBefore);
    }

    @Test
    void theHistoryShowsFactsAndTheRulesThatFired() {
        String id = newId("history");
        create(Map.of("id", id, "source", TestMedia.silentClip(), "chunking", Map.of("seconds", 0),
                "ladder", List.of(rung("r", 128, 72, 30))));
        awaitState(id, "COMPLETE");

        JsonPath history = given().when().get("/api/v1/assets/" + id + "/history").then().statusCode(200)
                .extract().jsonPath();

        assertThat(history.getString("entries[0].kind")).isEqualTo("fact");
        assertThat(history.getString("entries[0].type")).isEqualTo("MezzanineArrived");
        assertThat(history.getString("entries[1].kind")).isEqualTo("evaluation");
        assertThat(history.getString("entries[1].rules[0].rule")).isEqualTo("Probe a new mezzanine");
        assertThat(history.getInt("entries[1].rules[0].emitted.PROBE")).isEqualTo(1);
        assertThat(history.getMap("entries[1].changes[0]")).containsEntry("subject", "asset")
                .containsEntry("from", "NEW").containsEntry("to", "PROBING")
                .containsEntry("rule", "Probe a new mezzanine");
        assertThat(history.getList("entries.type", String.class)).contains("Probe", "ChunkEncoded", "Assembled",
                "Validated");
        assertThat(history.getList("entries.changes.flatten().to", String.class)).contains("COMPLETE");
    }
}
