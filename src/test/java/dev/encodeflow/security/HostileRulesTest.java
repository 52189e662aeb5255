package dev.encodeflow.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.encodeflow.support.HostileRuleTexts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Candidates that would hang or exhaust a service that ran them itself: a rule that never settles,
 * one that allocates without end, a huge file. Each is answered within seconds with a 422 (or a
 * 413), and the service answers other requests all the while.
 */
@QuarkusTest
class HostileRulesTest {

    private static final String HEAD = "package hostile;\nimport dev.encodeflow.model.*;\n";

    @Test
    void aRuleThatNeverSettlesIsRejectedWithinSecondsWhileTheServiceAnswers() {
        String drl = HostileRuleTexts.NEVER_SETTLES;
        long started = System.nanoTime();
        CompletableFuture<Response> validation = CompletableFuture.supplyAsync(() -> given()
                .contentType(ContentType.TEXT).body(drl).when().post("/api/v1/rules/validate"));
        while (!validation.isDone()) {
            long asked = System.nanoTime();
            given().when().get("/api/v1/rules").then().statusCode(200);
            assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("the service answers meanwhile")
                    .isLessThan(Duration.ofSeconds(2));
            sleep(200);
        }
        Response response = validation.join();
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.asString()).contains("loop guard");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void aRuleThatAllocatesWithoutEndIsRejected() {
        String drl = HostileRuleTexts.ALLOCATES_WITHOUT_END;
        long started = System.nanoTime();
        Response response = given().contentType(ContentType.TEXT).body(drl).when().post("/api/v1/rules/validate");
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.asString()).contains("memory");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        given().when().get("/api/v1/rules").then().statusCode(200);
    }

    @Test
    void aHugeRuleFileIsRefusedAtOnce() {
        StringBuilder drl = new StringBuilder(HEAD);
        for (int i = 0; drl.length() < 812 * 1024; i++) {
            drl.append("rule \"r").append(i).append("\" when Asset( priority > ").append(i).append(" ) then end\n");
        }
        long started = System.nanoTime();
        Response response = given().contentType(ContentType.TEXT).body(drl.toString())
                .when().post("/api/v1/rules/validate");
        assertThat(response.statusCode()).isIn(413, 422);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
