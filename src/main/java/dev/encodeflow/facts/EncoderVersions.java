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

    EncoderVersions(EntityManager em, FactLog facts, Clock clock) {
        this.em = em;
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
        String lastAsset = null;
        int assets = 0;
        for (Object[] row : stale) {
            String asset = (String) row[0];
            String rendition = (String) row[1];
            facts.append(asset, new EncodeStale(rendition, reason), "upgrade:" + codec.id() + ":" + version + ":" + rendition);
            if (!asset.equals(lastAsset)) {
                assets++;
                lastAsset = asset;
            }
        }
        return new Upgrade(codec.id(), version, stale.size(), assets);
    }
}
