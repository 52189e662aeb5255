package dev.encodeflow.support;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * OpenTelemetry on, exporting over OTLP (HTTP, protobuf, uncompressed) to a receiver on a fixed
 * local port that appends every request body to {@link #RECEIVED}. The profile class is loaded by
 * two class loaders; whichever binds the port first receives, and the test reads the file.
 */
public class TracingOn implements QuarkusTestProfile {

    public static final int PORT = 43187;
    public static final Path RECEIVED = Path.of("target/otlp/received.bin").toAbsolutePath();

    static {
        try {
            Files.createDirectories(RECEIVED.getParent());
            Files.deleteIfExists(RECEIVED);
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 0);
            server.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                synchronized (TracingOn.class) {
                    Files.write(RECEIVED, body, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
        } catch (BindException e) {
            // The other class loader's copy receives.
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.otel.sdk.disabled", "false",
                "quarkus.otel.exporter.otlp.traces.endpoint", "http://127.0.0.1:" + PORT,
                "quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf",
                "quarkus.otel.exporter.otlp.traces.compression", "none",
                "quarkus.otel.bsp.schedule.delay", "PT0.2S");
    }
}
