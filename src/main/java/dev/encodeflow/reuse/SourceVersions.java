package dev.encodeflow.reuse;

import dev.encodeflow.media.SourceIdentities;
import dev.encodeflow.model.SourceIdentity;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * A source file's identity with its content hash, hashed once per file version: a file whose
 * path, inode, size and times match a version hashed before gets that hash back (the same trust
 * {@link SourceIdentities#verify} puts in a stat). Hashing a large mezzanine reads all of it.
 */
@ApplicationScoped
public class SourceVersions {

    private static final Logger LOG = Logger.getLogger(SourceVersions.class);

    private final AgroalDataSource dataSource;
    private final Clock clock;
    private final boolean enabled;

    SourceVersions(AgroalDataSource dataSource, Clock clock, ReuseConfig config) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.enabled = config.enabled();
    }

    /** The identity of {@code file} (named {@code source} in the asset), hashing it only when new. */
    public SourceIdentity identify(String source, Path file) throws IOException, SourceIdentities.Changed {
        if (enabled) {
            SourceIdentity stat = SourceIdentities.stat(file);
            String known = known(source, stat);
            if (known != null) {
                return new SourceIdentity(stat.size(), stat.modifiedNanos(), stat.changedNanos(), stat.inode(), known);
            }
        }
        SourceIdentity taken = SourceIdentities.take(file);
        if (enabled) {
            remember(source, taken);
        }
        return taken;
    }

    private String known(String source, SourceIdentity stat) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("""
                     SELECT sha256 FROM source_version
                     WHERE path = ? AND inode = ? AND size = ? AND modified_ns = ? AND changed_ns = ?""")) {
            bind(query, source, stat);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        } catch (SQLException e) {
            LOG.warnf("Source version lookup failed (the file is hashed instead): %s", e.getMessage());
            return null;
        }
    }

    private void remember(String source, SourceIdentity taken) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO source_version (path, inode, size, modified_ns, changed_ns, sha256, seen_at)
                     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
            bind(insert, source, taken);
            insert.setString(6, taken.sha256());
            insert.setTimestamp(7, Timestamp.from(clock.instant()));
            insert.executeUpdate();
        } catch (SQLException e) {
            LOG.warnf("Cannot remember the hash of %s: %s", source, e.getMessage());
        }
    }

    private static void bind(PreparedStatement statement, String source, SourceIdentity stat) throws SQLException {
        statement.setString(1, source);
        statement.setLong(2, stat.inode());
        statement.setLong(3, stat.size());
        statement.setLong(4, stat.modifiedNanos());
        statement.setLong(5, stat.changedNanos());
    }
}
