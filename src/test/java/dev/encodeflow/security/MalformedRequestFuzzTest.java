package dev.encodeflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.encodeflow.support.MalformedRequests;
import dev.encodeflow.support.WorkersOff;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Over ten thousand malformed requests over every endpoint ({@link MalformedRequests}, seeded, so a
 * failure can be replayed): every one gets a 4xx, none a 5xx, no body carries a stack trace, and
 * none of them leaves a row behind.
 */
@QuarkusTest
@TestProfile(WorkersOff.class)
class MalformedRequestFuzzTest {

    static final long SEED = 20261202L;
    static final int REQUESTS = 10_000;
    private static final Pattern STACK_TRACE = Pattern.compile("\\tat |at [\\w.$]+\\(\\w+\\.java:\\d+\\)|Caused by:");
    private static final Set<String> BODY_LESS = Set.of("GET", "DELETE", "OPTIONS");

    @Inject
    AgroalDataSource db;

    @Test
    void noMalformedRequestGetsA5xxOrLeavesARow() throws Exception {
        List<MalformedRequests.Request> corpus = MalformedRequests.corpus(SEED, REQUESTS);
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(REQUESTS);
        Map<String, Long> before = rows();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://localhost:" + RestAssured.port;
        List<String> problems = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (MalformedRequests.Request request : corpus) {
            URI uri;
            try {
                uri = URI.create(base + request.path());
            } catch (IllegalArgumentException notAUri) {
                // Paths a well-behaved client cannot even send (bad escapes) go over a plain socket.
                String[] raw = rawRequest(request);
                statuses.merge(Integer.parseInt(raw[0]), 1, Integer::sum);
                int status = Integer.parseInt(raw[0]);
                if (status < 400 || status >= 500 || STACK_TRACE.matcher(raw[1]).find()) {
                    problems.add(status + " for " + request.describe() + " -> " + abbreviate(raw[1]));
                }
                continue;
            }
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
            if (request.contentType() != null) {
                builder.header("Content-Type", request.contentType());
            }
            builder.method(request.method(), request.body() == null || BODY_LESS.contains(request.method())
                    ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(request.body()));
            HttpResponse<String> response;
            try {
                response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                // A body over the size limit may be cut off while it is still being sent: refused at the door.
                if (request.body() != null && request.body().length > 1024 * 1024) {
                    statuses.merge(413, 1, Integer::sum);
                    continue;
                }
                problems.add("no response for " + request.describe() + ": " + e);
                continue;
            }
            statuses.merge(response.statusCode(), 1, Integer::sum);
            if (response.statusCode() < 400 || response.statusCode() >= 500) {
                problems.add(response.statusCode() + " for " + request.describe() + " -> " + abbreviate(response.body()));
            } else if (STACK_TRACE.matcher(response.body()).find()) {
                problems.add("stack trace for " + request.describe() + " -> " + abbreviate(response.body()));
            }
            if (problems.size() > 50) {
                break;
            }
        }
        System.out.println("Fuzz: " + corpus.size() + " requests, statuses " + statuses);
        assertThat(problems).isEmpty();
        assertThat(rows()).as("rows after the fuzz").isEqualTo(before);
    }

    private Map<String, Long> rows() throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection connection = db.getConnection()) {
            for (String table : List.of("asset", "asset_log", "fact", "rendition", "encoder_version")) {
                try (ResultSet count = connection.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
                    count.next();
                    counts.put(table, count.getLong(1));
                }
            }
        }
        return counts;
    }

    /** Status code and body of a request written by hand on a socket. */
    private static String[] rawRequest(MalformedRequests.Request request) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            String head = request.method() + " " + request.path() + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String status = response.length() > 12 ? response.substring(9, 12) : "0";
            int body = response.indexOf("\r\n\r\n");
            return new String[] {status, body < 0 ? "" : response.substring(body + 4)};
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
