package dev.encodeflow.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A PostgreSQL session advisory lock around a piece of housekeeping, so that one instance of a
 * fleet does it at a time: taken without waiting, released when the work ends (or with the
 * session, if the instance dies).
 */
public final class AdvisoryLock {

    /** Work done on the locked connection. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run(Connection connection) throws SQLException, E;
    }

    private AdvisoryLock() {
    }

    /** Runs {@code work} under lock {@code key} on {@code connection} (autocommit); null when another holds it. */
    public static <T, E extends Exception> T ifFree(Connection connection, long key, Work<T, E> work)
            throws SQLException, E {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            lock.setLong(1, key);
            try (ResultSet row = lock.executeQuery()) {
                if (!row.next() || !row.getBoolean(1)) {
                    return null;
                }
            }
        }
        try {
            return work.run(connection);
        } finally {
            try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                unlock.setLong(1, key);
                unlock.execute();
            }
        }
    }
}
