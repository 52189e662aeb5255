package dev.encodeflow.ui;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.encodeflow.security.Roles;
import dev.encodeflow.support.Browser;
import dev.encodeflow.support.TestKeys;
import dev.encodeflow.support.TestMedia;
import dev.encodeflow.support.TokensRequired;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * With tokens required, the page works with a viewer's token pasted under "Token" (it reads
 * everything, live), and an action the viewer may not take is refused with a message saying so;
 * the asset is untouched. Without a token, the page says one is needed.
 */
@QuarkusTest
@TestProfile(TokensRequired.class)
class OpsPageRolesTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TestHTTPResource("/")
    URL base;

    @Test
    void aViewerSeesEverythingAndIsRefusedAnAction() throws Exception {
        String id = "roles-" + System.nanoTime();
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + TestKeys.token(Roles.INGEST))
                .body(Map.of("id", id, "source", TestMedia.silentClip(), "chunking", Map.of("seconds", 1.0),
                        "ladder", List.of(Map.of("name", "r", "codec", "avc", "width", 64, "height", 36, "crf", 30))))
                .when().post("/api/v1/assets").then().statusCode(201);

        try (Browser browser = new Browser()) {
            browser.driver.get(base + "#/assets");
            browser.awaitText(By.id("toasts"), "a valid token is needed", WAIT);

            browser.click(By.id("token-button"), WAIT);
            browser.type(By.id("token-input"), TestKeys.token(Roles.VIEWER), WAIT);
            browser.click(By.xpath("//dialog[@id='token-dialog']//button[normalize-space()='Use']"), WAIT);
            browser.await(By.linkText(id), WAIT);
            browser.driver.get(base + "#/assets/" + id);
            browser.await(By.xpath("//h2[normalize-space()='" + id + "']"), WAIT);
            browser.awaitText(By.id("live"), "live", WAIT);

            browser.click(By.xpath("//button[normalize-space()='Re-encode']"), WAIT);
            browser.click(By.id("confirm-ok"), WAIT);
            browser.awaitText(By.id("toasts"), "403: your token's role may not do this", WAIT);
        }
        Map<String, Object> asset = given().header("Authorization", "Bearer " + TestKeys.token(Roles.VIEWER))
                .when().get("/api/v1/assets/" + id).then().statusCode(200).extract().jsonPath().getMap("renditions[0]");
        assertThat(asset.get("generation")).as("nothing was re-encoded").isEqualTo(0);
    }
}
