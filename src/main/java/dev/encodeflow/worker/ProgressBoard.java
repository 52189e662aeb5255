package dev.encodeflow.worker;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Publishes this instance's live ffmpeg progress (frames, fps, speed, percent of each running
 * encode) to the {@code task_progress} table, so that the Workers view of any instance shows the
 * whole fleet. One autocommit statement per interval, only while something runs or was shown:
 * it replaces this owner's rows and drops rows nobody refreshed for ten minutes (an instance
 * that died). Progress is a view, never a decision: a failed write is logged and skipped.
 */
@ApplicationScoped
public class ProgressBoard {

    private static final Logger LOG = Logger.getLogger(ProgressBoard.class);

    private final WorkerPool pool;
    private final InstanceId instance;
    private final AgroalDataSource dataSource;
    private volatile boolean shown;

    ProgressBoard(WorkerPool pool, InstanceId instance, AgroalDataSource dataSource) {
        this.pool = pool;
        this.instance = instance;
        this.dataSource = dataSource;
    }

    @Scheduled(every = "${workers.progress-interval:PT2S}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void publish() {
        Map<Long, TaskProgress> progress = pool.progress();
        if (progress.isEmpty() && !shown) {
            return;
        }
        try {
            write(progress);
            shown = !progress.isEmpty();
        } catch (SQLException e) {
            LOG.debugf("Could not publish task progress: %s", e.getMessage());
        }
    }

    private void write(Map<Long, TaskProgress> progress) throws SQLException {
        List<Long> ids = new ArrayList<>(progress.keySet());
        ids.sort(null);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     WITH gone AS (
                         DELETE FROM task_progress
                         WHERE NOT (task_id = ANY(?::bigint[]))
                           AND (owner = ? OR updated_at < now() - interval '10 minutes'))
                     INSERT INTO task_progress (task_id, owner, frame, fps, speed, percent, updated_at)
                     SELECT p.id, ?, p.frame, p.fps, p.speed, p.percent, now()
                     FROM unnest(?::bigint[], ?::bigint[], ?::float8[], ?::float8[], ?::float8[])
                          AS p(id, frame, fps, speed, percent)
                     ON CONFLICT (task_id) DO UPDATE
                         SET owner = EXCLUDED.owner, frame = EXCLUDED.frame, fps = EXCLUDED.fps,
                             speed = EXCLUDED.speed, percent = EXCLUDED.percent, updated_at = EXCLUDED.updated_at""")) {
            Object[] idArray = ids.toArray();
            statement.setArray(1, connection.createArrayOf("int8", idArray));
            statement.setString(2, instance.value());
            statement.setString(3, instance.value());
            statement.setArray(4, connection.createArrayOf("int8", idArray));
            statement.setArray(5, connection.createArrayOf("int8",
                    ids.stream().map(id -> progress.get(id).progress().frame()).toArray()));
            statement.setArray(6, connection.createArrayOf("float8",
                    ids.stream().map(id -> progress.get(id).progress().fps()).toArray()));
            statement.setArray(7, connection.createArrayOf("float8",
                    ids.stream().map(id -> progress.get(id).progress().speed()).toArray()));
            statement.setArray(8, connection.createArrayOf("float8",
                    ids.stream().map(id -> progress.get(id).percent()).toArray()));
            statement.executeUpdate();
        }
    }
}
