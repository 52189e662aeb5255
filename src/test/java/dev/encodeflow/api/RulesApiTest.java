package dev.encodeflow.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RulesApiTest {

    @Test
    void theActiveRuleSetIsListed() {
        given().when().get("/api/v1/rules").then().statusCode(200)
                .body("version", org.hamcrest.Matchers.matchesPattern("[0-9a-f]{12}"))
                .body("files", hasItem("10-probe.drl"))
                .body("rules", hasItem("Probe a new mezzanine"));
    }

    @Test
    void aRuleThatCompilesIsValid() {
        String drl = """
                package extra;
                import dev.encodeflow.model.*;
                rule "Log nothing"
                when
                    Asset( priority > 90 )
                then
                end
                """;
        given().contentType(ContentType.TEXT).body(drl).when().post("/api/v1/rules/validate").then().statusCode(200)
                .body("valid", equalTo(true)).body("rules", hasItem("Log nothing"));
    }

    @Test
    void aBrokenRuleIsReportedWithFileAndLine() {
        String drl = "package extra;\nimport dev.encodeflow.model.*;\n\nrule \"Broken\"\nwhen\n    Asset( colour == 3 )\nthen\nend\n";
        given().contentType(ContentType.JSON).body(Map.of("files", Map.of("99-broken.drl", drl)))
                .when().post("/api/v1/rules/validate").then().statusCode(422)
                .body("valid", equalTo(false))
                .body("details", hasSize(1))
                .body("details[0].file", equalTo("99-broken.drl"))
                .body("details[0].line", equalTo(6))
                .body("details[0].message", containsString("colour"));
    }

    @Test
    void validatingLeavesTheActiveSetAlone() {
        String version = given().when().get("/api/v1/rules").then().extract().path("version");
        given().contentType(ContentType.TEXT).body("package x;\nrule \"r\" when then end\n")
                .when().post("/api/v1/rules/validate").then().statusCode(200);
        given().when().get("/api/v1/rules").then().body("version", equalTo(version));
    }

    @Test
    void badCandidatesAreRefused() {
        given().contentType(ContentType.TEXT).body(" ").when().post("/api/v1/rules/validate").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("files", Map.of("../evil.drl", "x")))
                .when().post("/api/v1/rules/validate").then().statusCode(400).body("details[0].field", equalTo("files"));
    }
}
