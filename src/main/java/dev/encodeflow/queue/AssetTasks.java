package dev.encodeflow.queue;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * What an evaluation does to an asset's open tasks as a whole: cancel them, supersede an old
 * generation's, move them to a new priority. Callers hold the asset's log lock (the lock every
 * writer of an asset's tasks takes). All methods join the caller's transaction.
 */
@ApplicationScoped
public class AssetTasks {

    private final EntityManager em;

    AssetTasks(EntityManager em) {
        this.em = em;
    }

    /** Cancels every open task of the asset (running ones too: their workers stop on the next heartbeat). */
    @Transactional(Transactional.TxType.MANDATORY)
    public int cancelOpen(String assetId, Instant now, boolean keepNotifications) {
        return em.createNativeQuery("""
                UPDATE task SET state = 'CANCELLED', finished_at = :now, lease_owner = NULL, lease_expires_at = NULL
                WHERE asset_id = :asset AND state IN ('QUEUED', 'FAILED', 'RUNNING')
                  AND (NOT :keepNotifications OR type <> 'NOTIFY')""")
                .setParameter("now", Timestamp.from(now))
                .setParameter("asset", assetId)
                .setParameter("keepNotifications", keepNotifications)
                .executeUpdate();
    }

    /** Cancels open tasks of older generations of a rendition (it is being re-encoded). */
    @Transactional(Transactional.TxType.MANDATORY)
    public int supersede(String assetId, String rendition, int generation, Instant now) {
        return em.createNativeQuery("""
                UPDATE task SET state = 'CANCELLED', finished_at = :now, lease_owner = NULL, lease_expires_at = NULL,
                                error = 'superseded by generation ' || :generation
                WHERE asset_id = :asset AND rendition = :rendition AND generation < :generation
                  AND state IN ('QUEUED', 'FAILED', 'RUNNING')""")
                .setParameter("now", Timestamp.from(now))
                .setParameter("asset", assetId)
                .setParameter("rendition", rendition)
                .setParameter("generation", generation)
                .executeUpdate();
    }

    /** Moves the asset's waiting tasks to a new priority. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int reprioritize(String assetId, int priority) {
        return em.createNativeQuery("""
                UPDATE task SET priority = :priority WHERE asset_id = :asset AND state IN ('QUEUED', 'FAILED')""")
                .setParameter("priority", priority)
                .setParameter("asset", assetId)
                .executeUpdate();
    }

}
