package dev.encodeflow.reuse;

import dev.encodeflow.cluster.InstanceRoles;
import dev.encodeflow.media.MediaConfig;
import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Keeps the reuse store within its retention ({@code reuse.retention}, {@code reuse.max-store-gb}).
 * Removing an entry removes the row, then the store's link: every rendition, package and running
 * task holds its own link to the same data (ReuseStore), so what they need stays on disk whatever
 * is collected; a reuse racing the removal finds no file and encodes instead. Store files without
 * a row for a day (a crash between link and insert) go too. One instance collects at a time.
 */
@ApplicationScoped
public class ReuseCollector {

    private static final Logger LOG = Logger.getLogger(ReuseCollector.class);
    /** pg_try_advisory_lock key: "reuse-gc". */
    private static final long LOCK = 0x7265757365676cL;
    private static final Pattern STORE_FILE = Pattern.compile("[0-9a-f]{64}\\.[a-z0-9]{1,5}");
    private static final Duration ORPHAN_AGE = Duration.ofDays(1);

    /** What one collection removed. */
    public record Collected(int expired, int overSize, int orphans, long bytes) {
    }

    private final AgroalDataSource dataSource;
    private final ReuseConfig config;
    private final InstanceRoles roles;
    private final Clock clock;
    private final Path root;

    ReuseCollector(AgroalDataSource dataSource, ReuseConfig config, InstanceRoles roles, Clock clock,
            MediaConfig media) {
        this.dataSource = dataSource;
        this.config = config;
        this.roles = roles;
        this.clock = clock;
        this.root = Path.of(media.outputRoot()).toAbsolutePath().normalize();
    }

    @Scheduled(every = "${reuse.collect-interval:PT1H}", delayed = "PT2M",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void periodic() {
        if (!roles.has(InstanceRoles.WORKERS) || !config.enabled()) {
            return;
        }
        try {
            Collected collected = collect(clock.instant());
            if (collected != null && collected.expired() + collected.overSize() + collected.orphans() > 0) {
                LOG.infof("Reuse store: removed %d expired and %d least recently used entries and %d orphan files "
                        + "(%d MB)", collected.expired(), collected.overSize(), collected.orphans(),
                        collected.bytes() >> 20);
            }
        } catch (SQLException | IOException | RuntimeException e) {
            LOG.warnf("Reuse store collection failed (next run retries): %s", e.toString());
        }
    }

    /** One collection as of {@code now}; null when another instance is collecting. */
    public Collected collect(Instant now) throws SQLException, IOException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            return dev.encodeflow.db.AdvisoryLock.<Collected, IOException>ifFree(connection, LOCK, locked -> {
                List<Removed> expired = delete(locked, """
                        DELETE FROM reuse_entry WHERE last_used_at < ? RETURNING file, bytes""",
                        Timestamp.from(now.minus(config.retention())));
                List<Removed> over = config.maxStoreGb() > 0 ? deleteOverSize(locked) : List.of();
                long bytes = 0;
                for (Removed removed : concat(expired, over)) {
                    bytes += removed.bytes();
                    if (removed.file() != null) {
                        Files.deleteIfExists(root.resolve(removed.file()));
                    }
                }
                int orphans = removeOrphans(locked, now);
                return new Collected(expired.size(), over.size(), orphans, bytes);
            });
        }
    }

    private record Removed(String file, long bytes) {
    }

    /** The least recently used entries beyond the size limit, oldest use first. */
    private List<Removed> deleteOverSize(Connection connection) throws SQLException {
        long limit = (long) (config.maxStoreGb() * (1L << 30));
        return delete(connection, """
                DELETE FROM reuse_entry WHERE key IN (
                    SELECT key FROM (
                        SELECT key, SUM(bytes) OVER (ORDER BY last_used_at DESC, key) AS kept FROM reuse_entry) ranked
                    WHERE kept > ?)
                RETURNING file, bytes""", limit);
    }

    private static List<Removed> delete(Connection connection, String sql, Object parameter) throws SQLException {
        List<Removed> removed = new ArrayList<>();
        try (PreparedStatement delete = connection.prepareStatement(sql)) {
            delete.setObject(1, parameter);
            try (ResultSet rows = delete.executeQuery()) {
                while (rows.next()) {
                    removed.add(new Removed(rows.getString(1), rows.getLong(2)));
                }
            }
        }
        return removed;
    }

    /** Store files with no row, last modified more than a day ago. */
    private int removeOrphans(Connection connection, Instant now) throws SQLException, IOException {
        Path store = root.resolve(ReuseStore.FOLDER);
        if (!Files.isDirectory(store)) {
            return 0;
        }
        Set<String> known = new HashSet<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT file FROM reuse_entry WHERE file IS NOT NULL");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                known.add(rows.getString(1));
            }
        }
        int removed = 0;
        try (Stream<Path> files = Files.walk(store, 3)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String relative = root.relativize(file).toString();
                if (STORE_FILE.matcher(file.getFileName().toString()).matches() && !known.contains(relative)
                        && Files.getLastModifiedTime(file).toInstant().isBefore(now.minus(ORPHAN_AGE))) {
                    Files.deleteIfExists(file);
                    removed++;
                }
            }
        }
        return removed;
    }

    private static List<Removed> concat(List<Removed> a, List<Removed> b) {
        List<Removed> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
