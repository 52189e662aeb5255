package dev.encodeflow.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way of running code through the rules endpoints that was found on 2026-12-01, and the
 * classes of attack the issue names: each payload, if it ran, would create its marker file (the
 * text allow-list of 0.3.0 let each of them through, and validation ran them in the service).
 * Now the guard refuses each with a 422, and had it missed one, the sandbox could not have
 * written the file: no marker may exist afterwards.
 */
@QuarkusTest
class RuleBypassTest {

    static final Path MARKERS = Path.of("target/bypass").toAbsolutePath();

    @BeforeAll
    static void clean() throws IOException {
        Files.createDirectories(MARKERS);
        try (var old = Files.list(MARKERS)) {
            for (Path marker : old.toList()) {
                Files.delete(marker);
            }
        }
    }

    static String rule(String name, String when, String then) {
        return "package bypass;\nimport dev.encodeflow.model.*;\n\nrule \"" + name + "\"\nwhen\n    " + when
                + "\nthen\n    " + then + "\nend\n";
    }

    static Arguments text(String name, String when, String then) {
        return Arguments.of(name, "text", rule(name, when, then));
    }

    static java.util.stream.Stream<Arguments> payloads() {
        String asset = "$a : Asset( )";
        return java.util.stream.Stream.of(
                text("space-in-name", asset,
                        "java .nio.file.Files.writeString( java .nio.file.Path.of( \"MARKER\" ), \"x\" );"),
                text("newline-in-name", asset,
                        "java\n    .nio.file.Files.writeString( java\n    .nio.file.Path.of( \"MARKER\" ), \"x\" );"),
                text("comment-in-name", asset,
                        "java/* */.nio.file.Files.writeString( java/* */.nio.file.Path.of( \"MARKER\" ), \"x\" );"),
                Arguments.of("mvel-dialect", "text", "package bypass;\nimport dev.encodeflow.model.*;\n\n"
                        + "rule \"mvel-dialect\" dialect \"mvel\"\nwhen\n    $a : Asset( )\nthen\n"
                        + "    java .nio.file.Files.createFile( java .nio.file.Path.of( \"MARKER\" ) );\nend\n"),
                text("eval", asset + "\n    eval( java .nio.file.Files.createFile( java .nio.file.Path.of( \"MARKER\" ) ) "
                        + "!= null )", ""),
                Arguments.of("json-validate", "json", rule("json-validate", asset,
                        "java .nio.file.Files.writeString( java .nio.file.Path.of( \"MARKER\" ), \"x\" );")),
                Arguments.of("json-preview", "preview", rule("json-preview", asset,
                        "java .nio.file.Files.writeString( java .nio.file.Path.of( \"MARKER\" ), \"x\" );")),
                text("unicode-escape-in-comment", asset,
                        "// \\u000a new java.io.File( \"MARKER\" ).createNewFile();"),
                text("reflection", asset, "new java .beans.Expression( java .nio.file.Files.class, \"createFile\", "
                        + "new Object[] { java .nio.file.Path.of( \"MARKER\" ), "
                        + "new java .nio.file.attribute.FileAttribute[0] } ).getValue();"),
                text("class-for-name", asset, "Object type = new java .beans.Expression( String.class, \"forName\", "
                        + "new Object[] { \"java.io.FileOutputStream\" } ).getValue();\n"
                        + "    new java .beans.Expression( type, \"new\", new Object[] { \"MARKER\" } ).getValue();"),
                text("java-nio-file", asset,
                        "java .nio.file.Files.createFile( java .nio.file.Path.of( \"MARKER\" ) );"),
                text("new-java-io-file", asset, "new java .io .File( \"MARKER\" ).createNewFile();"),
                text("static-initializer", asset, "class Once { static { try { java .nio.file.Files.createFile( "
                        + "java .nio.file.Path.of( \"MARKER\" ) ); } catch ( Exception e ) { } } }\n    new Once();"),
                text("string-built-class-name", asset, "Object type = new java .beans.Expression( String.class, "
                        + "\"forName\", new Object[] { \"java.io.\" + \"FileOutput\" + \"Stream\" } ).getValue();\n"
                        + "    new java .beans.Expression( type, \"new\", new Object[] { \"MARKER\" } ).getValue();"),
                text("mvel-eval", asset,
                        "org .mvel2.MVEL.eval( \"new java.io.File('MARKER').createNewFile()\" );"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void aBypassRunsNoCode(String name, String form, String drlTemplate) {
        Path marker = MARKERS.resolve(name);
        String drl = drlTemplate.replace("MARKER", marker.toString());
        Response response = switch (form) {
            case "text" -> given().contentType(ContentType.TEXT).body(drl).queryParam("name", name + ".drl")
                    .when().post("/api/v1/rules/validate");
            case "json" -> given().contentType(ContentType.JSON).body(Map.of("files", Map.of(name + ".drl", drl)))
                    .when().post("/api/v1/rules/validate");
            default -> given().contentType(ContentType.JSON).body(Map.of("files", Map.of(name + ".drl", drl)))
                    .when().post("/api/v1/rules/preview");
        };
        assertThat(response.statusCode()).as(name + ": " + response.asString()).isEqualTo(422);
        assertThat(response.asString()).doesNotContain("\tat ");
        assertThat(marker).as(name + " ran code").doesNotExist();
    }
}
