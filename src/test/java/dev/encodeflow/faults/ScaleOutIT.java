package dev.encodeflow.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.encodeflow.support.RabbitBroker;
import dev.encodeflow.support.TestMedia;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three instances of the packaged service on one PostgreSQL with the real RabbitMQ, in tiers:
 * {@code api,evaluator} (takes facts from the queue, runs the rules), {@code evaluator,workers}
 * and {@code workers}. Assets arrive as messages on {@code encodeflow.facts}; while their chunks
 * encode on the worker instances, one of those is killed with SIGKILL. Every asset must complete
 * frame-exact, the listener must see exactly one AssetCompleted per asset once it dedupes by
 * event id, and no ffmpeg may be left behind by the killed instance.
 */
class ScaleOutIT {

    private static final Path WORK = Path.of("target/scale-out").toAbsolutePath();
    private static final Path IN = WORK.resolve("in");
    private static final Path OUT = WORK.resolve("out");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String EVENTS = "encodeflow.test.scale-out";
    private static final int ASSETS = 6;

    private static FaultDatabase db;
    private static final List<ServiceProcess> INSTANCES = new ArrayList<>();
    private static Connection broker;
    private static Channel channel;

    @BeforeAll
    static void start() throws Exception {
        FaultDatabase.deleteRecursively(WORK);
        Files.createDirectories(IN);
        Files.createDirectories(OUT);
        Files.createDirectories(WORK.resolve("logs"));
        TestMedia.run(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                "testsrc2=size=320x240:rate=25:duration=3", "-f", "lavfi", "-i", "sine=frequency=330:duration=3",
                "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-g", "25", "-c:a", "aac",
                IN.resolve("clip.mp4").toString()));
        db = new FaultDatabase(WORK.resolve("db"));
        broker = RabbitBroker.connect();
        channel = broker.createChannel();
        channel.queueDeclare("encodeflow.facts", true, false, false, null);
        channel.queuePurge("encodeflow.facts");
        channel.exchangeDeclare("encodeflow.events", "topic", true);
        channel.queueDeclare(EVENTS, true, false, false, null);
        channel.queuePurge(EVENTS);
        channel.queueBind(EVENTS, "encodeflow.events", "AssetCompleted");

        Map<String, String> env = new HashMap<>(Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", db.url(),
                "QUARKUS_DATASOURCE_USERNAME", "postgres",
                "QUARKUS_DATASOURCE_PASSWORD", "postgres",
                "MEDIA_INPUT_ROOTS", IN.toString(),
                "MEDIA_OUTPUT_ROOT", OUT.toString(),
                "RULES_DIR", Path.of("rules").toAbsolutePath().toString(),
                "MESSAGING_BROKER", "rabbitmq",
                "RABBITMQ_HOST", "127.0.0.1",
                "LIMITS_MIN_CHUNK_SECONDS", "0.1"));
        // Six assets of the same clip: each must really encode for a kill to land mid-encode.
        env.put("REUSE_ENABLED", "false");
        env.putAll(Map.of("WORKERS_SLOTS", "2", "WORKERS_LEASE", "PT5S", "WORKERS_HEARTBEAT", "PT1S",
                "WORKERS_MAINTENANCE_INTERVAL", "PT1S", "WORKERS_RETRY_BASE", "PT0.5S", "WORKERS_RETRY_CAP", "PT2S",
                "WORKERS_MAX_ATTEMPTS", "10", "MEDIA_PACKAGING_FORMATS", "none", "MEDIA_MEASURE_QUALITY", "false"));
        for (String roles : List.of("api,evaluator", "evaluator,workers", "workers")) {
            Map<String, String> own = new HashMap<>(env);
            own.put("INSTANCE_ROLES", roles);
            ServiceProcess instance = new ServiceProcess("instance-" + roles.replace(',', '-'),
                    FaultDatabase.freePort(), own, WORK.resolve("logs"));
            INSTANCES.add(instance);
        }
        // The first start migrates the schema; the others start together after it.
        INSTANCES.get(0).start();
        for (ServiceProcess instance : INSTANCES.subList(1, 3)) {
            instance.start();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (ServiceProcess instance : INSTANCES) {
            if (instance.isAlive()) {
                instance.terminate();
            }
        }
        if (channel != null) {
            channel.queueDelete(EVENTS);
            broker.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void aWorkerInstanceKilledMidEncodeLosesNothingAndEachCompletionIsAnnouncedOnce() throws Exception {
        // The worker tier reads no rules: it loads none (and starts without compiling them).
        assertThat(readiness(INSTANCES.get(2))).contains("\"rules\"").contains("runs workers only")
                .doesNotContain("DOWN");
        assertThat(INSTANCES.get(2).logText()).contains("Rules not loaded").doesNotContain("in force from");
        assertThat(readiness(INSTANCES.get(1))).contains("\"version\"");
        // The first start on the fresh database ran the scenarios; the second, same rules and
        // same jar, compiled the rules without running them again.
        assertThat(INSTANCES.get(0).logText()).contains("scenarios passed, in").doesNotContain("not run again");
        assertThat(INSTANCES.get(1).logText()).contains("passed on this build before: not run again");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < ASSETS; i++) {
            String id = "scale-" + UUID.randomUUID().toString().substring(0, 6);
            ids.add(id);
            Map<String, Object> body = Map.of("type", "MezzanineArrived", "id", id, "source", "clip.mp4",
                    "chunking", Map.of("seconds", 0.5), "ladder", List.of(Map.of("name", "lossless", "codec", "avc",
                            "width", 320, "height", 240, "crf", 0, "preset", "veryfast")));
            channel.basicPublish("", "encodeflow.facts", new AMQP.BasicProperties.Builder().deliveryMode(2).build(),
                    JSON.writeValueAsBytes(body));
        }
        ServiceProcess victim = INSTANCES.get(2);
        awaitRunningOn(victim);
        victim.kill9();
        Thread.sleep(500);
        List<Long> orphans = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("ffmpeg") && c.contains(OUT.toString()))
                        .orElse(false))
                .filter(p -> INSTANCES.stream().filter(ServiceProcess::isAlive)
                        .noneMatch(i -> ServiceProcess.isDescendant(p, i.pid())))
                .map(ProcessHandle::pid).toList();
        assertThat(orphans).as("ffmpeg left behind by the killed instance").isEmpty();

        for (String id : ids) {
            JsonNode asset = awaitComplete(id, 180);
            Path output = OUT.resolve(asset.path("renditions").get(0).path("output").path("path").asText());
            assertThat(TestMedia.frameHashes(output)).as(id).containsExactlyElementsOf(
                    TestMedia.frameHashes(IN.resolve("clip.mp4")));
        }

        Map<String, Set<String>> completions = new HashMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (completions.size() < ASSETS && System.nanoTime() < deadline) {
            GetResponse message = channel.basicGet(EVENTS, true);
            if (message == null) {
                Thread.sleep(100);
                continue;
            }
            JsonNode event = JSON.readTree(new String(message.getBody(), StandardCharsets.UTF_8));
            completions.computeIfAbsent(event.path("assetId").asText(), k -> new HashSet<>())
                    .add(event.path("id").asText());
        }
        assertThat(completions.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(completions.values()).allSatisfy(eventIds -> assertThat(eventIds).hasSize(1));
        // The tiers held: the API instance ran no task (the survivor finished the victim's work),
        // and an instance without the api role serves no API.
        assertThat(INSTANCES.get(0).logText()).contains("Workers disabled on this instance");
        HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(URI.create(INSTANCES.get(1).url()
                + "/api/v1/assets/" + ids.get(0))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("does not serve the API");
    }

    private static String readiness(ServiceProcess instance) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(instance.url() + "/q/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void anUnknownRoleOrBrokerRefusesToStart() throws Exception {
        Map<String, String> typos = Map.of("INSTANCE_ROLES", "api,wokers", "MESSAGING_BROKER", "nats");
        Map<String, String> says = Map.of("INSTANCE_ROLES", "instance.roles: unknown [wokers]",
                "MESSAGING_BROKER", "messaging.broker must be in-memory, rabbitmq or kafka, not 'nats'");
        for (var typo : typos.entrySet()) {
            Map<String, String> env = new HashMap<>(Map.of("QUARKUS_DATASOURCE_JDBC_URL", db.url(),
                    "QUARKUS_DATASOURCE_USERNAME", "postgres", "QUARKUS_DATASOURCE_PASSWORD", "postgres",
                    "MEDIA_INPUT_ROOTS", IN.toString(), "MEDIA_OUTPUT_ROOT", OUT.toString(),
                    "RULES_DIR", Path.of("rules").toAbsolutePath().toString(), typo.getKey(), typo.getValue()));
            ServiceProcess instance = new ServiceProcess("instance-typo-" + typo.getValue(), FaultDatabase.freePort(),
                    env, WORK.resolve("logs"));
            try {
                org.assertj.core.api.Assertions.assertThatThrownBy(instance::start).hasMessageContaining("exited during start");
                assertThat(instance.logText()).contains(says.get(typo.getKey()));
            } finally {
                if (instance.isAlive()) {
                    instance.kill9();
                }
            }
        }
    }

    /** Waits until the victim runs at least one chunk encode. */
    private static void awaitRunningOn(ServiceProcess victim) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (ProcessHandle.allProcesses().anyMatch(p -> ServiceProcess.isDescendant(p, victim.pid())
                            && p.info().commandLine().map(c -> c.contains("ffmpeg")).orElse(false))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the victim never ran an encode");
    }

    private static JsonNode awaitComplete(String id, int seconds) throws Exception {
        ServiceProcess api = INSTANCES.get(0);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        JsonNode asset = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(api.url() + "/api/v1/assets/"
                    + id)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                asset = JSON.readTree(response.body());
                String state = asset.path("state").asText();
                if ("COMPLETE".equals(state)) {
                    return asset;
                }
                assertThat(state).as(id + ": " + asset).isNotIn("FAILED", "CANCELLED");
            }
            Thread.sleep(250);
        }
        throw new AssertionError(id + " did not complete in " + seconds + " s: " + asset);
    }

}
