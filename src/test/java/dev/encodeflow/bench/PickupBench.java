package dev.encodeflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.encodeflow.model.AssetState;
import dev.encodeflow.model.TaskType;
import dev.encodeflow.queue.NewTask;
import dev.encodeflow.queue.TaskQueue;
import dev.encodeflow.support.SimulatedPool;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * B2, second half: pickup latency, from a task's enqueue (its transaction's commit) to its claim
 * by an idle worker pool of the same instance, which is woken by the commit instead of polling.
 */
@QuarkusTest
@TestProfile(SimulatedPool.class)
class PickupBench {

    static final int TASKS = 500;
    static final String ASSET = "bench-pickup";

    @Inject
    TaskQueue queue;

    @Inject
    EntityManager em;

    @Test
    void pickupLatency() throws Exception {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                INSERT INTO asset (id, state, priority, source, request, request_hash, created_at, updated_at)
                VALUES (:id, 'ENCODING', 50, 'x', '{}', 'h', now(), now()) ON CONFLICT DO NOTHING""")
                .setParameter("id", ASSET).executeUpdate());
        String event = "{\"event\": {\"type\": \"AssetCompleted\", \"assetId\": \"" + ASSET + "\", \"state\": \""
                + AssetState.COMPLETE + "\", \"renditions\": []}}";
        List<Double> latencies = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            String key = ASSET + "/" + System.nanoTime();
            QuarkusTransaction.requiringNew().run(() -> queue.enqueue(ASSET, 50, "bench", Instant.now(),
                    List.of(new NewTask(TaskType.NOTIFY, key, null, null, null, event, 3, 1, "bench"))));
            Thread.sleep(10 + (i % 7) * 3);
        }
        Thread.sleep(1000);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                SELECT created_at, started_at FROM task WHERE asset_id = :a AND state = 'SUCCEEDED'""")
                .setParameter("a", ASSET).getResultList());
        for (Object[] row : rows) {
            latencies.add(java.time.Duration.between(instant(row[0]), instant(row[1])).toNanos() / 1e6);
        }
        double p50 = Stats.percentile(latencies, 50);
        double p99 = Stats.percentile(latencies, 99);
        new BenchReport("b2-pickup", "B2: pickup latency")
                .line("An idle pool of 2 slots; " + TASKS + " tasks enqueued one at a time, 10 to 28 ms apart; latency "
                        + "is the task's claim time minus its enqueue time (both from the service's clock).")
                .line("")
                .line("| tasks | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) |")
                .line("| ---: | ---: | ---: | ---: | ---: |")
                .line(String.format(Locale.ROOT, "| %d | %.2f | %.2f | %.2f | %.2f |", latencies.size(), p50,
                        Stats.percentile(latencies, 90), p99, Stats.percentile(latencies, 100)))
                .line("")
                .line("Goal: p50 ≤ 5 ms, p99 ≤ 20 ms. Within one instance the commit wakes the pool; other "
                        + "instances see new work at their next poll (`workers.poll`, 1 s).")
                .write();
        assertThat(latencies).hasSize(TASKS);
        assertThat(p50).isLessThanOrEqualTo(5);
        assertThat(p99).isLessThanOrEqualTo(20);
    }

    private static Instant instant(Object value) {
        return value instanceof Timestamp t ? t.toInstant() : value instanceof Instant i ? i
                : ((java.time.OffsetDateTime) value).toInstant();
    }
}
