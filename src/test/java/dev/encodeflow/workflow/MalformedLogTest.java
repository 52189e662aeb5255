package dev.encodeflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.encodeflow.support.TestAssets;
import dev.encodeflow.support.WorkersOff;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An asset marked for evaluation whose log lacks its MezzanineArrived (only a hand-edited
 * database can make one) is quarantined with the reason, instead of failing its evaluation batch
 * on every retry and holding up the other assets in it.
 */
@QuarkusTest
@TestProfile(WorkersOff.class)
class MalformedLogTest {

    @Inject
    EntityManager em;

    @Test
    void anAssetWithoutItsFirstFactIsQuarantined() throws Exception {
        String id = "nolog-" + UUID.randomUUID().toString().substring(0, 8);
        QuarkusTransaction.requiringNew().run(() -> {
            TestAssets.insert(em, id, "NEW");
            em.createNativeQuery("UPDATE asset_log SET fact_seq = 1 WHERE asset_id = :id").setParameter("id", id)
                    .executeUpdate();
            em.createNativeQuery("INSERT INTO evaluation_pending (asset_id, up_to, since) VALUES (:id, 1, now())")
                    .setParameter("id", id).executeUpdate();
        });
        Object[] row = null;
        for (int i = 0; i < 100; i++) {
            row = (Object[]) QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                    SELECT state, coalesce(error, ''), (SELECT count(*) FROM evaluation_pending WHERE asset_id = :id)
                    FROM asset WHERE id = :id""").setParameter("id", id).getSingleResult());
            if ("FAILED".equals(row[0])) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(row[0]).isEqualTo("FAILED");
        assertThat((String) row[1]).contains("no MezzanineArrived");
        assertThat(((Number) row[2]).intValue()).as("marker left").isZero();
        // The quarantine queued a notification: gone with the asset, so other tests of this
        // profile do not claim it.
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("DELETE FROM asset WHERE id = :id")
                .setParameter("id", id).executeUpdate());
    }
}
