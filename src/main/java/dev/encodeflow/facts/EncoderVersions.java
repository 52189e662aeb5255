package dev.encodeflow.facts;

import dev.encodeflow.model.Codec;
import dev.encodeflow.model.EncodeStale;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The current encoder version of each codec, as announced by EncoderUpgraded facts. An upgrade
 * turns into an EncodeStale fact for every rendition of that codec encoded under another version
 * (or an unknown one); the rules then re-encode exactly those. Renditions still waiting for
 * their first encode are left alone: they will be encoded with the new version anyway.
 */
@ApplicationScoped
public class EncoderVersions {

    /** What an upgrade made stale. */
    public record Upgrade(String codec, String version, int staleRenditions, int assets) {
    }

    private final EntityManager em;
    private final FactLog facts;
    private final Clock clock;
    private final dev.encodeflow.backfill.Backfills backfills;

    EncoderVersions(EntityManager em, FactLog facts, Clock clock, dev.encodeflow.backfill.Backfills backfills) {
        this.em = em;
        this.backfills = backfills;
        this.facts = facts;
        this.clock = clock;
    }

    /** The announced version of a codec's encoder, or null when none was announced. */
    @Transactional(Transactional.TxType.MANDATORY)
    public String current(String codec) {
        @SuppressWarnings("unchecked")
        List<String> rows = em.createNativeQuery("SELECT version FROM encoder_version WHERE codec = :codec")
                .setParameter("codec", codec).getResultList();
        return rows.isEmpty() ? null : rows.get(0);
    }

    /**
     * Records the identity a worker detected for {@code codec} at start. The first identity ever
     * seen is the baseline (the announced version, if none was announced); an identity never seen
     * before, after another, is an upgrade, applied like an announced one. One seen before (an
     * older worker restarting in a rolling upgrade, a rollback) changes nothing: a mixed fleet
     * cannot make renditions flip between builds. Null when nothing became stale.
     */
    @Transactional
    public Upgrade detected(Codec codec, String identity) {
        Timestamp now = Timestamp.from(clock.instant());
        // Every instance checks at start: the row lock makes them take turns, so only the first
        // to see a new identity applies the upgrade.
        em.createNativeQuery("""
                INSERT INTO encoder_version (codec, version, updated_at) VALUES (:codec, :version, :now)
                ON CONFLICT (codec) DO NOTHING""")
                .setParameter("codec", codec.id()).setParameter("version", identity).setParameter("now", now)
                .executeUpdate();
        em.createNativeQuery("SELECT 1 FROM encoder_version WHERE codec = :codec FOR UPDATE")
                .setParameter("codec", codec.id()).getResultList();
        boolean seenOthers = !em.createNativeQuery("SELECT 1 FROM encoder_detected WHERE codec = :codec LIMIT 1")
                .setParameter("codec", codec.id()).getResultList().isEmpty();
        int isNew = em.createNativeQuery("""
                INSERT INTO encoder_detected (codec, identity, first_seen_at) VALUES (:codec, :identity, :now)
                ON CONFLICT DO NOTHING""")
                .setParameter("codec", codec.id()).setParameter("identity", identity).setParameter("now", now)
                .executeUpdate();
        return isNew == 1 && seenOthers ? upgrade(codec, identity) : null;
    }

    @Transactional
    public Upgrade upgrade(Codec codec, String version) {
        Instant now = clock.instant();
        em.createNativeQuery("""
                INSERT INTO encoder_version (codec, version, updated_at) VALUES (:codec, :version, :now)
                ON CONFLICT (codec) DO UPDATE SET version = EXCLUDED.version, updated_at = EXCLUDED.updated_at""")
                .setParameter("codec", codec.id())
                .setParameter("version", version)
                .setParameter("now", Timestamp.from(now))
                .executeUpdate();
        // Assets in id order: two upgrades running at once lock them in the same order.
        @SuppressWarnings("unchecked")
        List<Object[]> stale = em.createNativeQuery("""
                SELECT asset_id, name FROM rendition
                WHERE codec = :codec AND state <> 'PENDING' AND encoder_version IS DISTINCT FROM :version
                ORDER BY asset_id, name""")
                .setParameter("codec", codec.id())
                .setParameter("version", version)
                .getResultList();
        String reason = "encoder " + codec.id() + " upgraded to " + version;
        java.util.Set<String> assets = new java.util.LinkedHashSet<>();
        stale.forEach(row -> assets.add((String) row[0]));
        if (!assets.isEmpty()) {
            // The re-encodes of assets at rest are backfill: live work keeps its slots meanwhile.
            // Asset rows before their logs: the evaluator's lock order.
            backfills.join(assets, backfills.forCause(dev.encodeflow.backfill.Backfills.UPGRADE, codec.id() + " " + version));
        }
        for (Object[] row : stale) {
            String rendition = (String) row[1];
            facts.append((String) row[0], new EncodeStale(rendition, reason),
                    "upgrade:" + codec.id() + ":" + version + ":" + rendition);
        }
        return new Upgrade(codec.id(), version, stale.size(), assets.size());
    }
}
