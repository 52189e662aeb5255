package dev.encodeflow.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka broker for the Kafka messaging test: one KRaft node (broker and controller) run
 * as a child process from Maven Central's {@code kafka_2.13} jars on the test class path, no
 * Docker. As a test profile it is the service with {@code messaging.broker=kafka} pointed at it;
 * the running broker is injected into the test ({@link Process} field of this type) so that the
 * test can kill it with SIGKILL and start it again on the same data.
 */
public class KafkaBroker implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("messaging.broker", "kafka", "messaging.progress-interval", "PT0.5S");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Resource.class));
    }

    /** Starts the broker before the service and stops it after the test class. */
    public static class Resource implements QuarkusTestResourceLifecycleManager {
        private Broker broker;

        @Override
        public Map<String, String> start() {
            broker = new Broker();
            broker.start();
            return Map.of("kafka.bootstrap.servers", broker.bootstrap());
        }

        @Override
        public void inject(TestInjector injector) {
            injector.injectIntoFields(broker, new TestInjector.MatchesType(Broker.class));
        }

        @Override
        public void stop() {
            if (broker != null) {
                broker.kill();
            }
        }
    }

    /** The broker process: formatted once, then started, killed and started again on its data. */
    public static final class Broker {
        private final Path dir;
        private final int port;
        private final int controllerPort;
        private Process process;

        Broker() {
            try {
                dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "kafka-");
                port = freePort();
                controllerPort = freePort();
                Properties properties = new Properties();
                properties.putAll(Map.ofEntries(Map.entry("process.roles", "broker,controller"),
                        Map.entry("node.id", "1"),
                        Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
                        Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
                        Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
                        Map.entry("controller.listener.names", "CONTROLLER"),
                        Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                        Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                        Map.entry("log.dirs", dir.resolve("data").toString()),
                        // Two partitions: events of different assets may land apart, one asset's stay together.
                        Map.entry("num.partitions", "2"),
                        // As production clusters: the service must create its own topics.
                        Map.entry("auto.create.topics.enable", "false"),
                        Map.entry("offsets.topic.replication.factor", "1"),
                        Map.entry("offsets.topic.num.partitions", "1"),
                        Map.entry("transaction.state.log.replication.factor", "1"),
                        Map.entry("transaction.state.log.min.isr", "1"),
                        Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                        Map.entry("share.coordinator.state.topic.min.isr", "1"),
                        Map.entry("group.initial.rebalance.delay.ms", "0")));
                try (var out = Files.newOutputStream(dir.resolve("server.properties"))) {
                    properties.store(out, "KafkaMessagingTest");
                }
                run(List.of("kafka.tools.StorageTool", "format", "--cluster-id", Uuid.randomUuid().toString(),
                        "--config", dir.resolve("server.properties").toString()), dir.resolve("format.log"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public String bootstrap() {
            return "127.0.0.1:" + port;
        }

        /** Starts the broker on its data and waits until it answers. */
        public synchronized void start() {
            try {
                process = java(List.of("kafka.Kafka", dir.resolve("server.properties").toString()))
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile()))
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Instant end = Instant.now().plus(Duration.ofSeconds(90));
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000))) {
                while (true) {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("Kafka broker exited with " + process.exitValue() + ", see "
                                + dir.resolve("broker.log"));
                    }
                    try {
                        admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                        return;
                    } catch (Exception notYet) {
                        if (Instant.now().isAfter(end)) {
                            throw new IllegalStateException("Kafka broker did not answer in 90 s, see " + dir.resolve("broker.log"));
                        }
                    }
                }
            }
        }

        /** SIGKILL: the broker gets no chance to close anything. */
        public synchronized void kill() {
            if (process != null) {
                process.destroyForcibly();
                try {
                    process.waitFor(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private static ProcessBuilder java(List<String> arguments) {
            List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                    "-cp", System.getProperty("java.class.path")));
            command.addAll(arguments);
            return new ProcessBuilder(command).redirectErrorStream(true);
        }

        private static void run(List<String> arguments, Path log) throws IOException {
            Process format = java(arguments).redirectOutput(log.toFile()).start();
            try {
                if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                    throw new IllegalStateException("Kafka storage format failed: " + Files.readString(log));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }
    }
}
