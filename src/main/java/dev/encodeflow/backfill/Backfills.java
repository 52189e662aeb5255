package dev.encodeflow.backfill;

import dev.encodeflow.queue.TaskQueue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.List;

/**
 * Which work is backfill. An asset at rest (COMPLETE or FAILED) that a rule change or an encoder
 * upgrade gives new work joins that cause's backfill; every task enqueued for it from then on
 * (the follow-up assemble, validate and package too) goes to the backfill lane, until a fact from
 * outside (a new mezzanine, EncodeStale, Reprioritize, Cancel) makes the asset live again. An
 * asset with live work in progress is never demoted: what a rule change adds to it stays live.
 * All methods join the caller's transaction.
 */
@ApplicationScoped
public class Backfills {

    public static final String RULES = "rules";
    public static final String UPGRADE = "upgrade";

    private final EntityManager em;
    private final Clock clock;
    /**
     * Ids of causes known to be committed (found by a later call, not inserted by it): a rule
     * change's re-evaluation asks for its backfill once per asset, and rows are never deleted.
     */
    private final java.util.Map<String, Long> committed = new java.util.concurrent.ConcurrentHashMap<>();

    Backfills(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    /** The backfill of a cause ({@link #RULES} and the rule-set version, {@link #UPGRADE} and codec/identity). */
    @Transactional(Transactional.TxType.MANDATORY)
    public long forCause(String kind, String subject) {
        Long known = committed.get(kind + "\n" + subject);
        if (known != null) {
            return known;
        }
        int inserted = em.createNativeQuery("""
                INSERT INTO backfill (kind, subject, created_at) VALUES (:kind, :subject, :now)
                ON CONFLICT (kind, subject) DO NOTHING""")
                .setParameter("kind", kind).setParameter("subject", subject)
                .setParameter("now", Timestamp.from(clock.instant()))
                .executeUpdate();
        long id = ((Number) em.createNativeQuery("SELECT id FROM backfill WHERE kind = :kind AND subject = :subject")
                .setParameter("kind", kind).setParameter("subject", subject).getSingleResult()).longValue();
        if (inserted == 0) {
            committed.put(kind + "\n" + subject, id);
        }
        return id;
    }

    /**
     * The lane for tasks of {@code backfillId} (null: live). The row is read FOR SHARE, so a pause
     * running at the same time waits for this transaction and then moves its tasks too.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int laneOf(Long backfillId) {
        if (backfillId == null) {
            return TaskQueue.LIVE;
        }
        List<?> paused = em.createNativeQuery("SELECT paused FROM backfill WHERE id = :id FOR SHARE")
                .setParameter("id", backfillId).getResultList();
        return !paused.isEmpty() && Boolean.TRUE.equals(paused.get(0)) ? TaskQueue.PAUSED : TaskQueue.BACKFILL;
    }

    /** Puts the assets that are at rest (or already in a backfill) into {@code backfillId}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int join(Collection<String> assetIds, long backfillId) {
        if (assetIds.isEmpty()) {
            return 0;
        }
        return em.createNativeQuery("""
                UPDATE asset SET backfill_id = :backfill
                WHERE id = ANY(CAST(:ids AS text[])) AND (state IN ('COMPLETE', 'FAILED') OR backfill_id IS NOT NULL)""")
                .setParameter("backfill", backfillId)
                .setParameter("ids", assetIds.toArray(new String[0]))
                .executeUpdate();
    }

    /**
     * A fact from outside arrived for the asset: its work is live from now on, waiting tasks
     * included. Costs one index lookup when the asset is not in a backfill (the usual case).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void live(String assetId) {
        int left = em.createNativeQuery("UPDATE asset SET backfill_id = NULL WHERE id = :id AND backfill_id IS NOT NULL")
                .setParameter("id", assetId).executeUpdate();
        if (left > 0) {
            em.createNativeQuery("""
                    UPDATE task SET lane = 0 WHERE asset_id = :id AND lane <> 0 AND state IN ('QUEUED', 'FAILED')""")
                    .setParameter("id", assetId).executeUpdate();
        }
    }
}
