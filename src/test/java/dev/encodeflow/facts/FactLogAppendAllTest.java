package dev.encodeflow.facts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.encodeflow.model.EncodeStale;
import dev.encodeflow.support.TestAssets;
import dev.encodeflow.support.WorkersOff;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The batched append (the outcome writer's path): facts of several assets in one statement take
 * consecutive numbers per asset in the order given, move each asset's counter by its count, and a
 * repeated key is skipped (a gap) without disturbing the others.
 */
@QuarkusTest
@TestProfile(WorkersOff.class)
class FactLogAppendAllTest {

    @Inject
    FactLog facts;

    @Inject
    EntityManager em;

    @Test
    void factsOfSeveralAssetsAreNumberedInOrderPerAsset() {
        String a = asset();
        String b = asset();
        QuarkusTransaction.requiringNew().run(() -> facts.append(a, new EncodeStale("r", "first"), "k-a0"));
        QuarkusTransaction.requiringNew().run(() -> {
            facts.lockAll(new TreeSet<>(List.of(a, b)));
            facts.appendAll(List.of(
                    new FactLog.NewFact(a, new EncodeStale("r", "a1"), "k-a1"),
                    new FactLog.NewFact(b, new EncodeStale("r", "b1"), "k-b1"),
                    new FactLog.NewFact(a, new EncodeStale("r", "again"), "k-a0"),
                    new FactLog.NewFact(a, new EncodeStale("r", "a2"), "k-a2"),
                    new FactLog.NewFact(b, new EncodeStale("r", "b2"), null)));
        });

        // a: 1 = first, 2 = a1, 3 = the repeated key (a gap), 4 = a2; b: 1 = b1, 2 = b2.
        assertThat(log(a)).containsExactly("1 first", "2 a1", "4 a2");
        assertThat(log(b)).containsExactly("1 b1", "2 b2");
        assertThat(counter(a)).isEqualTo(4);
        assertThat(counter(b)).isEqualTo(2);
        // These hand-made logs have no MezzanineArrived, so the evaluator quarantines the assets
        // (queueing notifications): removed, so other tests of this profile do not claim them.
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("DELETE FROM asset WHERE id IN (:a, :b)")
                .setParameter("a", a).setParameter("b", b).executeUpdate());
    }

    private String asset() {
        String id = "append-" + UUID.randomUUID().toString().substring(0, 8);
        QuarkusTransaction.requiringNew().run(() -> TestAssets.insert(em, id, "COMPLETE"));
        return id;
    }

    @SuppressWarnings("unchecked")
    private List<String> log(String asset) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                SELECT seq || ' ' || (payload ->> 'reason') FROM fact WHERE asset_id = :id ORDER BY seq""")
                .setParameter("id", asset).getResultList());
    }

    private long counter(String asset) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT fact_seq FROM asset_log WHERE asset_id = :id").setParameter("id", asset).getSingleResult())
                .longValue());
    }
}
