package dev.encodeflow.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Each kind of input that used to reach PostgreSQL and come back as a 500 is now a 400 naming the field. */
@QuarkusTest
class UnstorableTextTest {

    @Test
    void aNulInAPathIsRefused() {
        given().urlEncodingEnabled(false).when().get("/api/v1/assets/%00").then().statusCode(400)
                .body("details[0].field", equalTo("(path)")).body("details[0].message", containsString("NUL"));
        given().urlEncodingEnabled(false).when().get("/api/v1/assets/a%00b/tasks").then().statusCode(400);
    }

    @Test
    void aNulOrLoneSurrogateInAJsonFieldIsRefused() {
        given().contentType(ContentType.JSON).body("{\"type\":\"Cancel\",\"assetId\":\"a\",\"reason\":\"x\\u0000y\"}")
                .when().post("/api/v1/facts").then().statusCode(400)
                .body("details[0].field", equalTo("reason")).body("details[0].message", containsString("NUL"));
        given().contentType(ContentType.JSON).body("{\"source\":\"a\\ud800.mp4\"}")
                .when().post("/api/v1/assets").then().statusCode(400)
                .body("details[0].field", equalTo("source")).body("details[0].message", containsString("surrogate"));
        given().contentType(ContentType.JSON).body("{\"files\":{\"x\\u0000.drl\":\"package x;\"}}")
                .when().post("/api/v1/rules/validate").then().statusCode(400);
    }

    @Test
    void aCursorHidingANulIsRefused() {
        String cursor = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("2026-01-01T00:00:00Z|a\u0000b".getBytes(StandardCharsets.UTF_8));
        given().queryParam("after", cursor).when().get("/api/v1/assets").then().statusCode(400)
                .body("details[0].field", equalTo("after"));
    }

    @Test
    void aPreviewWithNullOrHostileAssetIdsIsRefused() {
        given().contentType(ContentType.JSON).body("{\"files\":{\"x.drl\":\"package x;\"},\"assets\":[null,\"a\"]}")
                .when().post("/api/v1/rules/preview").then().statusCode(400)
                .body("details[0].field", equalTo("assets[0]"));
        given().contentType(ContentType.JSON).body("{\"files\":{\"x.drl\":\"package x;\"},\"assets\":[\"a\\u0000\"]}")
                .when().post("/api/v1/rules/preview").then().statusCode(400);
    }

    @Test
    void aNulInRuleTextIsRefused() {
        given().contentType(ContentType.TEXT).body("package x;\u0000").when().post("/api/v1/rules/validate")
                .then().statusCode(400).body("details[0].message", containsString("NUL"));
    }

    @Test
    void chunksShorterThanTheMinimumAreRefused() {
        given().contentType(ContentType.JSON).body("{\"source\":\"x.mp4\",\"chunking\":{\"seconds\":0.01}}")
                .when().post("/api/v1/assets").then().statusCode(400)
                .body("details.field", org.hamcrest.Matchers.hasItem("chunking.seconds"));
    }
}
