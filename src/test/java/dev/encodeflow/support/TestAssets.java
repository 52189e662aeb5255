package dev.encodeflow.support;

import jakarta.persistence.EntityManager;

/**
 * Hand-made asset rows for tests that drive the queue or the fact log directly, without going
 * through ingestion (no renditions, no first fact). Joins the caller's transaction.
 */
public final class TestAssets {

    private TestAssets() {
    }

    /** An asset row in {@code state}, with its (empty) fact log. */
    public static void insert(EntityManager em, String id, String state) {
        em.createNativeQuery("""
                INSERT INTO asset (id, state, priority, source, request, request_hash, created_at, updated_at)
                VALUES (:id, :state, 50, 'x.mov', '{}', 'h', now(), now())""")
                .setParameter("id", id).setParameter("state", state).executeUpdate();
        em.createNativeQuery("INSERT INTO asset_log (asset_id) VALUES (:id)").setParameter("id", id).executeUpdate();
    }
}
