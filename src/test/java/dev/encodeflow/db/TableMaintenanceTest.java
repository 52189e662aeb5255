package dev.encodeflow.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.encodeflow.model.TaskType;
import dev.encodeflow.queue.NewTask;
import dev.encodeflow.queue.TaskQueue;
import dev.encodeflow.support.TestAssets;
import dev.encodeflow.support.WorkersOff;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A churning table past the threshold is vacuumed and analyzed; one below it is left alone. */
@QuarkusTest
@TestProfile(WorkersOff.class)
class TableMaintenanceTest {

    @Inject
    TableMaintenance maintenance;

    @Inject
    EntityManager em;

    @Inject
    TaskQueue queue;

    @Test
    void aTableWithEnoughDeadRowsIsVacuumed() throws Exception {
        String asset = "vacuum-" + UUID.randomUUID().toString().substring(0, 8);
        QuarkusTransaction.requiringNew().run(() -> TestAssets.insert(em, asset, "ENCODING"));
        // 300 tasks cancelled: 300 dead row versions in task (a state change is never a HOT update).
        QuarkusTransaction.requiringNew().run(() -> {
            queue.enqueue(asset, 50, "v", Instant.now(), IntStream.range(0, 300).mapToObj(i -> new NewTask(
                    TaskType.ENCODE_CHUNK, asset + "/" + i, "r", i, 0, "{}", 3, 1, "test")).toList());
        });
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE task SET state = 'CANCELLED', finished_at = now() WHERE asset_id = :id")
                .setParameter("id", asset).executeUpdate());
        assertThat(maintenance.vacuumDue(Long.MAX_VALUE)).as("nothing is past an unreachable threshold").isEmpty();

        // Statistics reach pg_stat_user_tables within about a second.
        List<String> vacuumed = List.of();
        for (int i = 0; i < 50 && !vacuumed.contains("task"); i++) {
            Thread.sleep(100);
            vacuumed = maintenance.vacuumDue(250);
        }
        assertThat(vacuumed).contains("task");
        Object[] stats = (Object[]) QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                SELECT last_vacuum IS NOT NULL, last_analyze IS NOT NULL FROM pg_stat_user_tables
                WHERE relname = 'task' AND schemaname = current_schema()""").getSingleResult());
        assertThat(stats).containsExactly(true, true);
    }
}
