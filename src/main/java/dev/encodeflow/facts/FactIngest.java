package dev.encodeflow.facts;

import dev.encodeflow.api.ApiException;
import dev.encodeflow.asset.AssetEntity;
import dev.encodeflow.asset.RenditionEntity;
import dev.encodeflow.model.Cancel;
import dev.encodeflow.model.Codec;
import dev.encodeflow.model.EncodeStale;
import dev.encodeflow.model.Reprioritize;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.OptionalLong;

/** Appends a posted fact to its asset's log (the rules take it from there). */
@ApplicationScoped
public class FactIngest {

    /** Where the fact went: its sequence number in the asset's log, or a repeat of one already there. */
    public record Recorded(String assetId, Long seq, boolean duplicate) {
    }

    private final FactLog facts;
    private final EncoderVersions encoders;
    private final dev.encodeflow.backfill.Backfills backfills;

    FactIngest(FactLog facts, EncoderVersions encoders, dev.encodeflow.backfill.Backfills backfills) {
        this.facts = facts;
        this.backfills = backfills;
        this.encoders = encoders;
    }

    /** Records a fact; answers what became of it. */
    @Transactional
    public Object record(FactRequest request) {
        if (request instanceof FactRequest.EncoderUpgraded upgraded) {
            Codec codec = Codec.fromId(upgraded.codec());
            if (codec == null) {
                throw ApiException.invalid("codec", "must be one of " + Codec.allowed());
            }
            return encoders.upgrade(codec, upgraded.version());
        }
        return recordForAsset((FactRequest.AboutAsset) request);
    }

    private Recorded recordForAsset(FactRequest.AboutAsset request) {
        Object fact = toFact(request);
        // Someone outside cares about this asset now: its work is no longer backfill. Before the
        // append: the asset row, then its log, is the lock order the evaluator keeps too.
        backfills.live(request.assetId());
        OptionalLong seq = facts.append(request.assetId(), fact,
                request.id() == null ? null : "client:" + request.id());
        return new Recorded(request.assetId(), seq.isPresent() ? seq.getAsLong() : null, seq.isEmpty());
    }

    private static Object toFact(FactRequest.AboutAsset request) {
        if (request instanceof FactRequest.EncodeStale stale) {
            if (stale.rendition() != null && AssetEntity.findById(stale.assetId()) != null
                    && RenditionEntity.findById(new RenditionEntity.Key(stale.assetId(), stale.rendition())) == null) {
                throw ApiException.unprocessable("asset '" + stale.assetId() + "' has no rendition '"
                        + stale.rendition() + "'", null);
            }
            return new EncodeStale(stale.rendition(), stale.reason());
        }
        if (request instanceof FactRequest.Cancel cancel) {
            return new Cancel(cancel.reason());
        }
        FactRequest.Reprioritize reprioritize = (FactRequest.Reprioritize) request;
        return new Reprioritize(reprioritize.priority());
    }
}
