package dev.encodeflow.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.encodeflow.support.Endpoints;
import dev.encodeflow.support.TestKeys;
import dev.encodeflow.support.TokensRequired;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The role matrix of Contract v2: every REST endpoint of the application, with no token, a
 * malformed one, one from another issuer, an expired one, one signed by another key, and one per
 * role. The endpoints are found by scanning the code, so a new endpoint without a row here (or
 * without an explicit role policy) fails this test. Requests that pass authorization carry
 * bodies the endpoint rejects (400) or ids that do not exist (404), so nothing is changed.
 */
@QuarkusTest
@TestProfile(TokensRequired.class)
class RoleMatrixTest {

    /** How to call an endpoint harmlessly, and the least role that may. */
    record Probe(String path, String contentType, String body, String role) {
    }

    private static final String JSON = "application/json";
    private static final String TEXT = "text/plain";

    private static final Map<String, Probe> MATRIX = new LinkedHashMap<>();

    static {
        MATRIX.put("GET /api/v1/assets", new Probe("/api/v1/assets?limit=1", null, null, Roles.VIEWER));
        MATRIX.put("GET /api/v1/assets/{id}", new Probe("/api/v1/assets/no-such-asset", null, null, Roles.VIEWER));
        MATRIX.put("GET /api/v1/assets/{id}/tasks",
                new Probe("/api/v1/assets/no-such-asset/tasks", null, null, Roles.VIEWER));
        MATRIX.put("GET /api/v1/assets/{id}/history",
                new Probe("/api/v1/assets/no-such-asset/history", null, null, Roles.VIEWER));
        MATRIX.put("POST /api/v1/assets application/json", new Probe("/api/v1/assets", JSON, "{}", Roles.INGEST));
        MATRIX.put("POST /api/v1/facts application/json",
                new Probe("/api/v1/facts", JSON, "{\"type\":\"Cancel\"}", Roles.INGEST));
        MATRIX.put("GET /api/v1/rules", new Probe("/api/v1/rules", null, null, Roles.VIEWER));
        MATRIX.put("GET /api/v1/live", new Probe("/api/v1/live?limit=0", null, null, Roles.VIEWER));
        MATRIX.put("GET /api/v1/queue", new Probe("/api/v1/queue", null, null, Roles.VIEWER));
        MATRIX.put("GET /api/v1/workers", new Probe("/api/v1/workers", null, null, Roles.VIEWER));
        MATRIX.put("GET /api/v1/backfills", new Probe("/api/v1/backfills", null, null, Roles.VIEWER));
        MATRIX.put("GET /api/v1/backfills/{id}", new Probe("/api/v1/backfills/987654321", null, null, Roles.VIEWER));
        MATRIX.put("POST /api/v1/backfills/{id}/pause",
                new Probe("/api/v1/backfills/987654321/pause", null, null, Roles.OPERATOR));
        MATRIX.put("POST /api/v1/backfills/{id}/resume",
                new Probe("/api/v1/backfills/987654321/resume", null, null, Roles.OPERATOR));
        MATRIX.put("POST /api/v1/rules/reload", new Probe("/api/v1/rules/reload", null, null, Roles.RULES_ADMIN));
        MATRIX.put("POST /api/v1/rules/validate text/plain",
                new Probe("/api/v1/rules/validate", TEXT, " ", Roles.RULES_ADMIN));
        MATRIX.put("POST /api/v1/rules/validate application/json",
                new Probe("/api/v1/rules/validate", JSON, "{\"files\":{}}", Roles.RULES_ADMIN));
        MATRIX.put("POST /api/v1/rules/preview application/json",
                new Probe("/api/v1/rules/preview", JSON, "{\"files\":{}}", Roles.RULES_ADMIN));
    }

    /** A catalog-wide fact is a row of its own: the same endpoint, a higher role. */
    private static final Probe ENCODER_UPGRADED = new Probe("/api/v1/facts", JSON,
            "{\"type\":\"EncoderUpgraded\",\"codec\":\"no-such-codec\",\"version\":\"1\"}", Roles.OPERATOR);

    @Test
    void everyEndpointHasAnExplicitPolicyAndARowInTheMatrix() {
        List<Endpoints.Endpoint> endpoints = Endpoints.all();
        assertThat(endpoints).as("endpoints found by scanning").hasSizeGreaterThanOrEqualTo(MATRIX.size());
        List<String> problems = new ArrayList<>();
        Set<String> found = new TreeSet<>();
        for (Endpoints.Endpoint endpoint : endpoints) {
            found.add(endpoint.key());
            if (endpoint.policy() == null) {
                problems.add(endpoint.key() + " has no @RolesAllowed, @PermitAll or @DenyAll");
            }
            if (!MATRIX.containsKey(endpoint.key())) {
                problems.add(endpoint.key() + " has no row in the role matrix");
            }
        }
        for (String row : MATRIX.keySet()) {
            if (!found.contains(row)) {
                problems.add("the matrix row " + row + " matches no endpoint");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void requestsWithoutAValidTokenAre401() {
        List<String> wrong = new ArrayList<>();
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("no token", null);
        tokens.put("malformed", "not-a-jwt");
        tokens.put("other issuer", TestKeys.tokenFromOtherIssuer(Roles.ALL.toArray(String[]::new)));
        tokens.put("expired", TestKeys.expiredToken(Roles.ALL.toArray(String[]::new)));
        tokens.put("another key", TestKeys.tokenSignedByAnotherKey(Roles.ALL.toArray(String[]::new)));
        for (Map.Entry<String, Probe> row : rows().entrySet()) {
            for (Map.Entry<String, String> token : tokens.entrySet()) {
                int status = call(row.getKey(), row.getValue(), token.getValue()).statusCode();
                if (status != 401) {
                    wrong.add(row.getKey() + " with " + token.getKey() + ": " + status);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void eachRoleMayExactlyWhatTheContractSays() {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Probe> row : rows().entrySet()) {
            for (String role : Roles.ALL) {
                Response response = call(row.getKey(), row.getValue(), TestKeys.token(role));
                boolean allowed = Roles.effective(List.of(role)).contains(row.getValue().role());
                int status = response.statusCode();
                if (allowed && (status == 401 || status == 403 || status >= 500)) {
                    wrong.add(row.getKey() + " as " + role + ": " + status + ", expected to pass authorization");
                } else if (!allowed && status != 403) {
                    wrong.add(row.getKey() + " as " + role + ": " + status + ", expected 403");
                }
            }
            Response none = call(row.getKey(), row.getValue(), TestKeys.token("some-other-group"));
            if (none.statusCode() != 403) {
                wrong.add(row.getKey() + " with no known role: " + none.statusCode() + ", expected 403");
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void aVerifiedTokenIsNotAcceptedAfterItExpires() throws InterruptedException {
        String token = TestKeys.tokenFor(3, Roles.VIEWER);
        for (int i = 0; i < 3; i++) {
            given().header("Authorization", "Bearer " + token).when().get("/api/v1/rules").then().statusCode(200);
        }
        // Past its expiry and the one second of skew the test profile allows: the cached verdict is gone too.
        Thread.sleep(5500);
        given().header("Authorization", "Bearer " + token).when().get("/api/v1/rules").then().statusCode(401);
    }

    @Test
    void healthStaysOpen() {
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void anEndpointThatDoesNotExistGivesNothingAwayWithoutAToken() {
        given().when().get("/api/v1/secrets").then().statusCode(401);
    }

    private static Map<String, Probe> rows() {
        Map<String, Probe> rows = new LinkedHashMap<>(MATRIX);
        rows.put("POST /api/v1/facts (EncoderUpgraded)", ENCODER_UPGRADED);
        return rows;
    }

    private static Response call(String row, Probe probe, String token) {
        RequestSpecification request = given();
        if (token != null) {
            request = request.header("Authorization", "Bearer " + token);
        }
        if (probe.contentType() != null) {
            request = request.contentType(probe.contentType()).body(probe.body());
        }
        return row.startsWith("GET") ? request.get(probe.path()) : request.post(probe.path());
    }
}
