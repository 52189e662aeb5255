package dev.encodeflow.workflow;

import dev.encodeflow.model.TaskType;
import dev.encodeflow.rules.Decision;
import dev.encodeflow.rules.TaskRequest;
import dev.encodeflow.util.JsonText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Records each evaluation of an asset: facts covered, rules fired with what they emitted, state changes. */
@ApplicationScoped
public class EvaluationLog {

    /** One rule's part in an evaluation. */
    public record RuleActivity(String rule, int fired, Map<TaskType, Integer> emitted) {
    }

    private final EntityManager em;
    private final JsonText json;
    private final Clock clock;

    EvaluationLog(EntityManager em, JsonText json, Clock clock) {
        this.em = em;
        this.json = json;
        this.clock = clock;
    }

    /** Records an applied evaluation; a quiet one (no rule fired, nothing changed) leaves no row. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void applied(String assetId, long fromSeq, long toSeq, String version, boolean replayed, Decision decision,
            int enqueued) {
        if (decision.isQuiet() && !replayed) {
            return;
        }
        insert(assetId, fromSeq, toSeq, version, replayed, "APPLIED", activity(decision), decision.changes(),
                enqueued, null);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void quarantined(String assetId, long fromSeq, long toSeq, String version, boolean replayed,
            Decision decision, String error) {
        insert(assetId, fromSeq, toSeq, version, replayed, "QUARANTINED",
                decision == null ? List.of() : activity(decision), decision == null ? List.of() : decision.changes(),
                0, error);
    }

    /** Firings and emitted tasks per rule. */
    static List<RuleActivity> activity(Decision decision) {
        Map<String, Map<TaskType, Integer>> emitted = new TreeMap<>();
        for (TaskRequest task : decision.tasks()) {
            emitted.computeIfAbsent(task.rule(), r -> new TreeMap<>()).merge(task.type(), 1, Integer::sum);
        }
        List<RuleActivity> activity = new ArrayList<>();
        new TreeMap<>(decision.rulesFired()).forEach((rule, fired) ->
                activity.add(new RuleActivity(rule, fired, emitted.getOrDefault(rule, Map.of()))));
        return activity;
    }

    private void insert(String assetId, long fromSeq, long toSeq, String version, boolean replayed, String outcome,
            List<RuleActivity> rules, List<Decision.Change> changes, int enqueued, String error) {
        // Plain JDBC: one row per evaluation that did something, on the evaluator's hot path.
        String rulesJson = json.write(rules);
        String changesJson = json.write(changes);
        Timestamp now = Timestamp.from(clock.instant());
        em.unwrap(org.hibernate.Session.class).doWork(connection -> {
            try (java.sql.PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO evaluation (asset_id, from_seq, to_seq, rule_set_version, replayed, outcome, rules,
                                            changes, tasks_enqueued, error, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?, ?, ?)""")) {
                insert.setString(1, assetId);
                insert.setLong(2, fromSeq);
                insert.setLong(3, toSeq);
                insert.setString(4, version);
                insert.setBoolean(5, replayed);
                insert.setString(6, outcome);
                insert.setString(7, rulesJson);
                insert.setString(8, changesJson);
                insert.setInt(9, enqueued);
                insert.setString(10, error);
                insert.setTimestamp(11, now);
                insert.executeUpdate();
            }
        });
    }

}
