package dev.encodeflow.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import dev.encodeflow.support.Api;
import dev.encodeflow.support.TestMedia;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input gets a 4xx naming what is wrong, never a 5xx, and nothing is stored. */
@QuarkusTest
class IngestValidationTest {

    private static ValidatableResponse post(String json) {
        return given().contentType(ContentType.JSON).body(json).when().post("/api/v1/assets").then();
    }

    private static Map<String, Object> valid() {
        Map<String, Object> body = new HashMap<>();
        body.put("source", TestMedia.clipWithAudio());
        body.put("ladder", List.of(Api.rung("r", 320, 240, 23)));
        return body;
    }

    private static ValidatableResponse post(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/v1/assets").then();
    }

    private static Map<String, Object> withRung(Map<String, Object> rung) {
        Map<String, Object> body = valid();
        body.put("ladder", List.of(rung));
        return body;
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "id          | 'has space'           | id",
        "id          | ''                    | id",
        "id          | '..'                  | id",
        "id          | '.'                   | id",
        "priority    | 101                   | priority",
        "priority    | -1                    | priority",
        "source      | ''                    | source",
    })
    void anInvalidTopLevelFieldIsNamed(String field, String value, String reported) {
        Map<String, Object> body = valid();
        body.put(field, value.matches("-?\\d+") ? Integer.valueOf(value) : value);
        post(body).statusCode(400).body("error", equalTo("invalid request"))
                .body("details.field", hasItem(reported));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "../outside.mp4                   | resolves outside the input roots",
        "../../../../etc/passwd           | resolves outside the input roots",
        "/etc/passwd                      | resolves outside the input roots",
        "file:///etc/passwd               | resolves outside the input roots",
        "http://example.com/video.mp4     | only local files",
        "missing.mp4                      | file not found",
    })
    void aSourceOutsideTheRootsOrMissingIsRefused(String source, String message) {
        Map<String, Object> body = valid();
        body.put("source", source);
        post(body).statusCode(400).body("details.find { it.field == 'source' }.message", containsString(message));
    }

    @Test
    void aSymlinkPointingOutOfTheRootsIsRefused() throws Exception {
        Path link = TestMedia.INPUT.resolve("escape.mp4");
        Files.deleteIfExists(link);
        Path target = Files.createTempFile("outside", ".mp4");
        Files.createSymbolicLink(link, target);
        Map<String, Object> body = valid();
        body.put("source", "escape.mp4");
        post(body).statusCode(400).body("details.find { it.field == 'source' }.message",
                containsString("outside the input roots"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "codec   | mpeg2     | ladder[0].codec   | must be one of avc, hevc, vp9, av1",
        "width   | 321       | ladder[0].width   | must be even",
        "height  | 8         | ladder[0].height  | greater than or equal to 16",
        "preset  | -vf       | ladder[0].preset  | must be one of",
        "preset  | placebo   | ladder[0].preset  | must be one of",
        "crf     | 52        | ladder[0].crf     | between 0 and 51",
        "name    | ../x      | ladder[0].name    | must be 1 to 64",
        "name    | ..        | ladder[0].name    | not . or ..",
    })
    void anInvalidRungFieldIsNamed(String field, String value, String reported, String message) {
        Map<String, Object> rung = new HashMap<>(Api.rung("r", 320, 240, 23));
        rung.put(field, value.matches("\\d+") ? Integer.valueOf(value) : value);
        post(withRung(rung)).statusCode(400).body("details.find { it.field == '" + reported + "' }.message",
                containsString(message));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "avc 12-bit        | avc  | bitDepth=12             | ladder[0].bitDepth    | must be one of [8, 10] for avc",
        "hevc main10 8-bit | hevc | profile=main10          | ladder[0].profile     | must be one of main for hevc at 8-bit",
        "avc high at 10    | avc  | profile=high;bitDepth=10| ladder[0].profile     | must be one of high10",
        "vp9 profile 1     | vp9  | profile=1               | ladder[0].profile     | must be one of 0 for vp9",
        "av1 crf 0         | av1  | crf=0                   | ladder[0].crf         | between 1 and 63 for av1",
        "vp9 preset        | vp9  | preset=veryfast         | ladder[0].preset      | must be one of good, best, realtime",
        "av1 preset flag   | av1  | preset=--preset         | ladder[0].preset      | must be one of",
        "lossless profile  | avc  | crf=0;profile=high      | ladder[0].profile     | leave profile out",
        "maxrate < rate    | avc  | crf=;bitrateKbps=900;maxrateKbps=500 | ladder[0].maxrateKbps | at least bitrateKbps",
        "buffer alone      | avc  | bufferKbits=1000        | ladder[0].bufferKbits | needs maxrateKbps or bitrateKbps",
        "fps zero          | avc  | fps=0                   | ladder[0].fps         | at least 1",
    })
    void aRecipeOutsideItsCodecsAllowListIsRefused(String label, String codec, String settings, String field,
            String message) {
        Map<String, Object> rung = new HashMap<>(Api.rung("r", 320, 240, 23));
        rung.put("codec", codec);
        rung.remove("preset");
        for (String setting : settings.split(";")) {
            String[] kv = setting.split("=", -1);
            if (kv[1].isEmpty()) {
                rung.remove(kv[0]);
            } else {
                boolean number = List.of("bitDepth", "crf", "bitrateKbps", "maxrateKbps", "bufferKbits", "fps")
                        .contains(kv[0]);
                rung.put(kv[0], number ? (Object) Integer.valueOf(kv[1]) : kv[1]);
            }
        }
        post(withRung(rung)).statusCode(400).body("details.find { it.field == '" + field + "' }.message",
                containsString(message));
    }

    @Test
    void rateControlIsRequiredAndExclusive() {
        Map<String, Object> none = new HashMap<>(Api.rung("r", 320, 240, 23));
        none.remove("crf");
        post(withRung(none)).statusCode(400).body("details.field", hasItem("ladder[0].crf"));

        Map<String, Object> both = new HashMap<>(Api.rung("r", 320, 240, 23));
        both.put("bitrateKbps", 500);
        post(withRung(both)).statusCode(400).body("details.field", hasItem("ladder[0].bitrateKbps"));
    }

    @Test
    void loudnessOutsideWhatAudioCanMeanIsRefused() {
        for (Object loudness : List.of(0, -71, 3.5)) {
            Map<String, Object> body = valid();
            body.put("audio", Map.of("loudnessLufs", loudness));
            post(body).statusCode(400).body("details.field", hasItem("audio.loudnessLufs"));
        }
        Map<String, Object> text = valid();
        text.put("audio", Map.of("loudnessLufs", "loud"));
        post(text).statusCode(400).body("details.field", hasItem("audio.loudnessLufs"));
    }

    @Test
    void everyErrorIsReportedAtOnce() {
        post("""
                {"id": "bad id", "source": "../x", "priority": 500,
                 "ladder": [{"name": "a", "codec": "xyz", "width": 3, "height": 5, "crf": 1},
                            {"name": "a", "codec": "avc", "width": 320, "height": 240}]}""")
                .statusCode(400)
                .body("details.field", hasItems("id", "source", "priority", "ladder[0].codec", "ladder[0].width",
                        "ladder[0].height", "ladder[1].name", "ladder[1].crf"));
    }

    @Test
    void duplicateRenditionNamesAreRefused() {
        Map<String, Object> body = valid();
        body.put("ladder", List.of(Api.rung("same", 320, 240, 23), Api.rung("same", 160, 120, 23)));
        post(body).statusCode(400).body("details.find { it.field == 'ladder[1].name' }.message",
                containsString("duplicate"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "'{\"source\": '                                              | (body)   | ",
        "'[]'                                                         | (body)   | must be an object",
        "'{\"source\": \"a.mp4\", \"colour\": \"red\"}'              | colour   | unknown field",
        "'{\"source\": \"a.mp4\", \"priority\": \"high\"}'           | priority | must be a whole number",
        "'{\"source\": \"a.mp4\", \"priority\": 50.5}'               | priority | must be a whole number",
        "'{\"source\": \"a.mp4\", \"ladder\": \"720p\"}'             | ladder   | must be an array",
        "'{\"source\": \"a.mp4\", \"ladder\": [{\"width\": \"1\"}]}' | ladder[0].width | must be a whole number",
        "'{\"source\": 42}'                                           | source   | must be a string",
    })
    void malformedOrMistypedJsonIsA400NamingTheField(String json, String field, String message) {
        ValidatableResponse response = post(json).statusCode(400).body("details[0].field", equalTo(field));
        if (message != null) {
            response.body("details[0].message", containsString(message));
        }
    }

    @Test
    void anEmptyBodyOrAnotherMediaTypeIsRefused() {
        given().contentType(ContentType.JSON).when().post("/api/v1/assets").then().statusCode(400)
                .body("error", notNullValue());
        given().contentType(ContentType.TEXT).body("hello").when().post("/api/v1/assets").then().statusCode(415)
                .body("error", containsString("application/json"));
    }

    @Test
    void theSameIdWithTheSameBodyIsIdempotentAndWithAnotherBodyAConflict() {
        Map<String, Object> body = valid();
        String id = Api.newId("idem");
        body.put("id", id);
        post(body).statusCode(201).header("Location", containsString("/api/v1/assets/" + id));
        post(body).statusCode(200).body("id", equalTo(id));
        body.put("priority", 99);
        post(body).statusCode(409).body("error", containsString(id));
    }

    @Test
    void concurrentDuplicatesOfOneAssetCreateItOnce() throws Exception {
        Map<String, Object> body = valid();
        String id = Api.newId("race");
        body.put("id", id);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            statuses.add(pool.submit(() -> {
                go.await();
                return post(body).extract().statusCode();
            }));
        }
        go.countDown();
        List<Integer> codes = new java.util.ArrayList<>();
        for (java.util.concurrent.Future<Integer> status : statuses) {
            codes.add(status.get());
        }
        pool.shutdown();

        org.assertj.core.api.Assertions.assertThat(codes).containsOnly(201, 200);
        org.assertj.core.api.Assertions.assertThat(codes).filteredOn(c -> c == 201).hasSize(1);
        given().when().get("/api/v1/assets/" + id + "/tasks").then().statusCode(200);
    }

    @Test
    void factsAreValidatedToo() {
        String json = "{\"type\": \"Reprioritize\", \"assetId\": \"x\", \"priority\": 900}";
        given().contentType(ContentType.JSON).body(json).when().post("/api/v1/facts").then().statusCode(400)
                .body("details[0].field", equalTo("priority"));
        given().contentType(ContentType.JSON).body("{\"type\": \"Explode\", \"assetId\": \"x\"}")
                .when().post("/api/v1/facts").then().statusCode(400).body("details[0].field", equalTo("type"));
        given().contentType(ContentType.JSON).body("{\"assetId\": \"x\"}")
                .when().post("/api/v1/facts").then().statusCode(400).body("details[0].message", equalTo("is required"));
        given().contentType(ContentType.JSON).body("{\"type\": \"Cancel\", \"assetId\": \"no-such-asset\"}")
                .when().post("/api/v1/facts").then().statusCode(404);
    }

    @Test
    void aStaleFactForAnUnknownRenditionIsUnprocessable() {
        Map<String, Object> body = valid();
        String id = Api.newId("stale-unknown");
        body.put("id", id);
        post(body).statusCode(201);
        given().contentType(ContentType.JSON)
                .body(Map.of("type", "EncodeStale", "assetId", id, "rendition", "nope"))
                .when().post("/api/v1/facts").then().statusCode(422).body("error", containsString("nope"));
    }

    @Test
    void aRepeatedFactIdIsAcknowledgedOnce() {
        Map<String, Object> body = valid();
        String id = Api.newId("dup-fact");
        body.put("id", id);
        post(body).statusCode(201);
        Map<String, Object> fact = Map.of("type", "Reprioritize", "assetId", id, "priority", 70, "id", "f-1");
        given().contentType(ContentType.JSON).body(fact).when().post("/api/v1/facts").then().statusCode(202)
                .body("duplicate", equalTo(false));
        given().contentType(ContentType.JSON).body(fact).when().post("/api/v1/facts").then().statusCode(202)
                .body("duplicate", equalTo(true));
    }

    @Test
    void queryParametersAreChecked() {
        given().when().get("/api/v1/assets?limit=0").then().statusCode(400).body("details[0].field", equalTo("limit"));
        given().when().get("/api/v1/assets?state=SLEEPING").then().statusCode(400)
                .body("details[0].field", equalTo("state"));
        given().when().get("/api/v1/assets?after=garbage!").then().statusCode(400)
                .body("details[0].field", equalTo("after"));
        given().when().get("/api/v1/assets/no-such-asset").then().statusCode(404).body("error", not(containsString("Exception")));
        given().when().get("/api/v1/assets/no-such-asset/tasks").then().statusCode(404);
        given().when().get("/api/v1/assets?q=bad%20prefix").then().statusCode(400).body("details[0].field", equalTo("q"));
        String id = Api.newId("history-cursor");
        Map<String, Object> body = valid();
        body.put("id", id);
        post(body).statusCode(201);
        given().when().get("/api/v1/assets/" + id + "/history?after=abc").then().statusCode(400)
                .body("details[0].field", equalTo("after"));
    }

    @Test
    void theLiveStreamSendsChangesAsServerSentEvents() {
        // The first look at the queue is a change; limit=1 ends the stream after it.
        String events = given().when().get("/api/v1/live?limit=1").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/event-stream")).extract().asString();
        org.assertj.core.api.Assertions.assertThat(events).contains("data:").contains("\"queue\"");
        given().when().get("/api/v1/live?limit=abc").then().statusCode(400).body("details[0].field", equalTo("limit"));
    }
}
