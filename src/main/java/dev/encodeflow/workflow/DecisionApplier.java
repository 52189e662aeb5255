package dev.encodeflow.workflow;

import dev.encodeflow.asset.RenditionEntity;
import dev.encodeflow.facts.EncoderVersions;
import dev.encodeflow.model.AssetState;
import dev.encodeflow.model.TaskSpec;
import dev.encodeflow.model.TaskType;
import dev.encodeflow.queue.NewTask;
import dev.encodeflow.queue.TaskQueue;
import dev.encodeflow.rules.Decision;
import dev.encodeflow.rules.TaskRequest;
import dev.encodeflow.util.JsonText;
import dev.encodeflow.worker.Shapes;
import dev.encodeflow.worker.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a rule decision to the database, inside the evaluation's transaction: the asset and
 * rendition rows take the states the rules left, the requested tasks are enqueued, and the
 * consequences of state changes follow: a failed or cancelled asset drops its open work, a new
 * rendition generation supersedes the old one's, a new priority moves the queued tasks. Before
 * changing existing tasks it takes the asset's log lock, as every writer of tasks does (the
 * evaluator holds only the asset row otherwise).
 */
@ApplicationScoped
public class DecisionApplier {

    static final String LOOP_GUARD = "(loop guard)";

    private final TaskQueue queue;
    private final dev.encodeflow.queue.AssetTasks assetTasks;
    private final dev.encodeflow.backfill.Backfills backfills;
    private final dev.encodeflow.outputs.OutputGenerations generationsLog;
    private final dev.encodeflow.facts.FactLog facts;
    private final EncoderVersions encoders;
    private final Shapes shapes;
    private final JsonText json;
    private final Clock clock;
    private final int maxAttempts;
    private final int notifyMaxAttempts;

    DecisionApplier(TaskQueue queue, dev.encodeflow.queue.AssetTasks assetTasks,
            dev.encodeflow.backfill.Backfills backfills, dev.encodeflow.outputs.OutputGenerations generationsLog,
            dev.encodeflow.facts.FactLog facts, EncoderVersions encoders, Shapes shapes, JsonText json, Clock clock,
            WorkerConfig workers, dev.encodeflow.messaging.MessagingConfig messaging) {
        this.queue = queue;
        this.assetTasks = assetTasks;
        this.backfills = backfills;
        this.generationsLog = generationsLog;
        this.facts = facts;
        this.shapes = shapes;
        this.encoders = encoders;
        this.json = json;
        this.clock = clock;
        this.maxAttempts = workers.maxAttempts();
        this.notifyMaxAttempts = messaging.notifyMaxAttempts();
    }

    /**
     * Applies the decision; returns how many of its tasks were new to the queue. A background
     * re-evaluation (a rule change) that gives an asset at rest new work makes that work, and
     * what follows from it, backfill of the new rule set (backfill.Backfills).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int apply(AssetRows.Row asset, Decision decision, String ruleSetVersion, boolean background) {
        Instant now = clock.instant();
        Decision.AssetStatus status = decision.asset();
        AssetState before = asset.state;
        boolean atRest = before == AssetState.COMPLETE || before == AssetState.FAILED || asset.backfillId != null;
        boolean reprioritized = status.priority() != asset.priority;
        asset.state = status.state();
        asset.priority = status.priority();
        asset.error = status.error();
        asset.ruleSetVersion = ruleSetVersion;
        asset.updatedAt = now;
        if (decision.probe() != null && !asset.probed) {
            asset.newProbe = json.write(decision.probe());
        }

        boolean cancelling = asset.state != before
                && (asset.state == AssetState.FAILED || asset.state == AssetState.CANCELLED);
        Map<String, Integer> generations = applyRenditions(asset, decision, now);
        if (cancelling) {
            facts.lock(asset.id);
            assetTasks.cancelOpen(asset.id, now, true);
        }
        if (reprioritized) {
            facts.lock(asset.id);
            assetTasks.reprioritize(asset.id, asset.priority);
        }
        List<NewTask> tasks = new ArrayList<>();
        for (TaskRequest request : decision.tasks()) {
            // A request for a generation the rules have already moved past in this same evaluation
            // would only be superseded at once.
            Integer current = request.rendition() == null ? null : generations.get(request.rendition());
            if (current != null && request.generation() != null && !current.equals(request.generation())) {
                continue;
            }
            tasks.add(new NewTask(request.type(), request.dedupKey(), request.rendition(), request.chunk(),
                    request.generation(), json.write(request.spec()), attemptsFor(request.type()), shapes.slotsFor(request.spec()),
                    request.rule()));
        }
        if (background && atRest && !tasks.isEmpty()) {
            asset.backfillId = backfills.forCause(dev.encodeflow.backfill.Backfills.RULES, ruleSetVersion);
        }
        return queue.enqueue(asset.id, asset.priority, ruleSetVersion, now, tasks, asset.backfillId,
                backfills.laneOf(asset.backfillId));
    }

    /**
     * Quarantines an asset whose rules could not be evaluated (a rule threw, or the loop guard
     * tripped): it fails with the reason, its open work is cancelled, and an AssetFailed event
     * goes out. Its facts are kept; fixing the rules and sending a new fact re-evaluates it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void quarantine(AssetRows.Row asset, String reason, String ruleSetVersion, long upTo) {
        Instant now = clock.instant();
        asset.state = AssetState.FAILED;
        asset.error = reason;
        asset.ruleSetVersion = ruleSetVersion;
        asset.updatedAt = now;
        facts.lock(asset.id);
        assetTasks.cancelOpen(asset.id, now, true);
        TaskSpec.AssetEvent event = new TaskSpec.AssetEvent(TaskSpec.AssetEvent.FAILED, asset.id, AssetState.FAILED,
                reason, List.of());
        queue.enqueue(asset.id, asset.priority, ruleSetVersion, now, List.of(new NewTask(TaskType.NOTIFY,
                asset.id + "/notify/quarantined/" + upTo, null, null, null,
                json.write(new TaskSpec.Notify(event)), attemptsFor(TaskType.NOTIFY), 1, LOOP_GUARD)));
    }

    /**
     * Events wait out a broker outage: a NOTIFY task gets {@code messaging.notify-max-attempts}
     * (its backoff grows to {@code workers.retry-cap}), other tasks {@code workers.max-attempts}.
     */
    private int attemptsFor(TaskType type) {
        return type == TaskType.NOTIFY ? Math.max(maxAttempts, notifyMaxAttempts) : maxAttempts;
    }

    private Map<String, Integer> applyRenditions(AssetRows.Row asset, Decision decision, Instant now) {
        Map<String, Integer> generations = new HashMap<>();
        for (Decision.RenditionStatus status : decision.renditions()) {
            generations.put(status.name(), status.generation());
        }
        if (decision.changedRenditions().isEmpty()) {
            // Most evaluations (a chunk more is encoded) change no rendition: no reads, no writes.
            return generations;
        }
        Map<String, RenditionEntity> rows = new HashMap<>();
        for (RenditionEntity row : RenditionEntity.<RenditionEntity>list("assetId", asset.id)) {
            rows.put(row.name, row);
        }
        for (Decision.RenditionStatus status : decision.changedRenditions()) {
            RenditionEntity row = rows.get(status.name());
            boolean created = row == null;
            if (created) {
                row = new RenditionEntity();
                row.assetId = asset.id;
                row.name = status.name();
                row.generation = status.generation();
                row.encoderVersion = encoders.current(status.rung().codec().id());
            } else if (status.generation() > row.generation) {
                facts.lock(asset.id);
                assetTasks.supersede(asset.id, status.name(), status.generation(), now);
                // A new generation is encoded with the encoder announced now.
                row.encoderVersion = encoders.current(status.rung().codec().id());
            }
            row.ordinal = status.ordinal();
            row.codec = status.rung().codec().id();
            row.recipe = json.write(status.rung());
            row.state = status.state();
            row.generation = status.generation();
            row.chunksTotal = decision.chunksTotal();
            row.error = status.error();
            if (status.output() != null) {
                // The published file stays in place until a new generation's replacement has
                // validated (it is renamed over it): so does the view of it.
                // The rules clear a rendition's output when it restarts, so an output is always
                // its current generation's: recorded once, superseding the one before.
                generationsLog.published(asset.id, status.name(), status.generation(), status.output(),
                        row.encoderVersion, now);
                row.output = json.write(status.output());
            }
            row.updatedAt = now;
            if (created) {
                row.persist();
            }
        }
        return generations;
    }

}
