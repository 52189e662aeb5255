package dev.encodeflow.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** REST calls the end-to-end tests make over and over. */
public final class Api {

    private Api() {
    }

    /** A fresh asset id, so tests sharing the database never see each other's assets. */
    public static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Posts a mezzanine and expects 201. */
    public static JsonPath create(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/assets")
                .then().statusCode(201).extract().jsonPath();
    }

    public static JsonPath asset(String id) {
        return given().when().get("/api/v1/assets/" + id).then().statusCode(200).extract().jsonPath();
    }

    public static List<Map<String, Object>> tasks(String id) {
        return given().when().get("/api/v1/assets/" + id + "/tasks").then().statusCode(200).extract().jsonPath()
                .getList("$");
    }

    public static void fact(Map<String, Object> body) {
        given().contentType(ContentType.JSON).body(body).when().post("/api/v1/facts").then().statusCode(202);
    }

    /** Waits until the asset is in {@code state}; fails fast if it ends in another final state. */
    public static JsonPath awaitState(String id, String state) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            String current = asset(id).getString("state");
            if (!current.equals(state) && List.of("COMPLETE", "FAILED", "CANCELLED").contains(current)) {
                throw new AssertionError("asset " + id + " ended " + current + " (error: "
                        + asset(id).getString("error") + "), expected " + state);
            }
            return current.equals(state);
        });
        return asset(id);
    }

    public static Map<String, Object> rung(String name, int width, int height, int crf) {
        return Map.of("name", name, "codec", "avc", "width", width, "height", height, "crf", crf,
                "preset", "veryfast");
    }
}
