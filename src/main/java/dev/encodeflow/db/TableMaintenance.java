package dev.encodeflow.db;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Vacuums and analyzes the tables that churn (every task is updated twice, every fact moves a
 * counter and a marker) once they hold {@code maintenance.dead-rows} dead rows, instead of
 * relying on autovacuum being on and tuned for a queue. Without it a busy queue table grows with
 * dead row versions that every claim and completion walks past, and its statistics go stale
 * until the planner picks the wrong index (both seen in B3, docs/benchmarks.md). Where
 * autovacuum keeps up, the threshold is rarely reached and this does nothing.
 */
@ApplicationScoped
public class TableMaintenance {

    private static final Logger LOG = Logger.getLogger(TableMaintenance.class);
    /** The tables whose rows are updated in the hot path. */
    static final Set<String> CHURNING = Set.of("task", "asset", "asset_log", "evaluation_pending", "rendition");

    private final AgroalDataSource dataSource;
    private final MaintenanceConfig config;

    TableMaintenance(AgroalDataSource dataSource, MaintenanceConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    @Scheduled(every = "${maintenance.interval:PT15S}", delayed = "${maintenance.interval:PT15S}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        if (!config.vacuum()) {
            return;
        }
        try {
            vacuumDue(config.deadRows());
        } catch (SQLException e) {
            LOG.debugf("Table maintenance skipped: %s", e.getMessage());
        }
    }

    /** Vacuums (and analyzes) every churning table with at least {@code deadRows} dead rows; returns their names. */
    public List<String> vacuumDue(long deadRows) throws SQLException {
        List<String> vacuumed = new ArrayList<>();
        // VACUUM cannot run in a transaction: a connection of its own, in autocommit.
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            List<String> due = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("""
                    SELECT relname FROM pg_stat_user_tables
                    WHERE schemaname = current_schema() AND relname = ANY(?) AND n_dead_tup >= ?""")) {
                query.setArray(1, connection.createArrayOf("text", CHURNING.toArray()));
                query.setLong(2, deadRows);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        due.add(rows.getString(1));
                    }
                }
            }
            for (String table : due) {
                long started = System.nanoTime();
                try (Statement vacuum = connection.createStatement()) {
                    // The name comes from the fixed set above, never from input.
                    vacuum.execute("VACUUM (ANALYZE) " + table);
                }
                vacuumed.add(table);
                LOG.debugf("Vacuumed %s in %d ms", table, (System.nanoTime() - started) / 1_000_000);
            }
        }
        return vacuumed;
    }
}
