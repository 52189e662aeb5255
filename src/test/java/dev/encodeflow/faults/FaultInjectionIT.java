package dev.encodeflow.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.encodeflow.process.ProcessRunner;
import dev.encodeflow.support.TestMedia;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The durability promise, checked against the packaged service running as real processes, a
 * real PostgreSQL of the suite's own and real ffmpeg: no asset lost or stuck, no result recorded
 * twice, no output published twice, no ffmpeg outliving its service. Each scenario reports its
 * figures (target/faults/reliability-report.md; docs/reliability.md explains them).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionIT {

    private static final Path WORK = Path.of("target/faults").toAbsolutePath();
    private static final Path IN = WORK.resolve("in");
    private static final Path OUT = WORK.resolve("out");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final FaultReport REPORT = new FaultReport();

    private static FaultDatabase db;
    private static ServiceProcess service;
    private static Map<String, String> env;

    @BeforeAll
    static void start() throws Exception {
        FaultDatabase.deleteRecursively(WORK);
        Files.createDirectories(IN);
        Files.createDirectories(OUT);
        Files.createDirectories(WORK.resolve("logs"));
        generate("clip.mp4", "testsrc2=size=320x240:rate=25:duration=8", 8);
        generate("small.mp4", "testsrc2=size=320x240:rate=25:duration=3", 3);
        truncate("clip.mp4", "truncated.mp4");
        db = new FaultDatabase(WORK.resolve("db"));
        env = new HashMap<>(Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", db.url(),
                "QUARKUS_DATASOURCE_USERNAME", "postgres",
                "QUARKUS_DATASOURCE_PASSWORD", "postgres",
                "MEDIA_INPUT_ROOTS", IN.toString(),
                "MEDIA_OUTPUT_ROOT", OUT.toString(),
                "MEDIA_FFMPEG", stubFfmpeg().toString(),
                "MEDIA_STALL_TIMEOUT", "PT3S",
                "RULES_DIR", Path.of("rules").toAbsolutePath().toString()));
        env.putAll(Map.of(
                "WORKERS_SLOTS", "2",
                "WORKERS_LEASE", "PT5S",
                "WORKERS_HEARTBEAT", "PT1S",
                "WORKERS_MAINTENANCE_INTERVAL", "PT1S",
                "WORKERS_RETRY_BASE", "PT0.5S",
                "WORKERS_RETRY_CAP", "PT2S",
                "WORKERS_SHUTDOWN_GRACE", "PT1S",
                // Scenario 6 lets one instance lose every claim it makes; with the default 3 attempts
                // a task that instance happened to claim three times running would die (seen on a slow day).
                "WORKERS_MAX_ATTEMPTS", "10",
                // The scenarios cut their small clips into half-second chunks.
                "LIMITS_MIN_CHUNK_SECONDS", "0.1"));
        // The scenarios encode the same clips again and again and need each encode to run for real.
        env.put("REUSE_ENABLED", "false");
        service = new ServiceProcess("service-a", FaultDatabase.freePort(), env, WORK.resolve("logs"));
        service.start();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            REPORT.write(WORK.resolve("reliability-report.md"));
            System.out.println(REPORT.markdown());
        } finally {
            if (service != null && service.isAlive()) {
                service.terminate();
            }
            if (db != null) {
                db.close();
            }
        }
    }

    // ---- Scenarios -----------------------------------------------------------------------------

    @Test
    @Order(1)
    void killMinus9WhileChunksEncode() throws Exception {
        String id = id("kill9");
        post(asset(id, "clip.mp4", 0.5, losslessRung()));
        awaitTasks(id, t -> count(t, "ENCODE_CHUNK", "SUCCEEDED") >= 1 && count(t, "ENCODE_CHUNK", "RUNNING") >= 1);

        long fault = System.nanoTime();
        service.kill9();
        Thread.sleep(1000);
        int orphans = orphanFfmpeg();
        service.start();
        JsonNode done = awaitState(id, "COMPLETE", 120);
        double recovery = seconds(fault);

        assertFrameExact(done);
        record("1. kill -9 during encodes, restart", List.of(id), 0, orphans, recovery,
                "frame-exact after restart (framemd5 equal)");
    }

    @Test
    @Order(2)
    void theFfmpegChildOfARunningTaskIsKilled() throws Exception {
        String id = id("childkill");
        post(asset(id, "clip.mp4", 1.0, rung("r", 320, 240, 23)));
        awaitTasks(id, t -> count(t, "ENCODE_CHUNK", "RUNNING") >= 1);
        long fault = System.nanoTime();
        int killed = killFfmpegOf(id);
        awaitState(id, "COMPLETE", 60);

        assertThat(killed).isPositive();
        assertThat(reExecuted(List.of(id))).isPositive();
        record("2. ffmpeg child killed", List.of(id), 0, orphanFfmpeg(), seconds(fault),
                killed + " ffmpeg killed, its task retried");
    }

    @Test
    @Order(3)
    void aHungFfmpegIsKilledByTheStallDetector() throws Exception {
        String id = id("stall");
        long fault = System.nanoTime();
        post(asset(id, "clip.mp4", 2.0, rung("r", 320, 240, 23)));
        awaitState(id, "COMPLETE", 60);

        String errors = String.join(" ", taskErrors(id));
        assertThat(errors).contains("stalled: no progress for 3 s");
        record("3. ffmpeg hangs (stub sleeps)", List.of(id), 0, orphanFfmpeg(), seconds(fault),
                "killed after 3 s without progress, retried");
    }

    @Test
    @Order(4)
    void postgresRestartsWhileTwentyAssetsAreInFlight() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = id("pgrestart-" + i);
            post(asset(id, "small.mp4", 1.0, rung("r", 160, 120, 30)));
            ids.add(id);
        }
        Thread.sleep(2000);
        db.stop();
        Thread.sleep(3000);
        db.start();
        long up = System.nanoTime();
        for (String id : ids) {
            awaitState(id, "COMPLETE", 240);
        }
        assertThat(service.isAlive()).as("the service survived without a restart").isTrue();
        record("4. PostgreSQL restarted (3 s down), 20 assets in flight", ids, 0, orphanFfmpeg(), seconds(up),
                "no service restart; time from database back up to all complete");
    }

    @Test
    @Order(5)
    void aTruncatedSourceFailsFastWithAReadableReason() throws Exception {
        String id = id("truncated");
        long start = System.nanoTime();
        post(asset(id, "truncated.mp4", 2.0, rung("r", 320, 240, 23)));
        JsonNode failed = awaitState(id, "FAILED", 30);

        assertThat(failed.path("error").asText()).contains("truncated").doesNotContain("Exception");
        try (Connection c = db.connect(); PreparedStatement q = c.prepareStatement(
                "SELECT sum(attempts) FROM task WHERE asset_id = ? AND type <> 'NOTIFY'")) {
            q.setString(1, id);
            ResultSet rows = q.executeQuery();
            rows.next();
            assertThat(rows.getInt(1)).as("attempts spent on a source that can never work").isEqualTo(1);
        }
        record("5. truncated source", List.of(id), 1, orphanFfmpeg(), seconds(start),
                "FAILED in 1 attempt: " + failed.path("error").asText());
    }

    @Test
    @Order(6)
    void twoInstancesRaceOnOneQueueAndTheRescuerRacesLateCompletions() throws Exception {
        // Instance B lets its leases lapse (1 s, no heartbeat for 30 s) while it encodes, so the
        // rescuers hand its tasks to another run while B is still working on them.
        Map<String, String> lax = new HashMap<>(env);
        lax.put("WORKERS_LEASE", "PT1S");
        lax.put("WORKERS_HEARTBEAT", "PT30S");
        ServiceProcess b = new ServiceProcess("service-b", FaultDatabase.freePort(), lax, WORK.resolve("logs"));
        b.start();
        long start = System.nanoTime();
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                String id = id("race-" + i);
                post(asset(id, "clip.mp4", 4.0, Map.of("name", "r", "codec", "avc", "width", 640, "height", 480,
                        "crf", 20, "preset", "slow")));
                ids.add(id);
            }
            for (String id : ids) {
                assertFrameCount(awaitState(id, "COMPLETE", 300));
            }
        } finally {
            b.terminate();
        }
        int dropped = occurrences(service.logText() + b.logText(), "claim was lost; its result is dropped");
        record("6. two instances, leases lapsing under a running task", ids, 0, orphanFfmpeg(), seconds(start),
                dropped + " late completions dropped by the claim check");
    }

    @Test
    @Order(7)
    void sigtermDuringEncodes() throws Exception {
        String id = id("sigterm");
        post(asset(id, "clip.mp4", 0.5, losslessRung()));
        awaitTasks(id, t -> count(t, "ENCODE_CHUNK", "RUNNING") >= 1);

        long fault = System.nanoTime();
        Duration stop = service.terminate();
        int stillClaimed = queryInt("SELECT count(*) FROM task WHERE state = 'RUNNING'");
        int orphans = orphanFfmpeg();
        service.start();
        JsonNode done = awaitState(id, "COMPLETE", 120);

        assertThat(stillClaimed).as("tasks left claimed by the stopped instance").isZero();
        assertFrameExact(done);
        record("7. SIGTERM during encodes, restart", List.of(id), 0, orphans, seconds(fault),
                String.format(java.util.Locale.ROOT, "stopped in %.1f s, %d tasks left claimed", stop.toMillis() / 1000.0,
                        stillClaimed));
    }

    // ---- Measurements ----------------------------------------------------------------------------

    private static void record(String scenario, List<String> ids, int expectedFailures, int orphans, double recovery,
            String notes) throws Exception {
        int completed = 0;
        int failed = 0;
        for (String id : ids) {
            String state = get("/api/v1/assets/" + id).path("state").asText();
            completed += "COMPLETE".equals(state) ? 1 : 0;
            failed += "FAILED".equals(state) ? 1 : 0;
        }
        int lost = ids.size() - completed - Math.min(failed, expectedFailures);
        FaultReport.Row row = new FaultReport.Row(scenario, ids.size(), completed, Math.min(failed, expectedFailures),
                lost, reExecuted(ids), duplicatedResults(ids), duplicatedOutputs(ids), orphans, recovery, notes);
        REPORT.add(row);
        assertThat(row.lost()).as("assets lost").isZero();
        assertThat(row.duplicatedResults()).as("results recorded twice").isZero();
        assertThat(row.duplicatedOutputs()).as("outputs published twice").isZero();
        assertThat(row.orphanFfmpeg()).as("ffmpeg processes outliving their task").isZero();
    }

    /** Tasks that ran more than once (retried, rescued, taken back after a restart). */
    private static int reExecuted(List<String> ids) throws SQLException {
        return queryInt("SELECT count(*) FROM task WHERE asset_id = ANY(?) AND attempts > 1", ids);
    }

    /** The same result (same chunk, rendition, generation) recorded by two completions. */
    private static int duplicatedResults(List<String> ids) throws SQLException {
        return queryInt("""
                SELECT count(*) FROM (
                    SELECT asset_id, type, payload->>'rendition', payload->>'generation', payload->>'chunk'
                    FROM fact WHERE asset_id = ANY(?)
                      AND type IN ('Probe', 'AudioEncoded', 'ChunkEncoded', 'Assembled', 'Validated')
                    GROUP BY 1, 2, 3, 4, 5 HAVING count(*) > 1) twice""", ids);
    }

    /** A rendition generation published (validated and renamed into place) more than once. */
    private static int duplicatedOutputs(List<String> ids) throws SQLException {
        return queryInt("""
                SELECT count(*) FROM (
                    SELECT asset_id, payload->>'rendition', payload->>'generation' FROM fact
                    WHERE asset_id = ANY(?) AND type = 'Validated' AND (payload->>'valid')::boolean
                    GROUP BY 1, 2, 3 HAVING count(*) > 1) twice""", ids);
    }

    /** ffmpeg processes (or the stub's hung stand-in) still working on files of the suite. */
    private static int orphanFfmpeg() {
        return (int) ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("ffmpeg") && c.contains(OUT.toString()))
                        .orElse(false))
                .filter(p -> service == null || !service.isAlive() || !ServiceProcess.isDescendant(p, service.pid()))
                .count();
    }


    private static int killFfmpegOf(String id) {
        List<ProcessHandle> children = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("ffmpeg") && c.contains("/" + id + "/"))
                        .orElse(false))
                .toList();
        children.forEach(ProcessHandle::destroyForcibly);
        return children.size();
    }

    private static void assertFrameExact(JsonNode asset) {
        Path output = OUT.resolve(asset.path("renditions").get(0).path("output").path("path").asText());
        assertThat(TestMedia.frameHashes(output)).containsExactlyElementsOf(TestMedia.frameHashes(IN.resolve("clip.mp4")));
    }

    private static void assertFrameCount(JsonNode asset) {
        JsonNode output = asset.path("renditions").get(0).path("output");
        assertThat(output.path("frames").asLong()).isEqualTo(asset.path("probe").path("frames").asLong());
    }

    // ---- HTTP and SQL helpers ----------------------------------------------------------------------

    private static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    private static Map<String, Object> rung(String name, int width, int height, int crf) {
        return Map.of("name", name, "codec", "avc", "width", width, "height", height, "crf", crf, "preset", "veryfast");
    }

    private static Map<String, Object> losslessRung() {
        return rung("lossless", 320, 240, 0);
    }

    private static Map<String, Object> asset(String id, String source, double chunkSeconds, Map<String, Object> rung) {
        return Map.of("id", id, "source", source, "chunking", Map.of("seconds", chunkSeconds), "ladder", List.of(rung));
    }

    private static void post(Map<String, Object> body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(service.url() + "/api/v1/assets"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(service.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode awaitState(String id, String state, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        JsonNode asset = null;
        while (System.nanoTime() < deadline) {
            try {
                asset = get("/api/v1/assets/" + id);
                if (state.equals(asset.path("state").asText())) {
                    return asset;
                }
            } catch (IOException e) {
                // the service is restarting
            }
            Thread.sleep(250);
        }
        throw new AssertionError(id + " did not reach " + state + " in " + seconds + " s: " + asset);
    }

    private static void awaitTasks(String id, Predicate<List<String[]>> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            List<String[]> tasks = new ArrayList<>();
            try (Connection c = db.connect(); PreparedStatement q = c.prepareStatement(
                    "SELECT type, state FROM task WHERE asset_id = ?")) {
                q.setString(1, id);
                ResultSet rows = q.executeQuery();
                while (rows.next()) {
                    tasks.add(new String[] {rows.getString(1), rows.getString(2)});
                }
            }
            if (condition.test(tasks)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("tasks of " + id + " never reached the expected point");
    }

    private static long count(List<String[]> tasks, String type, String state) {
        return tasks.stream().filter(t -> t[0].equals(type) && t[1].equals(state)).count();
    }

    private static List<String> taskErrors(String id) throws SQLException {
        List<String> errors = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement q = c.prepareStatement(
                "SELECT error FROM task WHERE asset_id = ? AND error IS NOT NULL")) {
            q.setString(1, id);
            ResultSet rows = q.executeQuery();
            while (rows.next()) {
                errors.add(rows.getString(1));
            }
        }
        return errors;
    }

    private static int queryInt(String sql, List<String> ids) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement q = c.prepareStatement(sql)) {
            Array array = c.createArrayOf("text", ids.toArray(new String[0]));
            q.setArray(1, array);
            ResultSet rows = q.executeQuery();
            rows.next();
            return rows.getInt(1);
        }
    }

    private static int queryInt(String sql) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement q = c.prepareStatement(sql)) {
            ResultSet rows = q.executeQuery();
            rows.next();
            return rows.getInt(1);
        }
    }

    private static int occurrences(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    // ---- Media -------------------------------------------------------------------------------------

    private static void generate(String name, String video, int seconds) {
        TestMedia.run(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", video, "-f", "lavfi",
                "-i", "sine=frequency=330:duration=" + seconds, "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt",
                "yuv420p", "-g", "50", "-c:a", "aac", "-movflags", "+faststart", IN.resolve(name).toString()));
    }

    /** The first half of a file whose index is at the front: the header promises frames that are not there. */
    private static void truncate(String from, String to) throws IOException {
        byte[] all = Files.readAllBytes(IN.resolve(from));
        Files.write(IN.resolve(to), java.util.Arrays.copyOf(all, all.length / 2));
    }

    /**
     * A stand-in for ffmpeg that hangs (without a word of progress) the first time it is asked to
     * encode a chunk of an asset named stall-*, and is the real ffmpeg otherwise.
     */
    private static Path stubFfmpeg() throws IOException {
        Path real = ProcessRunner.findOnPath("ffmpeg");
        Path stub = WORK.resolve("ffmpeg-stub.sh");
        Files.writeString(stub, """
                #!/bin/bash
                for arg in "$@"; do
                  case "$arg" in
                    *"/stall-"*"/chunk-"*".part")
                      marker="$(dirname "${arg#file:}")/stalled-once"
                      if [ ! -e "$marker" ]; then
                        touch "$marker"
                        exec -a "ffmpeg-stalled $*" sleep 600
                      fi ;;
                  esac
                done
                exec %s "$@"
                """.formatted(real));
        Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        return stub;
    }
}
