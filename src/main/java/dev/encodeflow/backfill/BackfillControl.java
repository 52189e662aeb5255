package dev.encodeflow.backfill;

import dev.encodeflow.queue.QueueSignal;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What operators see and steer of backfills: the list with task counts, pause and resume; and
 * the aging that makes a backfill finish under constant live load. Pausing moves the waiting
 * tasks to the paused lane (never claimed) and makes new ones start there; tasks already running
 * finish. Resuming moves them back.
 */
@ApplicationScoped
public class BackfillControl {

    /** A backfill as listed. {@code state}: running (work left), paused (work left, none claimed), finished. */
    public record View(long id, String kind, String subject, Instant createdAt, String state, long assets,
            Map<String, Long> tasks) {
    }

    static final String[] STATES = {"QUEUED", "RUNNING", "FAILED", "SUCCEEDED", "DEAD", "CANCELLED"};
    private static final int LISTED = 100;

    private final EntityManager em;
    private final QueueSignal signal;
    private final BackfillConfig config;
    private final Clock clock;

    BackfillControl(EntityManager em, QueueSignal signal, BackfillConfig config, Clock clock) {
        this.em = em;
        this.signal = signal;
        this.config = config;
        this.clock = clock;
    }

    /** The newest backfills first, at most 100. */
    @Transactional
    public List<View> list() {
        return views(null);
    }

    @Transactional
    public Optional<View> get(long id) {
        return views(id).stream().findFirst();
    }

    /** Pauses a backfill; empty when there is none with this id. */
    @Transactional
    public Optional<View> pause(long id) {
        return setPaused(id, true);
    }

    /** Resumes a backfill; empty when there is none with this id. */
    @Transactional
    public Optional<View> resume(long id) {
        return setPaused(id, false);
    }

    private Optional<View> setPaused(long id, boolean paused) {
        // FOR UPDATE: an evaluation enqueueing tasks of this backfill holds the row FOR SHARE
        // (Backfills.laneOf) until it commits, so no task slips past into the other lane.
        if (em.createNativeQuery("SELECT 1 FROM backfill WHERE id = :id FOR UPDATE").setParameter("id", id)
                .getResultList().isEmpty()) {
            return Optional.empty();
        }
        em.createNativeQuery("UPDATE backfill SET paused = :paused WHERE id = :id")
                .setParameter("paused", paused).setParameter("id", id).executeUpdate();
        int moved = em.createNativeQuery("""
                UPDATE task SET lane = :to WHERE backfill_id = :id AND lane = :from AND state IN ('QUEUED', 'FAILED')""")
                .setParameter("to", paused ? 2 : 1).setParameter("from", paused ? 1 : 2).setParameter("id", id)
                .executeUpdate();
        if (!paused && moved > 0) {
            signal.wakeAfterCommit();
        }
        em.flush();
        return views(id).stream().findFirst();
    }

    /** Backfill tasks waiting longer than backfill.max-wait are claimed as live work from now on. */
    @Scheduled(every = "${backfill.aging-interval:PT1M}", delayed = "PT30S",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void age() {
        int aged = em.createNativeQuery("""
                UPDATE task SET lane = 0 WHERE lane = 1 AND state IN ('QUEUED', 'FAILED') AND created_at < :before""")
                .setParameter("before", Timestamp.from(clock.instant().minus(config.maxWait())))
                .executeUpdate();
        if (aged > 0) {
            signal.wakeAfterCommit();
        }
    }

    private List<View> views(Long id) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT b.id, b.kind, b.subject, b.created_at, b.paused, count(DISTINCT t.asset_id),
                       count(t.id) FILTER (WHERE t.state = 'QUEUED'), count(t.id) FILTER (WHERE t.state = 'RUNNING'),
                       count(t.id) FILTER (WHERE t.state = 'FAILED'), count(t.id) FILTER (WHERE t.state = 'SUCCEEDED'),
                       count(t.id) FILTER (WHERE t.state = 'DEAD'), count(t.id) FILTER (WHERE t.state = 'CANCELLED')
                FROM (SELECT * FROM backfill WHERE CAST(:id AS bigint) IS NULL OR id = CAST(:id AS bigint)
                      ORDER BY id DESC LIMIT :limit) b
                LEFT JOIN task t ON t.backfill_id = b.id
                GROUP BY b.id, b.kind, b.subject, b.created_at, b.paused
                ORDER BY b.id DESC""")
                .setParameter("id", id)
                .setParameter("limit", LISTED)
                .getResultList();
        List<View> views = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            Map<String, Long> tasks = new LinkedHashMap<>();
            for (int i = 0; i < STATES.length; i++) {
                tasks.put(STATES[i].toLowerCase(java.util.Locale.ROOT), ((Number) row[6 + i]).longValue());
            }
            boolean open = tasks.get("queued") + tasks.get("running") + tasks.get("failed") > 0;
            String state = !open ? "finished" : Boolean.TRUE.equals(row[4]) ? "paused" : "running";
            views.add(new View(((Number) row[0]).longValue(), (String) row[1], (String) row[2],
                    row[3] instanceof Timestamp t ? t.toInstant() : (Instant) row[3], state, ((Number) row[5]).longValue(), tasks));
        }
        return views;
    }
}
