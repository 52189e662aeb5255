package dev.encodeflow.queue;

import dev.encodeflow.db.PlainQueries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * The rescuer's look at the queue: whether anything is due (a failed task's backoff elapsed, a
 * running task's lease expired), and the requeue of failed tasks whose backoff elapsed.
 */
@ApplicationScoped
public class DueWork {

    private final EntityManager em;
    private final QueueSignal signal;
    private final PlainQueries plain;

    DueWork(EntityManager em, QueueSignal signal, PlainQueries plain) {
        this.em = em;
        this.signal = signal;
        this.plain = plain;
    }

    /**
     * Whether any failed task's retry is due or any running task's lease has expired: the
     * rescuer's work, looked for with one plain statement (both conditions are served by partial
     * indexes). A database error counts as "maybe".
     */
    public boolean anyDue(Instant now) {
        Timestamp at = Timestamp.from(now);
        return plain.maybe("""
                SELECT EXISTS (SELECT 1 FROM task WHERE state = 'FAILED' AND run_at <= ?)
                    OR EXISTS (SELECT 1 FROM task WHERE state = 'RUNNING' AND lease_expires_at < ?)""", at, at);
    }

    /** Requeues failed tasks whose backoff has elapsed; returns how many. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int promoteDueRetries(Instant now) {
        int promoted = em.createNativeQuery("""
                UPDATE task SET state = 'QUEUED'
                WHERE id IN (SELECT id FROM task WHERE state = 'FAILED' AND run_at <= :now
                             ORDER BY run_at LIMIT 1000 FOR UPDATE SKIP LOCKED)""")
                .setParameter("now", Timestamp.from(now))
                .executeUpdate();
        if (promoted > 0) {
            signal.wakeAfterCommit();
        }
        return promoted;
    }
}
