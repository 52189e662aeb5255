package dev.encodeflow.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An asset's history: the facts that arrived, in order, each followed by the evaluation that
 * took it in (the rules that fired, what they emitted, the states they changed).
 */
@ApplicationScoped
public class AssetHistory {

    /** One entry: a fact ({@code kind} "fact") or an evaluation ({@code kind} "evaluation"). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String kind, long seq, Instant at, String type, @JsonRawValue String fact, Long fromSeq,
            String ruleSetVersion, Boolean replayed, String outcome, @JsonRawValue String rules,
            @JsonRawValue String changes, Integer tasksEnqueued, String error) {
    }

    /** A page of history, oldest first; pass {@code next} as {@code after} for more. */
    public record Page(String assetId, List<Entry> entries, Long next) {
    }

    private final EntityManager em;

    AssetHistory(EntityManager em) {
        this.em = em;
    }

    public Page of(String assetId, long after, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> facts = em.createNativeQuery("""
                SELECT seq, created_at, type, CAST(payload AS text) FROM fact
                WHERE asset_id = :asset AND seq > :after ORDER BY seq LIMIT :limit""")
                .setParameter("asset", assetId).setParameter("after", after).setParameter("limit", limit + 1)
                .getResultList();
        Long next = null;
        if (facts.size() > limit) {
            facts = facts.subList(0, limit);
            next = ((Number) facts.get(limit - 1)[0]).longValue();
        }
        long last = facts.isEmpty() ? after : ((Number) facts.get(facts.size() - 1)[0]).longValue();
        List<Entry> entries = new ArrayList<>();
        for (Object[] f : facts) {
            entries.add(new Entry("fact", ((Number) f[0]).longValue(), instant(f[1]), (String) f[2], (String) f[3],
                    null, null, null, null, null, null, null, null));
        }
        @SuppressWarnings("unchecked")
        List<Object[]> evaluations = em.createNativeQuery("""
                SELECT to_seq, created_at, from_seq, rule_set_version, replayed, outcome, CAST(rules AS text),
                       CAST(changes AS text), tasks_enqueued, error
                FROM evaluation WHERE asset_id = :asset AND to_seq > :after AND to_seq <= :last ORDER BY id""")
                .setParameter("asset", assetId).setParameter("after", after)
                .setParameter("last", next == null ? Long.MAX_VALUE : last)
                .getResultList();
        for (Object[] e : evaluations) {
            entries.add(new Entry("evaluation", ((Number) e[0]).longValue(), instant(e[1]), null, null,
                    ((Number) e[2]).longValue(), (String) e[3], (Boolean) e[4], (String) e[5], (String) e[6],
                    (String) e[7], ((Number) e[8]).intValue(), (String) e[9]));
        }
        // Facts in log order, each evaluation right after the last fact it covered.
        entries.sort(Comparator.comparingLong(Entry::seq).thenComparing(e -> "evaluation".equals(e.kind()))
                .thenComparing(Entry::at));
        return new Page(assetId, entries, next);
    }

    private static Instant instant(Object value) {
        return value instanceof Timestamp t ? t.toInstant() : value instanceof Instant i ? i
                : ((java.time.OffsetDateTime) value).toInstant();
    }
}
