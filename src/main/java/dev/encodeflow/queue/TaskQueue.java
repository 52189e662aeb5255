package dev.encodeflow.queue;

import dev.encodeflow.db.PlainQueries;
import dev.encodeflow.model.TaskType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.hibernate.Session;

/**
 * The durable priority queue. Every statement that changes a task's state is conditional: on the
 * state it expects and, for running tasks, on the claim (owner and attempt). "0 rows" means the
 * race was lost (the task was cancelled, rescued or completed elsewhere) and the caller drops its
 * report. All methods join the caller's transaction.
 */
@ApplicationScoped
public class TaskQueue {

    /**
     * Tasks of one asset that share a fair-share tag: the assets of a priority take turns of this
     * many tasks. One would interleave assets task by task, which spreads each asset's results
     * over many evaluations (one fact each) and cost B3 about a tenth of its throughput; a turn of
     * 16 keeps them coalesced, and a small asset still waits for at most 16 tasks of each other.
     */
    static final int FAIR_SHARE_QUANTUM = 16;

    private final EntityManager em;
    private final QueueSignal signal;
    private final PlainQueries plain;

    TaskQueue(EntityManager em, QueueSignal signal, PlainQueries plain) {
        this.em = em;
        this.signal = signal;
        this.plain = plain;
    }

    /** Whether any task waits in the queue (an idle pool's poll): one plain statement. */
    public boolean anyQueued() {
        return plain.maybe("SELECT EXISTS (SELECT 1 FROM task WHERE state = 'QUEUED' AND lane < 2)");
    }

    /** Whether live work (lane 0) waits for a slot: a full pool's question before it preempts backfill. */
    public boolean liveWaiting() {
        return plain.maybe("SELECT EXISTS (SELECT 1 FROM task WHERE state = 'QUEUED' AND lane = 0)");
    }

    /** The lanes a queued task is claimed from (migrations/V9__backfill.sql). */
    public static final int LIVE = 0;
    public static final int BACKFILL = 1;
    public static final int PAUSED = 2;

    /**
     * Enqueues tasks of one asset in one statement. A task whose dedup key already exists is left
     * as it is. Returns how many were new. Each task's fair-share tag is the turn being served at
     * its priority (the lowest tag still queued there; one index lookup) plus its place in the
     * batch counted in turns of {@link #FAIR_SHARE_QUANTUM} tasks (migrations/V6__fair_share.sql):
     * the assets of a priority take turns, a quantum each, and within a turn the oldest go first.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int enqueue(String assetId, int priority, String ruleSetVersion, Instant now, List<NewTask> tasks) {
        return enqueue(assetId, priority, ruleSetVersion, now, tasks, null, LIVE);
    }

    /**
     * Enqueues tasks caused by a backfill ({@code backfillId}, null for live work) into {@code lane};
     * each lane has its own fair-share turns.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int enqueue(String assetId, int priority, String ruleSetVersion, Instant now, List<NewTask> tasks,
            Long backfillId, int lane) {
        if (tasks.isEmpty()) {
            return 0;
        }
        int inserted = em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO task (asset_id, type, state, priority, dedup_key, rendition, chunk, generation, payload,
                                      max_attempts, slots, run_at, rule, rule_set_version, created_at, fair_tag,
                                      backfill_id, lane)
                    SELECT ?, t.type, 'QUEUED', ?, t.dedup_key, t.rendition, t.chunk, t.generation,
                           CAST(t.payload AS jsonb), t.max_attempts, t.slots, ?, t.rule, ?, ?,
                           now_tag.tag + (t.n - 1) / %d, ?, ?
                    FROM unnest(?::text[], ?::text[], ?::text[], ?::int[], ?::int[], ?::text[], ?::int[], ?::int[],
                                ?::text[]) WITH ORDINALITY
                         AS t(type, dedup_key, rendition, chunk, generation, payload, max_attempts, slots, rule, n)
                    CROSS JOIN (SELECT COALESCE((SELECT fair_tag FROM task
                                                 WHERE state = 'QUEUED' AND lane = ? AND priority = ?
                                                 ORDER BY lane, priority DESC, fair_tag LIMIT 1), 0) AS tag) now_tag
                    ON CONFLICT (dedup_key) DO NOTHING""".formatted(FAIR_SHARE_QUANTUM))) {
                Timestamp at = Timestamp.from(now);
                insert.setString(1, assetId);
                insert.setInt(2, priority);
                insert.setTimestamp(3, at);
                insert.setString(4, ruleSetVersion);
                insert.setTimestamp(5, at);
                insert.setObject(6, backfillId, java.sql.Types.BIGINT);
                insert.setInt(7, lane);
                insert.setArray(8, texts(connection, tasks.stream().map(t -> t.type().name()).toList()));
                insert.setArray(9, texts(connection, tasks.stream().map(NewTask::dedupKey).toList()));
                insert.setArray(10, texts(connection, tasks.stream().map(NewTask::rendition).toList()));
                insert.setArray(11, ints(connection, tasks.stream().map(NewTask::chunk).toList()));
                insert.setArray(12, ints(connection, tasks.stream().map(NewTask::generation).toList()));
                insert.setArray(13, texts(connection, tasks.stream().map(NewTask::payload).toList()));
                insert.setArray(14, ints(connection, tasks.stream().map(NewTask::maxAttempts).toList()));
                insert.setArray(15, ints(connection, tasks.stream().map(NewTask::slots).toList()));
                insert.setArray(16, texts(connection, tasks.stream().map(NewTask::rule).toList()));
                insert.setInt(17, lane);
                insert.setInt(18, priority);
                return insert.executeUpdate();
            }
        });
        if (inserted > 0) {
            signal.wakeAfterCommit();
        }
        return inserted;
    }

    /**
     * What one claim took, whether it left no other task queued (as the statement saw the queue; a
     * task another instance was claiming at that moment counts as queued: the claimed tasks are
     * then a tail, and the pool's other cores have nothing else to do), and whether live work is
     * still waiting after it (the pool may then preempt backfill beyond its share).
     */
    public record Claim(List<ClaimedTask> tasks, boolean drained, boolean liveWaiting) {

        public Claim(List<ClaimedTask> tasks, boolean drained) {
            this(tasks, drained, false);
        }
    }

    /**
     * Claims queued tasks that fit in {@code freeSlots}, live ones before backfill (lane 0, then
     * 1; paused backfill never), then highest priority first and, within a priority, lowest
     * fair-share tag first (the assets take turns; equal tags oldest first), in one statement: the
     * longest run of the queue's head whose shapes add up to no more than the free slots. A task
     * that does not fit yet is not skipped for smaller ones behind it (it would starve); the pool
     * waits for slots to free. A task whose shape is bigger than the whole pool takes the whole
     * pool. SKIP LOCKED lets any number of workers claim at once without waiting on each other;
     * task_claim_idx serves the inner query. The same statement tells whether it left the queue
     * empty and whether live work still waits.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Claim claim(String owner, int freeSlots, int poolSlots, Instant now, Duration lease) {
        if (freeSlots <= 0) {
            return new Claim(List.of(), false);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                WITH head AS (
                    SELECT id, lane, priority, fair_tag, LEAST(slots, :pool) AS cost FROM task
                    WHERE state = 'QUEUED' AND lane < 2
                    ORDER BY lane, priority DESC, fair_tag, id LIMIT :free FOR UPDATE SKIP LOCKED),
                fitting AS (
                    SELECT id FROM (SELECT id, sum(cost) OVER (ORDER BY lane, priority DESC, fair_tag, id) AS total
                                    FROM head) h
                    WHERE total <= :free)
                UPDATE task t
                SET state = 'RUNNING', attempts = t.attempts + 1, lease_owner = :owner, lease_expires_at = :expires,
                    started_at = :now
                FROM fitting
                WHERE t.id = fitting.id
                RETURNING t.id, t.asset_id, t.type, t.attempts, t.max_attempts, t.priority, t.rendition, t.chunk,
                          t.generation, CAST(t.payload AS text), LEAST(t.slots, :pool),
                          (SELECT NOT EXISTS (SELECT 1 FROM task q WHERE q.state = 'QUEUED' AND q.lane < 2
                                                AND q.id NOT IN (SELECT id FROM fitting))),
                          (SELECT EXISTS (SELECT 1 FROM task q WHERE q.state = 'QUEUED' AND q.lane = 0
                                            AND q.id NOT IN (SELECT id FROM fitting))),
                          t.lane = 1, t.run_at""")
                .setParameter("owner", owner)
                .setParameter("expires", Timestamp.from(now.plus(lease)))
                .setParameter("now", Timestamp.from(now))
                .setParameter("free", freeSlots)
                .setParameter("pool", poolSlots)
                .getResultList();
        List<ClaimedTask> claimed = new ArrayList<>(rows.size());
        boolean drained = false;
        boolean liveWaiting = false;
        for (Object[] row : rows) {
            ClaimedTask t = claimOf(row, owner, ((Number) row[10]).intValue());
            claimed.add(new ClaimedTask(t.id(), t.assetId(), t.type(), t.attempt(), t.maxAttempts(), t.priority(),
                    t.rendition(), t.chunk(), t.generation(), t.payload(), t.owner(), t.slots(),
                    Boolean.TRUE.equals(row[13]), instant(row[14])));
            drained = Boolean.TRUE.equals(row[11]);
            liveWaiting = Boolean.TRUE.equals(row[12]);
        }
        // Oldest first within a priority is the claim order; keep it for dispatch.
        claimed.sort((a, b) -> a.priority() != b.priority() ? Integer.compare(b.priority(), a.priority())
                : Long.compare(a.id(), b.id()));
        return new Claim(claimed, drained, liveWaiting);
    }

    private static Instant instant(Object value) {
        return value instanceof Timestamp t ? t.toInstant() : value instanceof Instant i ? i : null;
    }

    /**
     * Marks a claimed task done. False when the claim was lost meanwhile. The error of an earlier
     * failed attempt stays, so a task that succeeded on a retry still says why it needed one.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean complete(ClaimedTask task, Instant now) {
        return underClaim(task, """
                state = 'SUCCEEDED', finished_at = :now, lease_owner = NULL, lease_expires_at = NULL""")
                .setParameter("now", Timestamp.from(now))
                .executeUpdate() == 1;
    }

    /**
     * Marks several claimed tasks done in one statement, each under its own claim; returns the ids
     * of those still held (the others' claims were lost meanwhile, their results count nowhere).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public java.util.Set<Long> completeAll(List<ClaimedTask> tasks, Instant now) {
        return completeAll(tasks, java.util.Map.of(), now);
    }

    /**
     * As above, adding each task's CPU seconds ({@code cpu} by task id; absent: not measured) to
     * what its earlier attempts used: a task's cost is every attempt's.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public java.util.Set<Long> completeAll(List<ClaimedTask> tasks, java.util.Map<Long, Double> cpu, Instant now) {
        if (tasks.isEmpty()) {
            return java.util.Set.of();
        }
        // In id order: the rows are locked as the array is walked, the lock order of task batches.
        List<ClaimedTask> ordered = tasks.stream().sorted(java.util.Comparator.comparingLong(ClaimedTask::id)).toList();
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE task t SET state = 'SUCCEEDED', finished_at = ?, lease_owner = NULL, lease_expires_at = NULL,
                                      cpu_seconds = CASE WHEN c.cpu IS NULL THEN t.cpu_seconds
                                                         ELSE COALESCE(t.cpu_seconds, 0) + c.cpu END
                    FROM unnest(?::bigint[], ?::text[], ?::int[], ?::float8[]) AS c(id, owner, attempt, cpu)
                    WHERE t.id = c.id AND t.state = 'RUNNING' AND t.lease_owner = c.owner AND t.attempts = c.attempt
                    RETURNING t.id""")) {
                update.setTimestamp(1, Timestamp.from(now));
                update.setArray(2, connection.createArrayOf("int8", ordered.stream().map(ClaimedTask::id).toArray()));
                update.setArray(3, texts(connection, ordered.stream().map(ClaimedTask::owner).toList()));
                update.setArray(4, ints(connection, ordered.stream().map(ClaimedTask::attempt).toList()));
                update.setArray(5, connection.createArrayOf("float8", ordered.stream().map(t -> cpu.get(t.id())).toArray()));
                java.util.Set<Long> done = new java.util.HashSet<>();
                try (java.sql.ResultSet rows = update.executeQuery()) {
                    while (rows.next()) {
                        done.add(rows.getLong(1));
                    }
                }
                return done;
            }
        });
    }

    /**
     * Records a failed attempt: FAILED until {@code retryAt}, or DEAD when {@code retryAt} is null.
     * The attempt's CPU seconds are added to the task's cost. False when the claim was lost meanwhile.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean fail(ClaimedTask task, String error, Instant retryAt, Instant now, double cpuSeconds) {
        return underClaim(task, """
                state = CAST(:state AS text), run_at = COALESCE(:retryAt, run_at), error = :error, finished_at = :now,
                lease_owner = NULL, lease_expires_at = NULL,
                cpu_seconds = CASE WHEN :cpu > 0 THEN COALESCE(cpu_seconds, 0) + :cpu ELSE cpu_seconds END""")
                .setParameter("cpu", cpuSeconds)
                .setParameter("state", retryAt == null ? TaskState.DEAD.name() : TaskState.FAILED.name())
                .setParameter("retryAt", retryAt == null ? null : Timestamp.from(retryAt))
                .setParameter("error", error)
                .setParameter("now", Timestamp.from(now))
                .executeUpdate() == 1;
    }

    /**
     * Puts a claimed task back in the queue without counting the attempt (this instance is
     * shutting down and never ran it to the end). False when the claim was lost meanwhile.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean release(ClaimedTask task) {
        return underClaim(task, """
                state = 'QUEUED', attempts = attempts - 1, lease_owner = NULL, lease_expires_at = NULL,
                started_at = NULL""")
                .executeUpdate() == 1;
    }

    /** Extends the leases of tasks this owner runs; returns the ids it still holds. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Long> renewLeases(String owner, Collection<Long> ids, Instant expires) {
        if (ids.isEmpty()) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        // Rows are locked in id order, as every multi-row write of tasks does (the outcome writer's
        // batches): two of them can then never wait on each other.
        List<Number> held = em.createNativeQuery("""
                UPDATE task SET lease_expires_at = :expires
                WHERE id IN (SELECT id FROM task
                             WHERE id = ANY(CAST(:ids AS bigint[])) AND state = 'RUNNING' AND lease_owner = :owner
                             ORDER BY id FOR UPDATE)
                RETURNING id""")
                .setParameter("expires", Timestamp.from(expires))
                .setParameter("ids", ids.stream().map(String::valueOf).reduce((a, b) -> a + "," + b)
                        .map(s -> "{" + s + "}").orElse("{}"))
                .setParameter("owner", owner)
                .getResultList();
        return held.stream().map(Number::longValue).toList();
    }

    /** Running tasks claimed by an earlier run of an instance ({@code ownerPrefix}, another owner). */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<ClaimedTask> findHeldByEarlierRun(String ownerPrefix, String currentOwner) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT id, asset_id, type, attempts, max_attempts, priority, rendition, chunk, generation,
                       CAST(payload AS text), lease_owner, slots
                FROM task WHERE state = 'RUNNING' AND starts_with(lease_owner, :prefix) AND lease_owner <> :owner""")
                .setParameter("prefix", ownerPrefix)
                .setParameter("owner", currentOwner)
                .getResultList();
        List<ClaimedTask> held = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            held.add(claimOf(row, (String) row[10], ((Number) row[11]).intValue()));
        }
        return held;
    }

    /** Running tasks whose lease expired before {@code now}, with the claim each was under. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<ClaimedTask> findExpired(Instant now, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT id, asset_id, type, attempts, max_attempts, priority, rendition, chunk, generation,
                       CAST(payload AS text), lease_owner, slots
                FROM task WHERE state = 'RUNNING' AND lease_expires_at < :now
                ORDER BY lease_expires_at LIMIT :limit""")
                .setParameter("now", Timestamp.from(now))
                .setParameter("limit", limit)
                .getResultList();
        List<ClaimedTask> expired = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            expired.add(claimOf(row, (String) row[10], ((Number) row[11]).intValue()));
        }
        return expired;
    }

    /**
     * Takes back a task whose worker is gone: QUEUED again, keeping its attempt count, or DEAD.
     * Only if it is still under the same claim and, when {@code onlyIfExpired}, its lease is still
     * expired: a completion or a heartbeat that got there first wins. False when one did.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean takeBack(ClaimedTask task, String error, boolean dead, Instant now, boolean onlyIfExpired) {
        int updated = underClaim(task, """
                state = CAST(:state AS text), error = :error, lease_owner = NULL, lease_expires_at = NULL,
                finished_at = CASE WHEN :dead THEN :now ELSE finished_at END""",
                onlyIfExpired ? "AND lease_expires_at < :now" : "")
                .setParameter("state", dead ? TaskState.DEAD.name() : TaskState.QUEUED.name())
                .setParameter("error", error)
                .setParameter("dead", dead)
                .setParameter("now", Timestamp.from(now))
                .executeUpdate();
        if (updated == 1 && !dead) {
            signal.wakeAfterCommit();
        }
        return updated == 1;
    }

    /**
     * An update of a task under a claim: it changes the row only if the task is still running
     * under this owner and attempt. This condition is what makes late and duplicate reports
     * harmless.
     */
    private jakarta.persistence.Query underClaim(ClaimedTask task, String set, String... moreConditions) {
        return em.createNativeQuery("UPDATE task SET " + set
                + " WHERE id = :id AND state = 'RUNNING' AND lease_owner = :owner AND attempts = :attempt "
                + String.join(" ", moreConditions))
                .setParameter("id", task.id())
                .setParameter("owner", task.owner())
                .setParameter("attempt", task.attempt());
    }

    /** Columns: id, asset_id, type, attempts, max_attempts, priority, rendition, chunk, generation, payload. */
    private static ClaimedTask claimOf(Object[] row, String owner, int slots) {
        return new ClaimedTask(((Number) row[0]).longValue(), (String) row[1], TaskType.valueOf((String) row[2]),
                ((Number) row[3]).intValue(), ((Number) row[4]).intValue(), ((Number) row[5]).intValue(),
                (String) row[6], row[7] == null ? null : ((Number) row[7]).intValue(),
                row[8] == null ? null : ((Number) row[8]).intValue(), (String) row[9], owner, slots);
    }

    private static Array texts(Connection connection, List<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray(new String[0]));
    }

    private static Array ints(Connection connection, List<Integer> values) throws SQLException {
        return connection.createArrayOf("int4", values.toArray(new Integer[0]));
    }
}
