package dev.encodeflow.facts;

import dev.encodeflow.model.FactTypes;

import dev.encodeflow.rules.SequencedFact;
import dev.encodeflow.util.JsonText;
import dev.encodeflow.workflow.EvaluationSignal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The append-only log of an asset's facts. Facts are numbered per asset under the asset row's
 * lock, so a reader holding that lock sees every fact up to {@code asset.fact_seq} committed, in
 * order. Appending marks the asset for evaluation and wakes the evaluator after commit.
 */
@ApplicationScoped
public class FactLog {

    private final EntityManager em;
    private final JsonText json;
    private final Clock clock;
    private final EvaluationSignal signal;

    FactLog(EntityManager em, JsonText json, Clock clock, EvaluationSignal signal) {
        this.em = em;
        this.json = json;
        this.clock = clock;
        this.signal = signal;
    }

    /**
     * Appends a fact to an existing asset. With a {@code factKey}, a fact already stored under the
     * same key makes this a no-op (a repeated delivery). Returns the new fact's sequence number,
     * or empty when it was a repeat.
     *
     * @throws UnknownAssetException when the asset does not exist
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public OptionalLong append(String assetId, Object fact, String factKey) {
        Timestamp now = Timestamp.from(clock.instant());
        // The UPDATE takes the asset's row lock and numbers the fact; a repeated key leaves a gap
        // in the numbering, which evaluation simply skips.
        @SuppressWarnings("unchecked")
        List<Number> seqs = em.createNativeQuery("""
                WITH bumped AS (
                    UPDATE asset SET fact_seq = fact_seq + 1, updated_at = :now WHERE id = :asset RETURNING fact_seq)
                INSERT INTO fact (asset_id, seq, type, payload, fact_key, created_at)
                SELECT :asset, fact_seq, :type, CAST(:payload AS jsonb), :key, :now FROM bumped
                ON CONFLICT (asset_id, fact_key) WHERE fact_key IS NOT NULL DO NOTHING
                RETURNING seq""")
                .setParameter("now", now)
                .setParameter("asset", assetId)
                .setParameter("type", FactTypes.nameOf(fact))
                .setParameter("payload", json.write(fact))
                .setParameter("key", factKey)
                .getResultList();
        if (seqs.isEmpty()) {
            if (!exists(assetId)) {
                throw new UnknownAssetException(assetId);
            }
            return OptionalLong.empty();
        }
        signal.wakeAfterCommit();
        return OptionalLong.of(seqs.get(0).longValue());
    }

    /**
     * Takes the asset's row lock for the rest of the transaction. Every transaction that touches
     * both an asset and its tasks locks the asset first (the evaluator does, by selecting it), so
     * no two of them can wait on each other. False when there is no such asset.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean lock(String assetId) {
        return !em.createNativeQuery("SELECT id FROM asset WHERE id = :asset FOR NO KEY UPDATE")
                .setParameter("asset", assetId).getResultList().isEmpty();
    }

    /** Locks several assets' rows, in id order (the service's lock order), in one statement. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockAll(java.util.SortedSet<String> assetIds) {
        if (!assetIds.isEmpty()) {
            em.createNativeQuery("SELECT id FROM asset WHERE id IN (:ids) ORDER BY id FOR NO KEY UPDATE")
                    .setParameter("ids", List.copyOf(assetIds)).getResultList();
        }
    }

    /** Whether any fact of the asset is numbered after {@code afterSeq}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean hasAfter(String assetId, long afterSeq) {
        return !em.createNativeQuery("SELECT 1 FROM fact WHERE asset_id = :asset AND seq > :after LIMIT 1")
                .setParameter("asset", assetId).setParameter("after", afterSeq).getResultList().isEmpty();
    }

    /**
     * For several assets at once, the facts after each one's number, in order: one statement
     * for a whole evaluation batch. Only new facts are read, however long a log is.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public java.util.Map<String, List<SequencedFact>> readAfter(java.util.Map<String, Long> afterSeq) {
        java.util.Map<String, List<SequencedFact>> logs = new java.util.HashMap<>();
        if (afterSeq.isEmpty()) {
            return logs;
        }
        List<String> ids = List.copyOf(afterSeq.keySet());
        // Asset ids are [A-Za-z0-9._-]+ (a CHECK constraint), so they quote safely in an array literal.
        String idArray = ids.stream().map(id -> '"' + id + '"').collect(java.util.stream.Collectors.joining(",", "{", "}"));
        String afterArray = ids.stream().map(id -> String.valueOf(afterSeq.get(id)))
                .collect(java.util.stream.Collectors.joining(",", "{", "}"));
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT f.asset_id, f.seq, f.type, CAST(f.payload AS text)
                FROM unnest(CAST(:ids AS text[]), CAST(:afters AS bigint[])) AS w(asset_id, after)
                JOIN fact f ON f.asset_id = w.asset_id AND f.seq > w.after
                ORDER BY f.asset_id, f.seq""")
                .setParameter("ids", idArray)
                .setParameter("afters", afterArray)
                .getResultList();
        for (Object[] row : rows) {
            logs.computeIfAbsent((String) row[0], k -> new ArrayList<>()).add(new SequencedFact(
                    ((Number) row[1]).longValue(), read((String) row[2], (String) row[3])));
        }
        return logs;
    }

    /** The whole log of each of several assets, in order (for previews over many assets). */
    @Transactional(Transactional.TxType.MANDATORY)
    public java.util.Map<String, List<SequencedFact>> readLogs(List<String> assetIds) {
        java.util.Map<String, List<SequencedFact>> logs = new java.util.LinkedHashMap<>();
        if (assetIds.isEmpty()) {
            return logs;
        }
        assetIds.forEach(id -> logs.put(id, new ArrayList<>()));
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT asset_id, seq, type, CAST(payload AS text) FROM fact WHERE asset_id IN (:ids)
                ORDER BY asset_id, seq""")
                .setParameter("ids", assetIds)
                .getResultList();
        for (Object[] row : rows) {
            logs.get((String) row[0]).add(new SequencedFact(((Number) row[1]).longValue(),
                    read((String) row[2], (String) row[3])));
        }
        return logs;
    }

    /** Every fact of one type, in order (for example the encoded chunks an assembly joins). */
    @Transactional(Transactional.TxType.MANDATORY)
    public <T> List<T> readAll(String assetId, Class<T> type) {
        @SuppressWarnings("unchecked")
        List<String> rows = em.createNativeQuery("""
                SELECT CAST(payload AS text) FROM fact WHERE asset_id = :asset AND type = :type ORDER BY seq""")
                .setParameter("asset", assetId)
                .setParameter("type", type.getSimpleName())
                .getResultList();
        List<T> facts = new ArrayList<>(rows.size());
        for (String row : rows) {
            facts.add(type.cast(read(type.getSimpleName(), row)));
        }
        return facts;
    }

    private boolean exists(String assetId) {
        return !em.createNativeQuery("SELECT 1 FROM asset WHERE id = :asset")
                .setParameter("asset", assetId).getResultList().isEmpty();
    }

    private Object read(String type, String payload) {
        return json.read(payload, FactTypes.classOf(type));
    }
}
