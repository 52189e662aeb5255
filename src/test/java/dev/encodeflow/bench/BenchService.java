package dev.encodeflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.encodeflow.faults.ServiceProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * The packaged service on a database of its own (recreated on the local PostgreSQL for every
 * benchmark), with HTTP and SQL helpers.
 */
final class BenchService implements AutoCloseable {

    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    static final ObjectMapper JSON = new ObjectMapper();

    final Path work;
    final Path in;
    final Path out;
    final String database;
    final ServiceProcess process;
    private final Map<String, String> env;
    private final HttpClient http = HttpClient.newHttpClient();
    /** With -Dbench.auth=true the service verifies bearer tokens and every call carries one (all roles). */
    private final String token;

    BenchService(String name, Map<String, String> settings) throws Exception {
        this(name, settings, Boolean.getBoolean("bench.auth"));
    }

    BenchService(String name, Map<String, String> settings, boolean auth) throws Exception {
        this.work = Path.of("target/bench", name).toAbsolutePath();
        this.in = work.resolve("in");
        this.out = work.resolve("out");
        this.database = "encodeflow_bench_" + name.replace('-', '_');
        Files.createDirectories(in);
        Files.createDirectories(out);
        Files.createDirectories(work.resolve("logs"));
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "postgres");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + database);
        }
        Map<String, String> env = new HashMap<>(Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", SERVER + database,
                "QUARKUS_DATASOURCE_USERNAME", "postgres",
                "QUARKUS_DATASOURCE_PASSWORD", "postgres",
                "MEDIA_INPUT_ROOTS", in.toString(),
                "MEDIA_OUTPUT_ROOT", out.toString(),
                "RULES_DIR", Path.of("rules").toAbsolutePath().toString(),
                "QUARKUS_LOG_CATEGORY__DEV_ENCODEFLOW_WORKER__LEVEL", "WARN"));
        // B1 to B5 measure encoding and orchestration as 0.5.0 did: no manifests, no quality
        // measurement, unless a benchmark's settings say otherwise.
        env.put("MEDIA_PACKAGING_FORMATS", "none");
        env.put("MEDIA_MEASURE_QUALITY", "false");
        // Benchmarks encode the same clips run after run: they measure encodes, not reuse.
        env.put("REUSE_ENABLED", "false");
        env.putAll(settings);
        if (auth) {
            env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", dev.encodeflow.support.TestKeys.publicKeyPem().toString());
            env.put("MP_JWT_VERIFY_ISSUER", dev.encodeflow.support.TestKeys.ISSUER);
            env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
            token = dev.encodeflow.support.TestKeys.token("operator", "rules-admin");
        } else {
            token = null;
        }
        // For profiling a benchmark: -Dbench.jvm-options="-XX:StartFlightRecording=..." reaches the service.
        String jvmOptions = System.getProperty("bench.jvm-options", "");
        if (!jvmOptions.isBlank()) {
            env.put("JAVA_TOOL_OPTIONS", jvmOptions);
        }
        this.env = Map.copyOf(env);
        this.process = new ServiceProcess(name, freePort(), env, work.resolve("logs"));
    }

    /** Another instance on the same database and folders, with {@code overrides} (its roles, its slots). */
    ServiceProcess instance(String name, Map<String, String> overrides) throws IOException {
        Map<String, String> own = new HashMap<>(env);
        own.putAll(overrides);
        return new ServiceProcess(name, freePort(), own, work.resolve("logs"));
    }

    BenchService start() throws Exception {
        process.start();
        return this;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(SERVER + database, "postgres", "postgres");
    }

    long count(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    HttpResponse<String> post(String path, Object body) throws Exception {
        return http.send(authorized(HttpRequest.newBuilder(URI.create(process.url() + path)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    JsonNode get(String path) throws Exception {
        return JSON.readTree(http.send(authorized(HttpRequest.newBuilder(URI.create(process.url() + path))).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    /** A GET with the service's token (if any), its body as text. */
    String text(String path) throws Exception {
        return http.send(authorized(HttpRequest.newBuilder(URI.create(process.url() + path))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** A gauge's or counter's value from /q/metrics (summed over its series). */
    double metric(String name) throws Exception {
        return text("/q/metrics").lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** A GET with the service's token (if any), its status code. */
    int status(String path) throws Exception {
        return http.send(authorized(HttpRequest.newBuilder(URI.create(process.url() + path))).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    boolean authenticated() {
        return token != null;
    }

    /** CPU seconds of the service JVM itself and of its reaped children (ffmpeg), from /proc. */
    double[] cpuSeconds() throws IOException {
        String[] stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat")).replaceAll("^.*\\) ", "")
                .split(" ");
        double tick = 100.0;
        double self = (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) / tick;
        double children = (Long.parseLong(stat[13]) + Long.parseLong(stat[14])) / tick;
        return new double[] {self, children};
    }

    long pid() {
        return process.pid();
    }

    /** Resident memory of the service JVM in MB. */
    double rssMegabytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.terminate();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
