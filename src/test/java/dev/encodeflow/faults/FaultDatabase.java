package dev.encodeflow.faults;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A PostgreSQL of the fault suite's own, so it can be stopped and started without disturbing
 * anything else: same data directory and port across restarts, like a real server restart.
 */
final class FaultDatabase implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres postgres;

    FaultDatabase(Path dataDir) throws IOException {
        this.dataDir = dataDir;
        this.port = freePort();
        deleteRecursively(dataDir);
        Files.createDirectories(dataDir);
        start();
    }

    void start() throws IOException {
        postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port)
                .start();
    }

    void stop() throws IOException {
        postgres.close();
        postgres = null;
    }

    String url() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), "postgres", "postgres");
    }

    @Override
    public void close() throws IOException {
        if (postgres != null) {
            stop();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
