package dev.encodeflow.api;

import dev.encodeflow.asset.AssetEntity;
import dev.encodeflow.asset.RenditionEntity;
import dev.encodeflow.model.Output;
import dev.encodeflow.model.AssetState;
import dev.encodeflow.model.Packaged;
import dev.encodeflow.model.Probe;
import dev.encodeflow.model.QualityMeasured;
import dev.encodeflow.model.Rung;
import dev.encodeflow.util.JsonText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds asset views from the read model: asset and rendition rows, and chunk progress. */
@ApplicationScoped
public class AssetViews {

    private final EntityManager em;
    private final JsonText json;

    private final dev.encodeflow.outputs.OutputGenerations generations;

    AssetViews(EntityManager em, JsonText json, dev.encodeflow.outputs.OutputGenerations generations) {
        this.generations = generations;
        this.em = em;
        this.json = json;
    }

    public AssetView of(AssetEntity asset) {
        return of(List.of(asset)).get(0);
    }

    /** Views of several assets with two queries, whatever their number. */
    public List<AssetView> of(List<AssetEntity> assets) {
        if (assets.isEmpty()) {
            return List.of();
        }
        List<String> ids = assets.stream().map(a -> a.id).toList();
        Map<String, List<RenditionEntity>> renditions = new HashMap<>();
        for (RenditionEntity r : RenditionEntity.<RenditionEntity>list("assetId in ?1 order by ordinal", ids)) {
            renditions.computeIfAbsent(r.assetId, k -> new ArrayList<>()).add(r);
        }
        Map<String, Integer> done = chunksDone(ids);
        Map<String, Map<String, String>> packages = packages(assets);
        Map<String, QualityMeasured> quality = quality(ids);
        Map<String, List<dev.encodeflow.outputs.OutputGenerations.Previous>> previous = generations.previous(ids);
        List<AssetView> views = new ArrayList<>();
        for (AssetEntity asset : assets) {
            List<AssetView.RenditionView> rungs = new ArrayList<>();
            for (RenditionEntity r : renditions.getOrDefault(asset.id, List.of())) {
                Rung rung = json.read(r.recipe, Rung.class);
                rungs.add(new AssetView.RenditionView(r.name, r.codec, rung.width(), rung.height(), r.state,
                        r.generation, r.encoderVersion, done.getOrDefault(asset.id + "\u0000" + r.name, 0), r.chunksTotal,
                        r.output == null ? null : json.read(r.output, Output.class), r.error,
                        qualityOf(quality.get(asset.id + "\u0000" + r.name), r.generation),
                        previous.getOrDefault(asset.id + "\u0000" + r.name, List.of())));
            }
            views.add(new AssetView(asset.id, asset.state, asset.priority, asset.source, probe(asset.probe), rungs,
                    asset.error, asset.ruleSetVersion, asset.createdAt, asset.updatedAt, packages.get(asset.id)));
        }
        return views;
    }

    /**
     * The manifests of each complete asset's latest package (one index range read per asset:
     * fact_type_idx). A package older than a re-encode is never shown: the asset is not COMPLETE
     * again until the new one is recorded.
     */
    private Map<String, Map<String, String>> packages(List<AssetEntity> assets) {
        List<String> complete = assets.stream().filter(a -> a.state == AssetState.COMPLETE).map(a -> a.id).toList();
        Map<String, Map<String, String>> packages = new HashMap<>();
        if (complete.isEmpty()) {
            return packages;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT DISTINCT ON (asset_id) asset_id, CAST(payload AS text) FROM fact
                WHERE asset_id IN (:ids) AND type = 'Packaged'
                ORDER BY asset_id, seq DESC""")
                .setParameter("ids", complete)
                .getResultList();
        for (Object[] row : rows) {
            packages.put((String) row[0], json.read((String) row[1], Packaged.class).manifests());
        }
        return packages;
    }

    /** The latest quality measurement of each rendition (any generation; matched by the caller). */
    private Map<String, QualityMeasured> quality(List<String> assetIds) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT DISTINCT ON (asset_id, payload->>'rendition') asset_id, CAST(payload AS text) FROM fact
                WHERE asset_id IN (:ids) AND type = 'QualityMeasured'
                ORDER BY asset_id, payload->>'rendition', seq DESC""")
                .setParameter("ids", assetIds)
                .getResultList();
        Map<String, QualityMeasured> quality = new HashMap<>();
        for (Object[] row : rows) {
            QualityMeasured measured = json.read((String) row[1], QualityMeasured.class);
            quality.put(row[0] + "\u0000" + measured.rendition(), measured);
        }
        return quality;
    }

    private static AssetView.QualityView qualityOf(QualityMeasured measured, int generation) {
        return measured == null || measured.generation() != generation ? null
                : new AssetView.QualityView(measured.psnr(), measured.ssim(), measured.vmaf());
    }

    /** Encoded chunks of each rendition's current generation. */
    private Map<String, Integer> chunksDone(List<String> assetIds) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT t.asset_id, t.rendition, count(*) FROM task t
                JOIN rendition r ON r.asset_id = t.asset_id AND r.name = t.rendition AND r.generation = t.generation
                WHERE t.asset_id IN (:ids) AND t.type = 'ENCODE_CHUNK' AND t.state = 'SUCCEEDED'
                GROUP BY t.asset_id, t.rendition""")
                .setParameter("ids", assetIds)
                .getResultList();
        Map<String, Integer> done = new HashMap<>();
        for (Object[] row : rows) {
            done.put(row[0] + "\u0000" + row[1], ((Number) row[2]).intValue());
        }
        return done;
    }

    private AssetView.ProbeView probe(String text) {
        if (text == null) {
            return null;
        }
        Probe p = json.read(text, Probe.class);
        return new AssetView.ProbeView(p.durationSeconds(), p.frames(), Math.round(p.fps() * 1000) / 1000.0, p.width(),
                p.height(), p.pixelFormat(), p.videoCodec(), p.hasAudio(), p.keyFrames(), p.planning());
    }

}
