package dev.encodeflow.workflow;

import dev.encodeflow.facts.FactLog;
import dev.encodeflow.model.AssetState;
import dev.encodeflow.model.TaskSpec;
import dev.encodeflow.model.TaskType;
import dev.encodeflow.rules.ActiveRules;
import dev.encodeflow.rules.RuleError;
import dev.encodeflow.rules.RulePreview;
import dev.encodeflow.rules.RuleSet;
import dev.encodeflow.rules.RuleSetRejected;
import dev.encodeflow.rules.RulesConfig;
import dev.encodeflow.rules.SequencedFact;
import dev.encodeflow.rules.TaskRequest;
import dev.encodeflow.worker.Shapes;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Impact preview: what a candidate rule set would change for stored assets compared with the
 * rules in force, per asset (tasks added, tasks no longer emitted) and in total, with an estimate
 * of the encoding time the added chunk encodes would cost. Reads only; applies nothing.
 */
@ApplicationScoped
public class ImpactPreview {

    public static final int MAX_ASSETS = 10_000;
    static final int BATCH = 250;

    /** One task in a preview, as a rule author reads it. */
    public record TaskChange(TaskType type, String rendition, Integer chunk, Integer generation, String rule) {
        static TaskChange of(TaskRequest task) {
            return new TaskChange(task.type(), task.rendition(), task.chunk(), task.generation(), task.rule());
        }
    }

    /** What would change for one asset. */
    public record AssetImpact(String assetId, List<TaskChange> added, List<TaskChange> removed,
            double estimatedEncodeSeconds) {
    }

    /** The whole preview. Scenario failures of the candidate are reported but do not stop it. */
    public record Result(String activeVersion, String candidateVersion, int assetsScanned, int assetsAffected,
            int tasksAdded, int tasksRemoved, double estimatedEncodeSecondsAdded, List<RuleError> scenarioFailures,
            List<AssetImpact> assets, long millis) {
    }

    private final ActiveRules rules;
    private final FactLog facts;
    private final EntityManager em;
    private final Shapes shapes;
    private final RulePreview preview;

    ImpactPreview(ActiveRules rules, FactLog facts, EntityManager em, Shapes shapes, RulesConfig config) {
        this.rules = rules;
        this.facts = facts;
        this.em = em;
        this.shapes = shapes;
        this.preview = new RulePreview(config.maxFirings());
    }

    /**
     * @throws RuleSetRejected when the candidate does not compile or uses what rules may not
     */
    public Result preview(Map<String, String> drl, Map<String, String> scenarios, List<String> assetIds,
            AssetState state, int limit) throws RuleSetRejected {
        long started = System.nanoTime();
        RuleSet active = rules.current();
        RuleSet candidate = rules.compile(drl);
        List<RuleError> scenarioFailures = rules.scenarioFailures(candidate, scenarios);
        List<String> ids = QuarkusTransaction.requiringNew().call(() -> select(assetIds, state, limit));
        List<AssetImpact> impacts = new ArrayList<>();
        int added = 0;
        int removed = 0;
        double seconds = 0;
        for (int from = 0; from < ids.size(); from += BATCH) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
            Map<String, List<SequencedFact>> logs = QuarkusTransaction.requiringNew().call(() -> facts.readLogs(batch));
            for (Map.Entry<String, List<SequencedFact>> log : logs.entrySet()) {
                RulePreview.Difference difference = preview.compare(active, candidate, log.getValue());
                if (difference.isEmpty()) {
                    continue;
                }
                double estimate = difference.added().stream().mapToDouble(this::encodeSeconds).sum();
                impacts.add(new AssetImpact(log.getKey(), difference.added().stream().map(TaskChange::of).toList(),
                        difference.removed().stream().map(TaskChange::of).toList(), round(estimate)));
                added += difference.added().size();
                removed += difference.removed().size();
                seconds += estimate;
            }
        }
        return new Result(active.version(), candidate.version(), ids.size(), impacts.size(), added, removed,
                round(seconds), scenarioFailures, impacts, (System.nanoTime() - started) / 1_000_000);
    }

    /** Single-thread encode time of a chunk at the speed measured for its shape (docs/shapes.md). */
    private double encodeSeconds(TaskRequest task) {
        if (!(task.spec() instanceof TaskSpec.EncodeChunk chunk)) {
            return 0;
        }
        return chunk.chunk().outputFrames(Math.max(1, chunk.frameStep())) / shapes.framesPerSecond(chunk.rung());
    }

    private List<String> select(List<String> assetIds, AssetState state, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id FROM asset WHERE 1 = 1");
        if (state != null) {
            sql.append(" AND state = :state");
        }
        if (assetIds != null && !assetIds.isEmpty()) {
            sql.append(" AND id IN (:ids)");
        }
        sql.append(" ORDER BY created_at, id LIMIT :limit");
        var query = em.createNativeQuery(sql.toString()).setParameter("limit", limit);
        if (state != null) {
            query.setParameter("state", state.name());
        }
        if (assetIds != null && !assetIds.isEmpty()) {
            query.setParameter("ids", assetIds);
        }
        @SuppressWarnings("unchecked")
        List<String> ids = query.getResultList();
        return ids;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }
}
