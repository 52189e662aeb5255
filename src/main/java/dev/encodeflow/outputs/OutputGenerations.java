package dev.encodeflow.outputs;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.encodeflow.model.Output;
import dev.encodeflow.util.JsonText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The generations of each rendition's output: the one published now and those it replaced. The
 * published path never changes (players and the contract name it); the file a new generation
 * replaced is kept as a hard link ({@link #keptPath}), made by the validation just before its
 * atomic rename, and removed by {@link GenerationCollector} per the retention settings.
 */
@ApplicationScoped
public class OutputGenerations {

    /** A generation the current one replaced; {@code keptPath} is null once removed. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Previous(int generation, Output output, String encoderVersion, Instant publishedAt,
            Instant supersededAt, String keptPath, Instant removedAt) {
    }

    private final EntityManager em;
    private final JsonText json;

    OutputGenerations(EntityManager em, JsonText json) {
        this.em = em;
        this.json = json;
    }

    /** Where the published file of {@code rendition} is kept once generation {@code supersededBy} replaces it. */
    public static String keptPath(String assetId, String rendition, int supersededBy, String publishedPath) {
        String name = publishedPath.substring(publishedPath.lastIndexOf('/') + 1);
        String extension = name.contains(".") ? name.substring(name.lastIndexOf('.')) : "";
        return assetId + "/.generations/" + rendition + "/superseded-by-g" + supersededBy + extension;
    }

    /**
     * Records that {@code generation}'s output is published now; the generation it replaced, if
     * any, is marked superseded and kept. Joins the evaluation's transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void published(String assetId, String rendition, int generation, Output output, String encoderVersion,
            Instant now) {
        Timestamp at = Timestamp.from(now);
        em.createNativeQuery("""
                UPDATE output_generation SET superseded_at = :now, kept_path = :kept
                WHERE asset_id = :asset AND rendition = :rendition AND generation < :generation
                  AND superseded_at IS NULL""")
                .setParameter("now", at)
                .setParameter("kept", keptPath(assetId, rendition, generation, output.path()))
                .setParameter("asset", assetId).setParameter("rendition", rendition)
                .setParameter("generation", generation)
                .executeUpdate();
        em.createNativeQuery("""
                INSERT INTO output_generation (asset_id, rendition, generation, output, encoder_version, published_at)
                VALUES (:asset, :rendition, :generation, CAST(:output AS jsonb), :encoder, :now)
                ON CONFLICT (asset_id, rendition, generation) DO NOTHING""")
                .setParameter("asset", assetId).setParameter("rendition", rendition)
                .setParameter("generation", generation).setParameter("output", json.write(output))
                .setParameter("encoder", encoderVersion).setParameter("now", at)
                .executeUpdate();
    }

    /** The superseded generations of the assets' renditions, newest first, keyed by asset and rendition. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, List<Previous>> previous(List<String> assetIds) {
        Map<String, List<Previous>> previous = new HashMap<>();
        if (assetIds.isEmpty()) {
            return previous;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT asset_id, rendition, generation, CAST(output AS text), encoder_version, published_at,
                       superseded_at, kept_path, removed_at
                FROM output_generation WHERE asset_id IN (:ids) AND superseded_at IS NOT NULL
                ORDER BY asset_id, rendition, generation DESC""")
                .setParameter("ids", assetIds)
                .getResultList();
        for (Object[] row : rows) {
            Instant removed = instant(row[8]);
            previous.computeIfAbsent(row[0] + "\u0000" + row[1], k -> new ArrayList<>()).add(new Previous(
                    ((Number) row[2]).intValue(), json.read((String) row[3], Output.class), (String) row[4],
                    instant(row[5]), instant(row[6]), removed == null ? (String) row[7] : null, removed));
        }
        return previous;
    }

    private static Instant instant(Object value) {
        return value == null ? null : value instanceof Timestamp t ? t.toInstant() : (Instant) value;
    }
}
