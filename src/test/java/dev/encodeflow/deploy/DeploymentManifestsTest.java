package dev.encodeflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.encodeflow.support.TestMedia;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployment files under docker/ are valid by their schemas (src/test/deploy/validate.mjs:
 * the Compose Specification, kubernetes-models, KEDA's models), the validator rejects broken
 * copies (so a pass means something), and what the files promise holds: the grace periods outlast
 * the workers' drain, KEDA's target is one pod's slots, and KEDA's query runs on the real schema.
 */
@QuarkusTest
class DeploymentManifestsTest {

    private static final Path DEPLOY = Path.of("src/test/deploy").toAbsolutePath();
    private static final Path DOCKER = Path.of("docker").toAbsolutePath();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Inject
    EntityManager em;

    @BeforeAll
    static void validatorInstalled() {
        if (!Files.exists(DEPLOY.resolve("node_modules/kubernetes-models"))) {
            TestMedia.run(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefix", DEPLOY.toString()));
        }
    }

    @Test
    void everyManifestIsValidByItsSchema() throws Exception {
        List<String> files = new ArrayList<>(List.of(DOCKER.resolve("compose.yaml").toString()));
        try (Stream<Path> k8s = Files.list(DOCKER.resolve("k8s"))) {
            k8s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(p -> files.add(p.toString()));
        }
        Result result = validate(files);
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("valid   " + DOCKER.resolve("k8s/keda.yaml") + ": ScaledObject",
                "Deployment encodeflow-workers", "PodDisruptionBudget encodeflow-workers", "compose file");
    }

    /**
     * A compose tool's own reading of the file: Docker's compose plugin where installed, else the
     * standalone docker-compose (Debian's package, which .ci/run installs; it needs no engine for
     * {@code config}). A broken copy must be refused by it too, so the check can fail.
     */
    @Test
    void aComposeToolAcceptsTheFileAndRefusesABrokenCopy() throws Exception {
        List<String> compose = run(List.of("docker", "compose", "version")).exit() == 0 ? List.of("docker", "compose")
                : run(List.of("docker-compose", "version")).exit() == 0 ? List.of("docker-compose") : null;
        org.junit.jupiter.api.Assumptions.assumeTrue(compose != null, "no compose tool is installed here");
        List<String> config = new ArrayList<>(compose);
        config.addAll(List.of("-f", DOCKER.resolve("compose.yaml").toString(), "config", "--quiet"));
        Result accepted = run(config);
        assertThat(accepted.exit()).as(accepted.output()).isZero();

        Path broken = Files.createTempDirectory("compose").resolve("compose.yaml");
        Files.writeString(broken, Files.readString(DOCKER.resolve("compose.yaml")).replace("replicas: 2", "replicas: two"));
        config.set(config.indexOf(DOCKER.resolve("compose.yaml").toString()), broken.toString());
        Result refused = run(config);
        assertThat(refused.exit()).as(refused.output()).isNotZero();
        assertThat(refused.output()).contains("replicas");
    }

    @Test
    void brokenCopiesAreRejected() throws Exception {
        Path dir = Files.createTempDirectory("manifests");
        Path deployment = dir.resolve("workers.yaml");
        Files.writeString(deployment, Files.readString(DOCKER.resolve("k8s/workers.yaml"))
                .replace("replicas: 2", "replicas: two"));
        Path scaler = dir.resolve("keda.yaml");
        Files.writeString(scaler, Files.readString(DOCKER.resolve("k8s/keda.yaml"))
                .replace("scaleTargetRef:", "scaleTarget:"));
        Path compose = dir.resolve("compose.yaml");
        Files.writeString(compose, Files.readString(DOCKER.resolve("compose.yaml"))
                .replace("interval: 5s", "interval: five seconds"));
        Result result = validate(List.of(deployment.toString(), scaler.toString(), compose.toString()));
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.output()).contains("INVALID " + deployment + ": Deployment encodeflow-workers",
                "INVALID " + scaler + ": ScaledObject encodeflow-workers", "INVALID " + compose + ": compose file");
    }

    @Test
    void gracePeriodsOutlastTheWorkersDrain() throws Exception {
        JsonNode workers = documents(DOCKER.resolve("k8s/workers.yaml")).get(0);
        JsonNode pod = workers.at("/spec/template/spec");
        Duration drain = Duration.parse(env(pod.at("/containers/0/env"), "WORKERS_SHUTDOWN_GRACE"));
        assertThat(Duration.ofSeconds(pod.path("terminationGracePeriodSeconds").asLong())).isGreaterThan(drain.plusSeconds(5));

        JsonNode compose = documents(DOCKER.resolve("compose.yaml")).get(0).path("services").path("workers");
        Duration composeDrain = Duration.parse(compose.path("environment").path("WORKERS_SHUTDOWN_GRACE").asText());
        Duration stop = Duration.ofSeconds(Long.parseLong(compose.path("stop_grace_period").asText().replace("s", "")));
        assertThat(stop).isGreaterThan(composeDrain.plusSeconds(5));

        // KEDA asks for one pod per WORKERS_SLOTS wanted slots.
        JsonNode scaler = documents(DOCKER.resolve("k8s/keda.yaml")).stream()
                .filter(d -> d.path("kind").asText().equals("ScaledObject")).findFirst().orElseThrow();
        assertThat(scaler.at("/spec/triggers/0/metadata/targetQueryValue").asText())
                .isEqualTo(env(pod.at("/containers/0/env"), "WORKERS_SLOTS"));
        assertThat(scaler.at("/spec/scaleTargetRef/name").asText()).isEqualTo(workers.at("/metadata/name").asText());
    }

    @Test
    @Transactional
    void kedasQueryRunsOnTheRealSchema() throws Exception {
        JsonNode scaler = documents(DOCKER.resolve("k8s/keda.yaml")).stream()
                .filter(d -> d.path("kind").asText().equals("ScaledObject")).findFirst().orElseThrow();
        Object value = em.createNativeQuery(scaler.at("/spec/triggers/0/metadata/query").asText()).getSingleResult();
        assertThat(((Number) value).longValue()).isNotNegative();
    }

    private static String env(JsonNode env, String name) {
        for (JsonNode entry : env) {
            if (entry.path("name").asText().equals(name)) {
                return entry.path("value").asText();
            }
        }
        throw new AssertionError(name + " not set");
    }

    private static List<JsonNode> documents(Path file) throws Exception {
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            return docs.readAll();
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result validate(List<String> files) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", DEPLOY.resolve("validate.mjs").toString()));
        command.addAll(files);
        return run(command);
    }

    private static Result run(List<String> command) throws Exception {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            return new Result(process.waitFor(), output);
        } catch (java.io.IOException e) {
            return new Result(127, e.getMessage());
        }
    }
}
