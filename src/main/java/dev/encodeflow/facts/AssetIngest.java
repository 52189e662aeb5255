package dev.encodeflow.facts;

import dev.encodeflow.asset.RenditionEntity;
import dev.encodeflow.media.MediaConfig;
import dev.encodeflow.planning.PlanningConfig;
import dev.encodeflow.model.AssetState;
import dev.encodeflow.model.Codec;
import dev.encodeflow.model.Delivery;
import dev.encodeflow.model.MezzanineArrived;
import dev.encodeflow.model.RenditionState;
import dev.encodeflow.model.Rung;
import dev.encodeflow.util.JsonText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Records a new mezzanine: the asset row, its first fact (MezzanineArrived) and its renditions,
 * in one transaction. Posting the same id with the same request again is answered from what is
 * stored; the same id with a different request is a conflict. Concurrent duplicates are decided
 * by the primary key: exactly one insert wins.
 */
@ApplicationScoped
public class AssetIngest {

    /** What a create did. */
    public enum Outcome { CREATED, EXISTING, CONFLICT }

    private final EntityManager em;
    private final FactLog facts;
    private final EncoderVersions encoders;
    private final JsonText json;
    private final Clock clock;
    private final MediaConfig media;
    private final PlanningConfig planning;

    AssetIngest(EntityManager em, FactLog facts, EncoderVersions encoders, JsonText json, Clock clock,
            MediaConfig media, PlanningConfig planning) {
        this.planning = planning;
        this.em = em;
        this.facts = facts;
        this.encoders = encoders;
        this.json = json;
        this.clock = clock;
        this.media = media;
    }

    /** The fact a valid request describes, with every default filled in. */
    public MezzanineArrived normalize(AssetRequest request) {
        String id = request.id() != null ? request.id() : UUID.randomUUID().toString();
        int priority = request.priority() != null ? request.priority() : media.defaultPriority();
        double seconds = request.chunking() != null ? request.chunking().seconds() : media.defaultChunkSeconds();
        // No chunk length asked for: planned from the capacity and the source (unless configured otherwise).
        String chunking = request.chunking() == null && planning.policy() == PlanningConfig.Policy.AUTO
                ? MezzanineArrived.AUTO : null;
        List<Rung> ladder = request.ladder() != null
                ? request.ladder().stream().map(LadderValidator::toRung).toList()
                : media.defaultLadder().stream().map(AssetIngest::toRung).toList();
        AssetRequest.Packaging packaging = request.packaging();
        double segment = packaging != null && packaging.segmentSeconds() != null ? packaging.segmentSeconds()
                : media.segmentSeconds();
        List<String> formats = packaging != null && packaging.formats() != null
                ? packaging.formats().stream().distinct().toList()
                : media.packagingFormats().stream().filter(f -> !f.isBlank() && !"none".equals(f)).toList();
        boolean measure = request.quality() != null && request.quality().measure() != null
                ? request.quality().measure() : media.measureQuality();
        Double loudness = request.audio() != null ? request.audio().loudnessLufs() : null;
        return new MezzanineArrived(id, request.source(), priority, seconds, ladder,
                new Delivery(segment, formats, measure, loudness), chunking);
    }

    @Transactional
    public Outcome create(MezzanineArrived arrived) {
        String request = json.write(arrived);
        String hash = sha256(request);
        Instant now = clock.instant();
        int inserted = em.createNativeQuery("""
                INSERT INTO asset (id, state, priority, source, request, request_hash, created_at, updated_at)
                VALUES (:id, :state, :priority, :source, CAST(:request AS jsonb), :hash, :now, :now)
                ON CONFLICT (id) DO NOTHING""")
                .setParameter("id", arrived.id())
                .setParameter("state", AssetState.NEW.name())
                .setParameter("priority", arrived.priority())
                .setParameter("source", arrived.source())
                .setParameter("request", request)
                .setParameter("hash", hash)
                .setParameter("now", Timestamp.from(now))
                .executeUpdate();
        if (inserted == 0) {
            String existing = (String) em.createNativeQuery("SELECT request_hash FROM asset WHERE id = :id")
                    .setParameter("id", arrived.id()).getSingleResult();
            return existing.equals(hash) ? Outcome.EXISTING : Outcome.CONFLICT;
        }
        em.createNativeQuery("INSERT INTO asset_log (asset_id) VALUES (:id)").setParameter("id", arrived.id())
                .executeUpdate();
        facts.append(arrived.id(), arrived, "mezzanine");
        int ordinal = 0;
        for (Rung rung : arrived.ladder()) {
            RenditionEntity rendition = new RenditionEntity();
            rendition.assetId = arrived.id();
            rendition.name = rung.name();
            rendition.ordinal = ordinal++;
            rendition.codec = rung.codec().id();
            rendition.recipe = json.write(rung);
            rendition.state = RenditionState.PENDING;
            rendition.encoderVersion = encoders.current(rendition.codec);
            rendition.updatedAt = now;
            rendition.persist();
        }
        return Outcome.CREATED;
    }

    private static Rung toRung(MediaConfig.RungConfig rung) {
        Codec codec = Codec.fromId(rung.codec());
        if (codec == null) {
            throw new IllegalStateException("media.default-ladder: unknown codec " + rung.codec());
        }
        return new Rung(rung.name(), codec, rung.width(), rung.height(), rung.crf().orElse(null),
                rung.bitrateKbps().orElse(null), null, null, rung.preset().orElse(null), null, null, null);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
