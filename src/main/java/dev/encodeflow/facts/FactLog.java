package dev.encodeflow.facts;

import dev.encodeflow.rules.sandbox.SandboxProtocol;
import dev.encodeflow.model.FactTypes;

import dev.encodeflow.rules.SequencedFact;
import dev.encodeflow.util.JsonText;
import dev.encodeflow.workflow.EvaluationSignal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.hibernate.Session;

/**
 * The append-only log of an asset's facts. Facts are numbered per asset under the log lock (the
 * asset's {@code asset_log} row), so they commit in number order: whoever sees fact n committed
 * sees every fact before it. Appending marks the asset for evaluation ({@code evaluation_pending},
 * with the newest number) and wakes the evaluator after commit.
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
        // The UPDATE takes the asset's log lock and numbers the fact; a repeated key leaves a gap
        // in the numbering, which evaluation simply skips.
        @SuppressWarnings("unchecked")
        List<Number> seqs = em.createNativeQuery("""
                WITH bumped AS (
                    UPDATE asset_log SET fact_seq = fact_seq + 1 WHERE asset_id = :asset RETURNING fact_seq),
                marked AS (
                    INSERT INTO evaluation_pending (asset_id, up_to, since) SELECT :asset, fact_seq, :now FROM bumped
                    ON CONFLICT (asset_id) DO UPDATE SET up_to = EXCLUDED.up_to, background = false)
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

    /** A fact to append with {@link #appendAll}. */
    public record NewFact(String assetId, Object fact, String factKey) {
    }

    /**
     * Appends several facts, of one or many assets, in one statement: each asset's counter moves
     * by its number of facts, and the facts take the numbers in the order given. A fact whose key
     * is already stored is skipped (a gap in the numbering, as with {@link #append}). The assets
     * must exist and be locked by the caller (in id order), as the outcome writer does.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void appendAll(List<NewFact> facts) {
        if (facts.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(clock.instant());
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    WITH f AS (
                        SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY
                            AS f(asset_id, type, payload, fact_key, ord)),
                    bumped AS (
                        UPDATE asset_log l SET fact_seq = l.fact_seq + c.n
                        FROM (SELECT asset_id, count(*) AS n FROM f GROUP BY asset_id) c
                        WHERE l.asset_id = c.asset_id
                        RETURNING l.asset_id AS id, l.fact_seq, l.fact_seq - c.n AS base),
                    marked AS (
                        INSERT INTO evaluation_pending (asset_id, up_to, since)
                        SELECT id, fact_seq, ? FROM bumped ORDER BY id
                        ON CONFLICT (asset_id) DO UPDATE SET up_to = EXCLUDED.up_to, background = false)
                    INSERT INTO fact (asset_id, seq, type, payload, fact_key, created_at)
                    SELECT f.asset_id, b.base + row_number() OVER (PARTITION BY f.asset_id ORDER BY f.ord),
                           f.type, CAST(f.payload AS jsonb), f.fact_key, ?
                    FROM f JOIN bumped b ON b.id = f.asset_id
                    ON CONFLICT (asset_id, fact_key) WHERE fact_key IS NOT NULL DO NOTHING""")) {
                insert.setArray(1, connection.createArrayOf("text", facts.stream().map(NewFact::assetId).toArray()));
                insert.setArray(2, connection.createArrayOf("text",
                        facts.stream().map(f -> FactTypes.nameOf(f.fact())).toArray()));
                insert.setArray(3, connection.createArrayOf("text",
                        facts.stream().map(f -> json.write(f.fact())).toArray()));
                insert.setArray(4, connection.createArrayOf("text", facts.stream().map(NewFact::factKey).toArray()));
                insert.setTimestamp(5, now);
                insert.setTimestamp(6, now);
                insert.executeUpdate();
            }
        });
        signal.wakeAfterCommit();
    }

    /**
     * Takes the asset's log lock (its {@code asset_log} row) for the rest of the transaction.
     * Whoever changes an asset's tasks or appends its facts holds it, taken before any task row,
     * so no two of them can wait on each other; appending takes it by itself. The evaluator does
     * not: it holds the asset row, and takes the log lock only to change existing tasks. False
     * when there is no such asset.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean lock(String assetId) {
        return !em.createNativeQuery("SELECT asset_id FROM asset_log WHERE asset_id = :asset FOR NO KEY UPDATE")
                .setParameter("asset", assetId).getResultList().isEmpty();
    }

    /** Takes several assets' log locks, in id order (the service's lock order), in one statement. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockAll(java.util.SortedSet<String> assetIds) {
        if (!assetIds.isEmpty()) {
            em.createNativeQuery("""
                    SELECT asset_id FROM asset_log WHERE asset_id IN (:ids) ORDER BY asset_id FOR NO KEY UPDATE""")
                    .setParameter("ids", List.copyOf(assetIds)).getResultList();
        }
    }

    /**
     * Removes the "evaluate this asset" markers of assets the rules have read up to the given
     * numbers. A marker an append raised meanwhile stays: a row locked by a concurrent upsert is
     * re-checked against its new number. Call it last in a transaction (it may wait for an
     * append's commit).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void unmark(List<String> assetIds, List<Long> evaluatedUpTo) {
        if (assetIds.isEmpty()) {
            return;
        }
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("""
                    DELETE FROM evaluation_pending p USING unnest(?::text[], ?::bigint[]) AS d(asset_id, up_to)
                    WHERE p.asset_id = d.asset_id AND p.up_to <= d.up_to""")) {
                delete.setArray(1, connection.createArrayOf("text", assetIds.toArray()));
                delete.setArray(2, connection.createArrayOf("int8", evaluatedUpTo.toArray()));
                delete.executeUpdate();
            }
        });
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
        // The LATERAL subquery (kept apart by OFFSET 0) makes every plan, the generic plan of the
        // prepared statement too, an index range scan per asset; a plain join let the generic plan
        // hash-join the whole fact table (60 ms per batch at 100,000 facts).
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT w.asset_id, f.seq, f.type, CAST(f.payload AS text)
                    FROM unnest(?::text[], ?::bigint[]) AS w(asset_id, after)
                    CROSS JOIN LATERAL (
                        SELECT seq, type, payload FROM fact WHERE fact.asset_id = w.asset_id AND fact.seq > w.after
                        OFFSET 0) f
                    ORDER BY w.asset_id, f.seq""")) {
                select.setArray(1, connection.createArrayOf("text", ids.toArray()));
                select.setArray(2, connection.createArrayOf("int8", ids.stream().map(afterSeq::get).toArray()));
                try (java.sql.ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        logs.computeIfAbsent(row.getString(1), k -> new ArrayList<>()).add(
                                new SequencedFact(row.getLong(2), read(row.getString(3), row.getString(4))));
                    }
                }
                return logs;
            }
        });
    }

    /**
     * The whole log of each of several assets, in order, as stored (type name and JSON): previews
     * hand them to the rule sandbox, which reads them there.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public java.util.Map<String, List<SandboxProtocol.StoredFact>> readLogs(List<String> assetIds) {
        java.util.Map<String, List<SandboxProtocol.StoredFact>> logs = new java.util.LinkedHashMap<>();
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
            logs.get((String) row[0]).add(new SandboxProtocol.StoredFact(((Number) row[1]).longValue(),
                    (String) row[2], (String) row[3]));
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
