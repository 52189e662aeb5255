package dev.encodeflow.reuse;

import dev.encodeflow.media.MediaConfig;
import dev.encodeflow.media.MediaLayout;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Results addressed by {@link ReuseKey}, shared by every instance through PostgreSQL and the
 * output root. A file result lives in the store folder as a hard link to the file first produced;
 * a reuse links it again under the reusing task's own work name. Files are never rewritten in
 * place (every producer writes a temporary name and renames), so the links stay what was stored.
 * The store is an optimisation: a database or file error on lookup is a miss and on keeping is
 * a warning, never a failed task.
 */
@ApplicationScoped
public class ReuseStore {

    private static final Logger LOG = Logger.getLogger(ReuseStore.class);
    /** The store folder under the output root. */
    public static final String FOLDER = ".reuse";

    private final AgroalDataSource dataSource;
    private final MediaLayout layout;
    private final boolean enabled;
    private final Clock clock;

    ReuseStore(AgroalDataSource dataSource, MediaConfig media, ReuseConfig config, Clock clock) {
        this.dataSource = dataSource;
        this.layout = new MediaLayout(Path.of(media.outputRoot()));
        this.enabled = config.enabled();
        this.clock = clock;
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * Puts the stored file of {@code key} at {@code target} (a link, else a copy) and counts the
     * use; false when there is none, when its file is gone or has another size than stored (the
     * entry is then dropped), or when reuse is off.
     */
    public boolean fetch(ReuseKey key, Path target) {
        if (!enabled) {
            return false;
        }
        Entry entry = use(key);
        if (entry == null || entry.file() == null) {
            return false;
        }
        Path stored = layout.absolute(entry.file());
        try {
            if (Files.size(stored) != entry.bytes()) {
                LOG.warnf("Stored result %s has %d bytes, %d were stored: dropped", key.hex(), Files.size(stored),
                        entry.bytes());
                forget(key);
                return false;
            }
            Files.createDirectories(target.getParent());
            Path temporary = MediaLayout.temporary(target);
            Files.deleteIfExists(temporary);
            link(stored, temporary);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (NoSuchFileException e) {
            // Collected between the lookup and the link: a miss like any other.
            forget(key);
            return false;
        } catch (IOException e) {
            LOG.warnf("Cannot reuse stored result %s: %s", key.hex(), e.toString());
            return false;
        }
    }

    /** The stored non-file result of {@code key} (a probe), counting the use. */
    public Optional<String> result(ReuseKey key) {
        if (!enabled) {
            return Optional.empty();
        }
        Entry entry = use(key);
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.result());
    }

    /**
     * Keeps {@code produced} as the result of {@code key}; with {@code replace} (a forced
     * re-encode) it takes the place of the one kept before, else the first one kept stays.
     */
    public void keep(ReuseKey key, Path produced, String encoder, boolean replace) {
        if (!enabled) {
            return;
        }
        String name = produced.getFileName().toString();
        String extension = name.substring(name.lastIndexOf('.'));
        String file = FOLDER + "/" + key.kind() + "/" + key.hex().substring(0, 2) + "/" + key.hex() + extension;
        Path stored = layout.absolute(file);
        try {
            Files.createDirectories(stored.getParent());
            if (replace) {
                // A reader links either the old file or the new one, both whole.
                Path temporary = MediaLayout.temporary(stored);
                Files.deleteIfExists(temporary);
                link(produced, temporary);
                Files.move(temporary, stored, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                link(produced, stored);
            }
            // The file first, then the row: a row never points at nothing; a crash between the
            // two leaves a file without a row, which the collector removes.
            insert(key, file, Files.size(stored), null, encoder, replace);
        } catch (FileAlreadyExistsException e) {
            // The same result kept by another run a moment ago: its row follows (or exists).
            insertQuietly(key, file, stored, encoder);
        } catch (IOException | SQLException e) {
            LOG.warnf("Cannot keep result %s for reuse: %s", key.hex(), e.toString());
        }
    }

    /** Keeps a result that is not a file (a probe's JSON). */
    public void keepResult(ReuseKey key, String result, String encoder) {
        if (!enabled) {
            return;
        }
        try {
            insert(key, null, 0, result, encoder, false);
        } catch (SQLException e) {
            LOG.warnf("Cannot keep result %s for reuse: %s", key.hex(), e.toString());
        }
    }

    private void insertQuietly(ReuseKey key, String file, Path stored, String encoder) {
        try {
            insert(key, file, Files.size(stored), null, encoder, false);
        } catch (IOException | SQLException e) {
            LOG.warnf("Cannot keep result %s for reuse: %s", key.hex(), e.toString());
        }
    }

    private static void link(Path existing, Path link) throws IOException {
        try {
            Files.createLink(link, existing);
        } catch (FileAlreadyExistsException | NoSuchFileException e) {
            throw e;
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
            // A file system without hard links: a copy costs space, not correctness.
            Files.copy(existing, link, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    private record Entry(String file, long bytes, String result) {
    }

    private Entry use(ReuseKey key) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("""
                     UPDATE reuse_entry SET last_used_at = ?, uses = uses + 1 WHERE key = ? AND kind = ?
                     RETURNING file, bytes, result""")) {
            update.setTimestamp(1, Timestamp.from(clock.instant()));
            update.setString(2, key.hex());
            update.setString(3, key.kind());
            try (ResultSet row = update.executeQuery()) {
                return row.next() ? new Entry(row.getString(1), row.getLong(2), row.getString(3)) : null;
            }
        } catch (SQLException e) {
            LOG.warnf("Reuse lookup failed (the work is done instead): %s", e.getMessage());
            return null;
        }
    }

    private void insert(ReuseKey key, String file, long bytes, String result, String encoder, boolean replace)
            throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO reuse_entry (key, kind, file, bytes, result, encoder, created_at, last_used_at)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO\s""" + (replace ? """
                     UPDATE SET file = EXCLUDED.file, bytes = EXCLUDED.bytes, result = EXCLUDED.result,
                         encoder = EXCLUDED.encoder, created_at = EXCLUDED.created_at, last_used_at = EXCLUDED.last_used_at
                     """ : "NOTHING"))) {
            Timestamp now = Timestamp.from(clock.instant());
            insert.setString(1, key.hex());
            insert.setString(2, key.kind());
            insert.setString(3, file);
            insert.setLong(4, bytes);
            insert.setString(5, result);
            insert.setString(6, encoder);
            insert.setTimestamp(7, now);
            insert.setTimestamp(8, now);
            insert.executeUpdate();
        }
    }

    private void forget(ReuseKey key) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM reuse_entry WHERE key = ?")) {
            delete.setString(1, key.hex());
            delete.executeUpdate();
        } catch (SQLException e) {
            LOG.warnf("Cannot drop stored result %s: %s", key.hex(), e.getMessage());
        }
    }
}
