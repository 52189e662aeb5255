package dev.encodeflow.e2e;

import static dev.encodeflow.support.Api.asset;
import static dev.encodeflow.support.Api.awaitState;
import static dev.encodeflow.support.Api.create;
import static dev.encodeflow.support.Api.newId;
import static dev.encodeflow.support.Api.rung;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.encodeflow.support.FreshDatabase;
import dev.encodeflow.support.TestMedia;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An encoder upgrade re-encodes the renditions of that codec made with another version, and only those. */
@QuarkusTest
@TestProfile(FreshDatabase.class)
class EncoderUpgradedTest {

    @Test
    void anUpgradeMakesOnlyThatCodecsEncodesStale() {
        String id = newId("upgrade");
        create(Map.of("id", id, "source", TestMedia.silentClip(), "chunking", Map.of("seconds", 2),
                "ladder", List.of(rung("avc", 128, 72, 30),
                        Map.of("name", "vp9", "codec", "vp9", "width", 128, "height", 72, "crf", 40,
                                "preset", "realtime"))));
        JsonPath before = awaitState(id, "COMPLETE");

        upgrade("avc", "x264-2").body("staleRenditions", equalTo(1)).body("assets", equalTo(1));

        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonPath now = asset(id);
            return "COMPLETE".equals(now.getString("state"))
                    && now.getInt("renditions.find { it.name == 'avc' }.generation") == 1;
        });
        JsonPath after = asset(id);
        assertThat(after.getString("renditions.find { it.name == 'avc' }.encoderVersion")).isEqualTo("x264-2");
        assertThat(after.getInt("renditions.find { it.name == 'vp9' }.generation")).isZero();
        assertThat(after.getString("renditions.find { it.name == 'vp9' }.output.sha256"))
                .isEqualTo(before.getString("renditions.find { it.name == 'vp9' }.output.sha256"));

        upgrade("avc", "x264-2").body("staleRenditions", equalTo(0));
        given().contentType(ContentType.JSON).body(Map.of("type", "EncoderUpgraded", "codec", "mpeg2", "version", "1"))
                .when().post("/api/v1/facts").then().statusCode(400).body("details[0].field", equalTo("codec"));
    }

    private static io.restassured.response.ValidatableResponse upgrade(String codec, String version) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("type", "EncoderUpgraded", "codec", codec, "version", version))
                .when().post("/api/v1/facts").then().statusCode(202);
    }
}
