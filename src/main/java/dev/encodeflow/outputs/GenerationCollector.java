package dev.encodeflow.outputs;

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
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Removes the kept files of superseded generations beyond {@code outputs.keep-previous} per
 * rendition or older than {@code outputs.keep-previous-for}. The published file is never a
 * candidate (only superseded rows are), and a kept file is a link of its own: removing it takes
 * nothing from the published output, a package or a reuse entry. One instance at a time.
 */
@ApplicationScoped
public class GenerationCollector {

    private static final Logger LOG = Logger.getLogger(GenerationCollector.class);
    /** pg_try_advisory_lock key: "gens-gc". */
    private static final long LOCK = 0x67656e732d6763L;

    private final AgroalDataSource dataSource;
    private final OutputsConfig config;
    private final InstanceRoles roles;
    private final Clock clock;
    private final Path root;

    GenerationCollector(AgroalDataSource dataSource, OutputsConfig config, InstanceRoles roles, Clock clock,
            MediaConfig media) {
        this.dataSource = dataSource;
        this.config = config;
        this.roles = roles;
        this.clock = clock;
        this.root = Path.of(media.outputRoot()).toAbsolutePath().normalize();
    }

    @Scheduled(every = "${outputs.collect-interval:PT1H}", delayed = "PT3M",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void periodic() {
        if (!roles.has(InstanceRoles.WORKERS)) {
            return;
        }
        try {
            int removed = collect(clock.instant());
            if (removed > 0) {
                LOG.infof("Removed %d superseded output generations past their retention", removed);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("Collecting superseded outputs failed (next run retries): %s", e.toString());
        }
    }

    /** One collection as of {@code now}: how many kept files were removed; -1 when another instance collects. */
    public int collect(Instant now) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            Integer removed = dev.encodeflow.db.AdvisoryLock.<Integer, RuntimeException>ifFree(connection, LOCK,
                    locked -> removeExpired(locked, now));
            return removed == null ? -1 : removed;
        }
    }

    private int removeExpired(Connection connection, Instant now) throws SQLException {
        int removed = 0;
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT asset_id, rendition, generation, kept_path FROM (
                    SELECT asset_id, rendition, generation, kept_path, superseded_at,
                           row_number() OVER (PARTITION BY asset_id, rendition ORDER BY generation DESC) AS newest
                    FROM output_generation WHERE superseded_at IS NOT NULL AND removed_at IS NULL) kept
                WHERE newest > ? OR superseded_at < ?
                LIMIT 10000""");
                PreparedStatement mark = connection.prepareStatement("""
                        UPDATE output_generation SET removed_at = ?
                        WHERE asset_id = ? AND rendition = ? AND generation = ?""")) {
            select.setInt(1, Math.max(0, config.keepPrevious()));
            select.setTimestamp(2, Timestamp.from(now.minus(config.keepPreviousFor())));
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    String kept = row.getString(4);
                    if (kept != null && !delete(kept)) {
                        continue;
                    }
                    mark.setTimestamp(1, Timestamp.from(now));
                    mark.setString(2, row.getString(1));
                    mark.setString(3, row.getString(2));
                    mark.setInt(4, row.getInt(3));
                    mark.executeUpdate();
                    removed++;
                }
            }
        }
        return removed;
    }

    /** Deletes a kept file (gone already counts); false when it could not be deleted (retried next run). */
    private boolean delete(String relative) {
        Path file = root.resolve(relative).normalize();
        if (!file.startsWith(root)) {
            return true;
        }
        try {
            Files.deleteIfExists(file);
            return true;
        } catch (IOException e) {
            LOG.warnf("Could not remove the superseded output %s: %s", relative, e.toString());
            return false;
        }
    }
}
