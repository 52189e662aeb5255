package dev.encodeflow.workflow;

import dev.encodeflow.facts.FactLog;
import dev.encodeflow.model.AssetState;
import dev.encodeflow.model.TaskType;
import dev.encodeflow.rules.ActiveRules;
import dev.encodeflow.rules.RuleError;
import dev.encodeflow.rules.RuleSetRejected;
import dev.encodeflow.rules.sandbox.SandboxProtocol;
import dev.encodeflow.worker.Shapes;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;

/**
 * Impact preview: what a candidate rule set would change for stored assets compared with the
 * rules in force, per asset (tasks added, tasks no longer emitted) and in total, with an estimate
 * of the encoding time the added chunk encodes would cost. Both rule sets replay the assets' logs
 * in the rule sandbox (the candidate is untrusted code); this side reads the logs in batches and
 * streams them there. Reads only; applies nothing.
 */
@ApplicationScoped
public class ImpactPreview {

    public static final int MAX_ASSETS = 10_000;
    static final int BATCH = 250;

    /** One task in a preview, as a rule author reads it. */
    public record TaskChange(TaskType type, String rendition, Integer chunk, Integer generation, String rule) {
        static TaskChange of(SandboxProtocol.PreviewTask task) {
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

    ImpactPreview(ActiveRules rules, FactLog facts, EntityManager em, Shapes shapes) {
        this.rules = rules;
        this.facts = facts;
        this.em = em;
        this.shapes = shapes;
    }

    /**
     * @throws RuleSetRejected when the candidate does not compile or uses what rules may not
     * @throws dev.encodeflow.rules.sandbox.RuleSandbox.Unavailable when there is no sandbox here
     */
    public Result preview(Map<String, String> drl, Map<String, String> scenarios, List<String> assetIds,
            AssetState state, int limit) throws RuleSetRejected {
        long started = System.nanoTime();
        rules.guardFirst(drl);
        List<String> ids = QuarkusTransaction.requiringNew().call(() -> select(assetIds, state, limit));
        List<AssetImpact> impacts = new ArrayList<>();
        SandboxProtocol.Response response = rules.sandbox().preview(new TreeMap<>(drl), new TreeMap<>(scenarios),
                rules.maxFirings(), rules.active().drl(), logs(ids), ids.size(), difference -> impacts.add(impact(difference)));
        if (!response.ok()) {
            throw new RuleSetRejected(response.errors());
        }
        impacts.sort(java.util.Comparator.comparing(AssetImpact::assetId));
        int added = impacts.stream().mapToInt(i -> i.added().size()).sum();
        int removed = impacts.stream().mapToInt(i -> i.removed().size()).sum();
        double seconds = impacts.stream().mapToDouble(AssetImpact::estimatedEncodeSeconds).sum();
        return new Result(response.activeVersion(), response.version(), ids.size(), impacts.size(), added, removed,
                round(seconds), response.scenarioFailures(), impacts, (System.nanoTime() - started) / 1_000_000);
    }

    /** The logs of the selected assets, read a batch at a time as the sandbox takes them. */
    private Iterator<SandboxProtocol.AssetLog> logs(List<String> ids) {
        return new Iterator<>() {
            private int next;
            private Iterator<Map.Entry<String, List<SandboxProtocol.StoredFact>>> batch = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                return batch.hasNext() || next < ids.size();
            }

            @Override
            public SandboxProtocol.AssetLog next() {
                if (!batch.hasNext()) {
                    List<String> slice = ids.subList(next, Math.min(ids.size(), next + BATCH));
                    next += slice.size();
                    batch = QuarkusTransaction.requiringNew().call(() -> facts.readLogs(slice)).entrySet().iterator();
                }
                Map.Entry<String, List<SandboxProtocol.StoredFact>> log = batch.next();
                return new SandboxProtocol.AssetLog(log.getKey(), log.getValue());
            }
        };
    }

    private AssetImpact impact(SandboxProtocol.AssetDifference difference) {
        double estimate = difference.added().stream().mapToDouble(this::encodeSeconds).sum();
        return new AssetImpact(difference.assetId(), difference.added().stream().map(TaskChange::of).toList(),
                difference.removed().stream().map(TaskChange::of).toList(), round(estimate));
    }

    /** Single-thread encode time of a chunk at the speed measured for its shape (docs/shapes.md). */
    private double encodeSeconds(SandboxProtocol.PreviewTask task) {
        if (task.frames() == null || task.rung() == null) {
            return 0;
        }
        return task.frames() / shapes.framesPerSecond(task.rung());
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
