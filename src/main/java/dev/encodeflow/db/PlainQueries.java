package dev.encodeflow.db;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Single statements in autocommit, outside any transaction: the idle loops' "is there work?"
 * looks, which run every poll interval and should cost one round trip, not a transaction.
 */
@ApplicationScoped
public class PlainQueries {

    private final AgroalDataSource dataSource;

    PlainQueries(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Whether {@code sql} (a query whose first column is a boolean, such as
     * {@code SELECT EXISTS (...)}) answers true. A database error counts as "maybe": the caller
     * then does its real work, which reports the error.
     */
    public boolean maybe(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = query.executeQuery()) {
                return !row.next() || row.getBoolean(1);
            }
        } catch (SQLException e) {
            return true;
        }
    }

    /** Every row of a query (read-only reports: metrics), each as its columns. */
    public java.util.List<Object[]> rows(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            return read(query.executeQuery());
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** One write in autocommit; how many rows it changed. */
    public int update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static java.util.List<Object[]> read(ResultSet row) throws SQLException {
        try (row) {
            int columns = row.getMetaData().getColumnCount();
            java.util.List<Object[]> rows = new java.util.ArrayList<>();
            while (row.next()) {
                Object[] values = new Object[columns];
                for (int i = 0; i < columns; i++) {
                    values[i] = row.getObject(i + 1);
                }
                rows.add(values);
            }
            return rows;
        }
    }
}
