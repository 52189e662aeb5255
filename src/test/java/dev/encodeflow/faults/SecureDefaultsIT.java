package dev.encodeflow.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged service as a newcomer and an operator meet it: with no key it listens on loopback
 * only and refuses to listen anywhere else; with a key pair made by the documented script it
 * wants a token, and a token minted by the documented script works, within its role.
 */
class SecureDefaultsIT {

    private static final Path WORK = Path.of("target/secure-it").toAbsolutePath();
    private static final String DATABASE = "encodeflow_it_secure";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Map<String, String> env;

    @BeforeAll
    static void prepare() throws Exception {
        FaultDatabase.deleteRecursively(WORK);
        Files.createDirectories(WORK.resolve("in"));
        Files.createDirectories(WORK.resolve("logs"));
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres",
                "postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + DATABASE);
        }
        env = new HashMap<>(Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/" + DATABASE,
                "QUARKUS_DATASOURCE_USERNAME", "postgres",
                "QUARKUS_DATASOURCE_PASSWORD", "postgres",
                "MEDIA_INPUT_ROOTS", WORK.resolve("in").toString(),
                "MEDIA_OUTPUT_ROOT", WORK.resolve("out").toString(),
                "RULES_DIR", Path.of("rules").toAbsolutePath().toString()));
    }

    @Test
    void withoutAKeyItListensOnLoopbackOnlyAndServesLocalRequests() throws Exception {
        ServiceProcess service = new ServiceProcess("no-key", FaultDatabase.freePort(), env, WORK.resolve("logs"));
        service.start();
        try {
            assertThat(get(service.url() + "/api/v1/rules", null).statusCode()).isEqualTo(200);
            Optional<InetAddress> outside = nonLoopbackAddress();
            if (outside.isPresent()) {
                int port = URI.create(service.url()).getPort();
                assertThatThrownBy(() -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress(outside.get(), port), 2000);
                    }
                }).as("reachable on " + outside.get()).isInstanceOf(IOException.class);
            }
        } finally {
            service.terminate();
        }
    }

    @Test
    void withoutAKeyItRefusesToListenElsewhereAndSaysHow() throws Exception {
        Map<String, String> exposed = new HashMap<>(env);
        exposed.put("QUARKUS_HTTP_HOST", "0.0.0.0");
        ServiceProcess service = new ServiceProcess("exposed-no-key", FaultDatabase.freePort(), exposed,
                WORK.resolve("logs"));
        assertThatThrownBy(service::start).hasMessageContaining("exited during start");
        assertThat(service.logText()).contains("Refusing to listen on 0.0.0.0 without authentication")
                .contains("MP_JWT_VERIFY_PUBLICKEY_LOCATION");
    }

    @Test
    void withTheDocumentedKeysATokenFromTheDocumentedScriptWorks() throws Exception {
        Path keys = WORK.resolve("keys");
        run(List.of("docs/examples/jwt-keys.sh", keys.toString()));
        String issuer = "https://auth.encodeflow.test";
        Map<String, String> secured = new HashMap<>(env);
        secured.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", keys.resolve("public.pem").toString());
        secured.put("MP_JWT_VERIFY_ISSUER", issuer);
        secured.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        ServiceProcess service = new ServiceProcess("keys", FaultDatabase.freePort(), secured, WORK.resolve("logs"));
        service.start();
        try {
            String viewer = run(List.of("docs/examples/jwt-token.sh", keys.resolve("private.pem").toString(), issuer,
                    "it", "viewer", "300")).strip();
            assertThat(get(service.url() + "/api/v1/rules", null).statusCode()).isEqualTo(401);
            assertThat(get(service.url() + "/api/v1/rules", viewer).statusCode()).isEqualTo(200);
            HttpResponse<String> reload = HTTP.send(HttpRequest.newBuilder(URI.create(service.url()
                    + "/api/v1/rules/reload")).header("Authorization", "Bearer " + viewer)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(reload.statusCode()).isEqualTo(403);
            assertThat(get(service.url() + "/q/health/live", null).statusCode()).isEqualTo(200);
        } finally {
            service.terminate();
        }
    }

    private static HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
        return out;
    }
}
