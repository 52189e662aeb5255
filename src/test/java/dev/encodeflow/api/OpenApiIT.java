package dev.encodeflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document tells the truth. The copy the build stored ({@code target/openapi}) is
 * linted by Spectral (src/test/openapi: its OpenAPI rules, operation ids and tags as errors) with
 * no error, and its status codes are compared with the codes the unit tests of the same run
 * observed (support.StatusRecorder, in target/observed-status): every code an operation answered is documented, and every
 * documented code was answered by some test, except the ones any operation may give that the
 * suite does not provoke on each (401 and 403 without tokens, 413, 415, 500, 503) and a streamed
 * success (server-sent events pass no response filter; their own test asserts the 200).
 */
class OpenApiIT {

    private static final Set<String> GENERAL = Set.of("401", "403", "413", "415", "500", "503");
    private static final Path DOCUMENT = Path.of("target/openapi/openapi.json");
    /** Where support.StatusRecorder wrote (named here: loading that class would clean the folder). */
    private static final Path OBSERVED = Path.of("target/observed-status");

    @Test
    void spectralFindsNoError() throws Exception {
        Path spectral = Path.of("src/test/openapi/node_modules/.bin/spectral");
        assertThat(spectral).as("npm ci --prefix src/test/openapi (.ci/run does)").exists();
        Process lint = new ProcessBuilder(spectral.toString(), "lint", "--ruleset", "src/test/openapi/.spectral.yaml",
                "--format", "json", "--fail-severity", "error", DOCUMENT.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lint.waitFor(120, TimeUnit.SECONDS)).isTrue();
        JsonNode results = new ObjectMapper().readTree(out.isBlank() ? "[]" : out);
        List<String> errors = new ArrayList<>();
        int warnings = 0;
        for (JsonNode result : results) {
            if (result.path("severity").asInt() == 0) {
                errors.add(result.path("code").asText() + " at " + result.path("path") + ": "
                        + result.path("message").asText());
            } else {
                warnings++;
            }
        }
        Files.writeString(Path.of("target/openapi/lint.txt"), "spectral: " + errors.size() + " errors, " + warnings
                + " warnings\n" + String.join("\n", errors) + "\n");
        assertThat(errors).as("Spectral errors").isEmpty();
    }

    @Test
    void documentedCodesAreTheCodesTheTestsObserved() throws Exception {
        JsonNode paths = new ObjectMapper().readTree(DOCUMENT.toFile()).path("paths");
        Map<String, Set<String>> documented = new TreeMap<>();
        Set<String> streamed = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> p = paths.fields(); p.hasNext();) {
            Map.Entry<String, JsonNode> path = p.next();
            for (Iterator<Map.Entry<String, JsonNode>> m = path.getValue().fields(); m.hasNext();) {
                Map.Entry<String, JsonNode> operation = m.next();
                Set<String> codes = new TreeSet<>();
                JsonNode responses = operation.getValue().path("responses");
                for (Iterator<String> c = responses.fieldNames(); c.hasNext();) {
                    String code = c.next();
                    // A streamed success (server-sent events) passes no response filter, so the
                    // recorder cannot see it: IngestValidationTest asserts the live stream's 200.
                    if (!responses.path(code).path("content").has("text/event-stream")) {
                        codes.add(code);
                    }
                }
                documented.put(operation.getKey().toUpperCase() + " " + path.getKey(), codes);
                if (responses.path("200").path("content").has("text/event-stream")) {
                    streamed.add(operation.getKey().toUpperCase() + " " + path.getKey());
                }
            }
        }
        Map<String, Set<String>> observed = new TreeMap<>();
        assertThat(OBSERVED).as("the unit tests of this run recorded what they observed").isDirectory();
        try (Stream<Path> files = Files.list(OBSERVED)) {
            for (Path file : files.toList()) {
                for (String line : Files.readAllLines(file)) {
                    String[] fields = line.split("\t");
                    observed.computeIfAbsent(fields[0] + " " + fields[1], k -> new TreeSet<>()).add(fields[2]);
                }
            }
        }
        List<String> undocumented = new ArrayList<>();
        List<String> neverSeen = new ArrayList<>();
        for (Map.Entry<String, Set<String>> operation : observed.entrySet()) {
            Set<String> known = documented.get(operation.getKey());
            Set<String> codes = known == null ? null : new TreeSet<>(known);
            if (codes != null && streamed.contains(operation.getKey())) {
                codes.add("200");
            }
            if (codes == null) {
                undocumented.add(operation.getKey() + " is not in the document");
                continue;
            }
            operation.getValue().stream().filter(c -> !codes.contains(c))
                    .forEach(c -> undocumented.add(operation.getKey() + " answered " + c));
        }
        for (Map.Entry<String, Set<String>> operation : documented.entrySet()) {
            Set<String> seen = observed.getOrDefault(operation.getKey(), Set.of());
            operation.getValue().stream().filter(c -> !seen.contains(c) && !GENERAL.contains(c))
                    .forEach(c -> neverSeen.add(operation.getKey() + " documents " + c));
        }
        assertThat(undocumented).as("codes answered but not documented").isEmpty();
        assertThat(neverSeen).as("codes documented but never answered by a test").isEmpty();
    }
}
