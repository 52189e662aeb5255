package dev.encodeflow.workflow;

import dev.encodeflow.db.PlainQueries;
import dev.encodeflow.model.AssetState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.Session;

/**
 * The evaluator's reads and writes of asset rows, in plain SQL: a batch is locked and read in
 * one statement and written back in one, whatever its size. This path runs for every fact the
 * service takes in, so it skips the entity machinery (dirty checking, flush, the request column
 * the rules never need); the REST API reads assets as entities.
 */
@ApplicationScoped
public class AssetRows {

    /** The columns of an asset the evaluation reads and may change. */
    public static final class Row {
        public final String id;
        public AssetState state;
        public int priority;
        public String error;
        public String ruleSetVersion;
        public Instant updatedAt;
        public long evaluatedSeq;
        /** Whether the row has a probe result already. */
        public final boolean probed;
        /** A probe result to store; only set when the row has none. */
        public String newProbe;
        /** The backfill the asset's work belongs to (null: live). */
        public Long backfillId;

        Row(String id, AssetState state, int priority, String error, String ruleSetVersion, long evaluatedSeq,
                boolean probed, Long backfillId) {
            this.backfillId = backfillId;
            this.id = id;
            this.state = state;
            this.priority = priority;
            this.error = error;
            this.ruleSetVersion = ruleSetVersion;
            this.evaluatedSeq = evaluatedSeq;
            this.probed = probed;
        }
    }

    /**
     * An asset marked for evaluation: how far its rules have read, the newest number marked, and
     * whether the mark is a rule change's background re-evaluation.
     */
    public record Marked(String id, long evaluatedSeq, long upTo, boolean background) {
    }

    private final EntityManager em;
    private final PlainQueries plain;

    AssetRows(EntityManager em, PlainQueries plain) {
        this.em = em;
        this.plain = plain;
    }

    /** Whether any asset is marked for evaluation (an idle evaluator's poll): one plain statement. */
    public boolean anyPending() {
        return plain.maybe("SELECT EXISTS (SELECT 1 FROM evaluation_pending)");
    }

    /**
     * At most this many background re-evaluations (a rule change's replays) per batch: a batch of
     * them is what a live fact arriving meanwhile waits for, so it is kept to a few milliseconds.
     */
    static final int BACKGROUND_PER_BATCH = 4;

    /**
     * Up to {@code limit} assets marked for evaluation: those with new facts first, longest
     * waiting first, then at most {@link #BACKGROUND_PER_BATCH} background marks.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Marked> pending(int limit) {
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT a.id, a.evaluated_seq, p.up_to, p.background FROM (
                        (SELECT asset_id, up_to, since, background FROM evaluation_pending WHERE NOT background
                         ORDER BY since LIMIT ?)
                        UNION ALL
                        (SELECT asset_id, up_to, since, background FROM evaluation_pending WHERE background
                         ORDER BY since LIMIT ?)) p
                    JOIN asset a ON a.id = p.asset_id
                    ORDER BY p.background, p.since LIMIT ?""")) {
                select.setInt(1, limit);
                select.setInt(2, Math.min(limit, BACKGROUND_PER_BATCH));
                select.setInt(3, limit);
                List<Marked> marked = new ArrayList<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        marked.add(new Marked(row.getString(1), row.getLong(2), row.getLong(3), row.getBoolean(4)));
                    }
                }
                return marked;
            }
        });
    }

    /** Locks the assets (in id order, the service's lock order) and reads them; unknown ids are absent. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Row> lockAll(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT id, state, priority, error, rule_set_version, evaluated_seq, probe IS NOT NULL, backfill_id
                    FROM asset WHERE id = ANY(?) ORDER BY id FOR NO KEY UPDATE""")) {
                select.setArray(1, connection.createArrayOf("text", ids.toArray()));
                List<Row> rows = new ArrayList<>(ids.size());
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        rows.add(new Row(row.getString(1), AssetState.valueOf(row.getString(2)), row.getInt(3),
                                row.getString(4), row.getString(5), row.getLong(6), row.getBoolean(7),
                                (Long) row.getObject(8)));
                    }
                }
                return rows;
            }
        });
    }

    /** Writes the rows back in one statement (a probe only where one was newly set). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void updateAll(List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE asset a SET state = u.state, priority = u.priority, error = u.error,
                                       rule_set_version = u.rule_set_version,
                                       updated_at = COALESCE(CAST(u.updated_at AS timestamptz), a.updated_at),
                                       evaluated_seq = u.evaluated_seq, probe = COALESCE(CAST(u.probe AS jsonb), a.probe),
                                       backfill_id = u.backfill_id
                    FROM unnest(?::text[], ?::text[], ?::int[], ?::text[], ?::text[], ?::text[], ?::bigint[],
                                ?::text[], ?::bigint[]) AS u(id, state, priority, error, rule_set_version, updated_at,
                                                             evaluated_seq, probe, backfill_id)
                    WHERE a.id = u.id""")) {
                update.setArray(1, connection.createArrayOf("text", rows.stream().map(r -> r.id).toArray()));
                update.setArray(2, connection.createArrayOf("text", rows.stream().map(r -> r.state.name()).toArray()));
                update.setArray(3, connection.createArrayOf("int4", rows.stream().map(r -> r.priority).toArray()));
                update.setArray(4, connection.createArrayOf("text", rows.stream().map(r -> r.error).toArray()));
                update.setArray(5, connection.createArrayOf("text", rows.stream().map(r -> r.ruleSetVersion).toArray()));
                // ISO-8601 instants (with their Z): no time zone of the JVM or the session involved.
                update.setArray(6, connection.createArrayOf("text",
                        rows.stream().map(r -> r.updatedAt == null ? null : r.updatedAt.toString()).toArray()));
                update.setArray(7, connection.createArrayOf("int8", rows.stream().map(r -> r.evaluatedSeq).toArray()));
                update.setArray(8, connection.createArrayOf("text", rows.stream().map(r -> r.newProbe).toArray()));
                update.setArray(9, connection.createArrayOf("int8", rows.stream().map(r -> r.backfillId).toArray()));
                update.executeUpdate();
            }
        });
    }
}
