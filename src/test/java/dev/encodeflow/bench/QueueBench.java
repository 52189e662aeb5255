package dev.encodeflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.encodeflow.model.TaskType;
import dev.encodeflow.queue.ClaimedTask;
import dev.encodeflow.queue.NewTask;
import dev.encodeflow.queue.TaskQueue;
import dev.encodeflow.support.WorkersOff;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * B2: claim + complete cycles per second through the project's queue code (TaskQueue in
 * transactions, as the worker pool uses it) against a raw JDBC loop running the same two
 * statements on the same database, interleaved, two clients each.
 */
@QuarkusTest
@TestProfile(WorkersOff.class)
class QueueBench {

    static final int TASKS = 3000;
    static final int ROUNDS = 5;
    static final int CLIENTS = 2;
    static final String ASSET = "bench-queue";

    @Inject
    TaskQueue queue;

    @Inject
    EntityManager em;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void claimAndCompleteCyclesAgainstRawSql() throws Exception {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                INSERT INTO asset (id, state, priority, source, request, request_hash, created_at, updated_at)
                VALUES (:id, 'ENCODING', 50, 'x', '{}', 'h', now(), now()) ON CONFLICT DO NOTHING""")
                .setParameter("id", ASSET).executeUpdate());
        List<Double> project = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        run(this::projectLoop);
        run(this::rawLoop);
        for (int round = 0; round < ROUNDS; round++) {
            project.add(run(this::projectLoop));
            raw.add(run(this::rawLoop));
        }
        double p = Stats.median(project);
        double r = Stats.median(raw);
        new BenchReport("b2-queue", "B2: queue claim + complete")
                .line("Each cycle claims one task (`UPDATE … FOR UPDATE SKIP LOCKED … RETURNING`) and completes it "
                        + "(claim-checked `UPDATE`), each in its own transaction; " + CLIENTS + " clients, " + TASKS
                        + " tasks per run, " + ROUNDS + " interleaved runs each, medians.")
                .line("")
                .line("| loop | cycles/s (median) | runs |")
                .line("| --- | ---: | --- |")
                .line(String.format(Locale.ROOT, "| project (TaskQueue, Quarkus transactions) | %.0f | %s |", p, project))
                .line(String.format(Locale.ROOT, "| raw JDBC, same statements | %.0f | %s |", r, raw))
                .line("")
                .line(String.format(Locale.ROOT, "Ratio project / raw: **%.2f** (goal ≥ 0.5).", p / r))
                .write();
        assertThat(p / r).isGreaterThanOrEqualTo(0.5);
    }

    /** Enqueues a run's tasks, lets the loop drain them with two clients; returns cycles per second. */
    private double run(Callable<Integer> loop) throws Exception {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("DELETE FROM task WHERE asset_id = :a")
                .setParameter("a", ASSET).executeUpdate());
        List<NewTask> tasks = new ArrayList<>();
        String run = Long.toString(System.nanoTime());
        for (int i = 0; i < TASKS; i++) {
            tasks.add(new NewTask(TaskType.NOTIFY, ASSET + "/" + run + "/" + i, null, null, null, "{}", 3, 1, "bench"));
        }
        QuarkusTransaction.requiringNew().run(() -> queue.enqueue(ASSET, 50, "bench", Instant.now(), tasks));
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        long started = System.nanoTime();
        List<Future<Integer>> done = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            done.add(clients.submit(loop));
        }
        int cycles = 0;
        for (Future<Integer> f : done) {
            cycles += f.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        clients.shutdown();
        assertThat(cycles).isEqualTo(TASKS);
        return Math.round(cycles / seconds);
    }

    private int projectLoop() {
        int cycles = 0;
        String owner = "bench-" + Thread.currentThread().getId();
        while (true) {
            List<ClaimedTask> claimed = QuarkusTransaction.requiringNew().call(
                    () -> queue.claim(owner, 1, 1, Instant.now(), Duration.ofMinutes(5))).tasks();
            if (claimed.isEmpty()) {
                return cycles;
            }
            ClaimedTask task = claimed.get(0);
            boolean completed = QuarkusTransaction.requiringNew().call(() -> queue.complete(task, Instant.now()));
            cycles += completed ? 1 : 0;
        }
    }

    private int rawLoop() throws Exception {
        int cycles = 0;
        String owner = "raw-" + Thread.currentThread().getId();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement claim = c.prepareStatement("""
                    WITH head AS (
                        SELECT id, priority, fair_tag, LEAST(slots, ?) AS cost FROM task WHERE state = 'QUEUED'
                        ORDER BY priority DESC, fair_tag, id LIMIT ? FOR UPDATE SKIP LOCKED),
                    fitting AS (
                        SELECT id FROM (SELECT id, sum(cost) OVER (ORDER BY priority DESC, fair_tag, id) AS total
                                        FROM head) h
                        WHERE total <= ?)
                    UPDATE task t
                    SET state = 'RUNNING', attempts = t.attempts + 1, lease_owner = ?, lease_expires_at = ?,
                        started_at = ?
                    FROM fitting WHERE t.id = fitting.id
                    RETURNING t.id, t.attempts,
                              (SELECT NOT EXISTS (SELECT 1 FROM task q WHERE q.state = 'QUEUED'
                                                    AND q.id NOT IN (SELECT id FROM fitting)))""");
                 PreparedStatement complete = c.prepareStatement("""
                    UPDATE task SET state = 'SUCCEEDED', finished_at = ?, lease_owner = NULL, lease_expires_at = NULL
                    WHERE id = ? AND state = 'RUNNING' AND lease_owner = ? AND attempts = ?""")) {
                while (true) {
                    Timestamp now = Timestamp.from(Instant.now());
                    claim.setInt(1, 1);
                    claim.setInt(2, 1);
                    claim.setInt(3, 1);
                    claim.setString(4, owner);
                    claim.setTimestamp(5, Timestamp.from(Instant.now().plusSeconds(300)));
                    claim.setTimestamp(6, now);
                    long id;
                    int attempt;
                    try (ResultSet rows = claim.executeQuery()) {
                        if (!rows.next()) {
                            c.commit();
                            return cycles;
                        }
                        id = rows.getLong(1);
                        attempt = rows.getInt(2);
                    }
                    c.commit();
                    complete.setTimestamp(1, Timestamp.from(Instant.now()));
                    complete.setLong(2, id);
                    complete.setString(3, owner);
                    complete.setInt(4, attempt);
                    cycles += complete.executeUpdate();
                    c.commit();
                }
            }
        }
    }
}
