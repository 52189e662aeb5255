package dev.encodeflow.rules;

import dev.encodeflow.model.AssetState;
import dev.encodeflow.model.Output;
import dev.encodeflow.model.Probe;
import dev.encodeflow.model.RenditionState;
import dev.encodeflow.model.Rung;
import java.util.List;
import java.util.Map;

/**
 * What one rule evaluation decided, as plain values: the asset's and renditions' states after the
 * rules settled ({@code changedRenditions}: those that differ from what this session reported
 * last, all of them for a new session), the tasks to enqueue and which rules fired. Applying it is someone else's job
 * ({@code workflow.DecisionApplier}), in one transaction.
 *
 * @param runaway the rules did not settle within the firing limit (the loop guard tripped)
 */
public record Decision(AssetStatus asset, List<RenditionStatus> renditions, List<RenditionStatus> changedRenditions,
        Probe probe, Integer chunksTotal, List<TaskRequest> tasks, Map<String, Integer> rulesFired, List<Change> changes,
        int firings, boolean runaway) {

    /** Nothing fired, nothing changed, nothing to enqueue: only the facts were taken in. */
    public boolean isQuiet() {
        return firings == 0 && tasks.isEmpty() && changes.isEmpty() && changedRenditions.isEmpty();
    }

    /** A state change and the rule that made it, for the asset's history. */
    public record Change(String subject, String from, String to, String rule) {
    }

    public record AssetStatus(String id, AssetState state, int priority, String error) {
    }

    public record RenditionStatus(String name, int ordinal, Rung rung, RenditionState state, int generation,
            String error, Output output) {
    }
}
