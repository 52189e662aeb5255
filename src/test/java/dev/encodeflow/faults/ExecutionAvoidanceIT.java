package dev.encodeflow.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.encodeflow.support.TestMedia;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Execution avoidance, counted on the real ffmpeg: the packaged service runs ffmpeg and ffprobe
 * through wrappers that log every invocation, so the test counts the video encodes each asset
 * really caused. The same source under a new id (and another path, and another rendition name)
 * encodes nothing; one added rung encodes that rung's chunks only; a restart (SIGKILL) in between
 * changes nothing; a new x264 build (a wrapper that reports another version) re-encodes the AVC
 * renditions and no other, while the published file stays readable until its replacement validates.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExecutionAvoidanceIT {

    private static final Path WORK = Path.of("target/execution-avoidance").toAbsolutePath();
    private static final Path IN = WORK.resolve("in");
    private static final Path OUT = WORK.resolve("out");
    private static final Path BIN = WORK.resolve("bin");
    private static final Path CALLS = WORK.resolve("calls.log");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, Object> R1 = rung("r1", "avc", 160, 120);
    /** Chunks per rendition: the plan's, read from the first asset (the segment grid decides). */
    private static int chunks;

    private static FaultDatabase db;
    private static Map<String, String> env;
    private static ServiceProcess service;

    @BeforeAll
    static void start() throws Exception {
        FaultDatabase.deleteRecursively(WORK);
        Files.createDirectories(IN);
        Files.createDirectories(OUT);
        Files.createDirectories(BIN);
        Files.createDirectories(WORK.resolve("logs"));
        TestMedia.run(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                "testsrc2=size=320x240:rate=25:duration=6", "-f", "lavfi", "-i", "sine=frequency=330:duration=6",
                "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-g", "25", "-c:a", "aac",
                IN.resolve("clip.mp4").toString()));
        Files.copy(IN.resolve("clip.mp4"), IN.resolve("copy.mp4"));
        // The service gives its tools an empty environment: the log path is written into the scripts.
        wrapper("ffmpeg", "");
        wrapper("ffprobe", "");
        // Another x264 build, as the library would report it: the fake line comes before the real one.
        wrapper("ffmpeg-next-x264", "case \"$*\" in *libx264*global_header*) echo '[libx264 @ 0x0] 264 - core 999 "
                + "r9999 fffffff - H.264/MPEG-4 AVC codec' >&2;; esac\n");
        db = new FaultDatabase(WORK.resolve("db"));
        env = new HashMap<>(Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", db.url(),
                "QUARKUS_DATASOURCE_USERNAME", "postgres",
                "QUARKUS_DATASOURCE_PASSWORD", "postgres",
                "MEDIA_INPUT_ROOTS", IN.toString(),
                "MEDIA_OUTPUT_ROOT", OUT.toString(),
                "MEDIA_FFMPEG", BIN.resolve("ffmpeg").toString(),
                "MEDIA_FFPROBE", BIN.resolve("ffprobe").toString(),
                "RULES_DIR", Path.of("rules").toAbsolutePath().toString(),
                "LIMITS_MIN_CHUNK_SECONDS", "0.1"));
        env.putAll(Map.of("WORKERS_SLOTS", "2", "MEDIA_PACKAGING_FORMATS", "none", "MEDIA_MEASURE_QUALITY", "false"));
        service = new ServiceProcess("reuse", FaultDatabase.freePort(), env, WORK.resolve("logs"));
        service.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null && service.isAlive()) {
            service.terminate();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    @Order(1)
    void theSameWorkIsNeverDoneTwiceAcrossAssetsAndRestarts() throws Exception {
        int mark = calls().size();
        JsonNode first = post("first", "clip.mp4", List.of(R1));
        List<String> firstCalls = since(mark);
        chunks = first.path("renditions").get(0).path("chunksTotal").asInt();
        assertThat(chunks).isGreaterThan(1);
        assertThat(videoEncodes(firstCalls)).as("the first asset encodes every chunk").hasSize(chunks);
        assertThat(probes(firstCalls)).hasSize(1);
        String encoder = first.path("renditions").get(0).path("encoderVersion").asText();
        assertThat(encoder).startsWith("ffmpeg ").contains("x264 core 164");

        mark = calls().size();
        JsonNode same = post("same-source", "copy.mp4", List.of(rung("another-name", "avc", 160, 120)));
        List<String> sameCalls = since(mark);
        assertThat(videoEncodes(sameCalls)).as("the same content under another id, path and name").isEmpty();
        assertThat(audioEncodes(sameCalls)).isEmpty();
        assertThat(probes(sameCalls)).as("its probe is reused too").isEmpty();
        assertThat(sha(same, 0)).isEqualTo(sha(first, 0));

        service.kill9();
        service.start();

        mark = calls().size();
        JsonNode more = post("one-more-rung", "clip.mp4", List.of(R1, rung("r2", "avc", 128, 96)));
        List<String> moreCalls = since(mark);
        assertThat(videoEncodes(moreCalls)).as("after a restart, only the added rung is encoded").hasSize(chunks)
                .allSatisfy(call -> assertThat(call).contains("128:96"));
        assertThat(probes(moreCalls)).isEmpty();
        assertThat(sha(more, 0)).isEqualTo(sha(first, 0));
    }

    @Test
    @Order(2)
    void aNewEncoderBuildReencodesOnlyItsCodecAndThePublishedFileStaysReadable() throws Exception {
        JsonNode mixed = post("mixed", "clip.mp4", List.of(R1, rung("v1", "vp9", 160, 120)));
        String vp9Before = sha(mixed, 1);
        Path avcFile = OUT.resolve(mixed.path("renditions").get(0).path("output").path("path").asText());
        List<String> framesBefore = TestMedia.frameHashes(avcFile);

        service.terminate();
        Map<String, String> upgraded = new HashMap<>(env);
        upgraded.put("MEDIA_FFMPEG", BIN.resolve("ffmpeg-next-x264").toString());
        service = new ServiceProcess("reuse-upgraded", FaultDatabase.freePort(), upgraded, WORK.resolve("logs"));
        int mark = calls().size();
        service.start();

        // Until the new generation validates, the published file is the old one, whole.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        JsonNode now = asset("mixed");
        while (System.nanoTime() < deadline && !(now.path("state").asText().equals("COMPLETE")
                && now.path("renditions").get(0).path("generation").asInt() == 1)) {
            assertThat(TestMedia.frameHashes(avcFile)).hasSameSizeAs(framesBefore);
            assertThat(now.path("renditions").get(0).path("output").path("path").asText())
                    .as("the view keeps the published output while its replacement is made")
                    .isEqualTo(OUT.relativize(avcFile).toString());
            Thread.sleep(200);
            now = asset("mixed");
        }
        assertThat(now.path("renditions").get(0).path("generation").asInt()).isEqualTo(1);
        assertThat(now.path("renditions").get(0).path("encoderVersion").asText()).contains("x264 core 999");
        assertThat(now.path("renditions").get(1).path("generation").asInt()).as("vp9 untouched").isZero();
        assertThat(sha(now, 1)).isEqualTo(vp9Before);
        // Every AVC rendition stored (first, same-source, two of one-more-rung, mixed) and no other.
        for (String id : List.of("first", "same-source", "one-more-rung")) {
            awaitGeneration(id, 1);
        }
        List<String> upgradeCalls = since(mark);
        assertThat(videoEncodes(upgradeCalls)).hasSize(5 * chunks)
                .allSatisfy(call -> assertThat(call).contains("libx264"));
    }

    private static Map<String, Object> rung(String name, String codec, int width, int height) {
        Map<String, Object> rung = new HashMap<>(Map.of("name", name, "codec", codec, "width", width, "height", height,
                "crf", codec.equals("vp9") ? 40 : 30));
        rung.put("preset", codec.equals("vp9") ? "realtime" : "veryfast");
        return rung;
    }

    private static void wrapper(String name, String extra) throws Exception {
        String real = name.startsWith("ffprobe") ? "/usr/bin/ffprobe" : "/usr/bin/ffmpeg";
        Path script = BIN.resolve(name);
        Files.writeString(script, "#!/bin/sh\nprintf '%s\\n' \"" + name + " $*\" >> '" + CALLS + "'\n" + extra
                + "exec " + real + " \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static List<String> calls() throws Exception {
        return Files.exists(CALLS) ? Files.readAllLines(CALLS) : List.of();
    }

    private static List<String> since(int mark) throws Exception {
        List<String> all = calls();
        return all.subList(mark, all.size());
    }

    /** Chunk encodes: a video stream mapped from the source into an encoder (not the identity checks). */
    private static List<String> videoEncodes(List<String> calls) {
        return calls.stream().filter(c -> c.contains("-map 0:v:0") && c.contains("-c:v")).toList();
    }

    private static List<String> audioEncodes(List<String> calls) {
        return calls.stream().filter(c -> c.contains("-c:a")).toList();
    }

    private static List<String> probes(List<String> calls) {
        return calls.stream().filter(c -> c.startsWith("ffprobe") && c.contains("-show_format")).toList();
    }

    private static String sha(JsonNode asset, int rendition) {
        return asset.path("renditions").get(rendition).path("output").path("sha256").asText();
    }

    private static JsonNode post(String id, String source, List<Map<String, Object>> ladder) throws Exception {
        Map<String, Object> body = Map.of("id", id, "source", source, "chunking", Map.of("seconds", 0.5),
                "ladder", ladder);
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(service.url() + "/api/v1/assets"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return awaitGeneration(id, 0);
    }

    private static JsonNode asset(String id) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(service.url() + "/api/v1/assets/"
                + id)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** Waits until the asset is COMPLETE with every rendition at least at {@code generation}. */
    private static JsonNode awaitGeneration(String id, int generation) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        JsonNode asset = null;
        while (System.nanoTime() < deadline) {
            asset = asset(id);
            String state = asset.path("state").asText();
            assertThat(state).as(id + ": " + asset).isNotIn("FAILED", "CANCELLED");
            boolean current = true;
            for (JsonNode rendition : asset.path("renditions")) {
                current &= rendition.path("codec").asText().equals("vp9")
                        || rendition.path("generation").asInt() >= generation;
            }
            if ("COMPLETE".equals(state) && current) {
                return asset;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(id + " did not complete generation " + generation + " in time: " + asset);
    }
}
