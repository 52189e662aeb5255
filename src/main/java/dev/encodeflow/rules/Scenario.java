package dev.encodeflow.rules;

import dev.encodeflow.model.AssetState;
import dev.encodeflow.model.RenditionState;
import dev.encodeflow.model.TaskType;
import java.util.List;
import java.util.Map;

/**
 * A rule scenario (rules/scenarios/*.yaml): facts already in an asset's log, the facts that
 * arrive, and what the rules must decide about them. See docs/rules-authoring.md for the format.
 */
public record Scenario(String file, String name, List<Object> given, List<Object> when, Expect expect) {

    /** What the rules must decide: exactly these tasks, and optionally these states afterwards. */
    public record Expect(List<ExpectedTask> tasks, AssetState asset, Map<String, RenditionState> renditions) {
    }

    /** {@code count} tasks of a type; the other fields, when given, must match too. */
    public record ExpectedTask(TaskType type, String rendition, Integer chunk, Integer generation, Integer priority,
            String rule, Integer count) {

        int times() {
            return count == null ? 1 : count;
        }

        boolean matches(TaskRequest task, int priorityOfAsset) {
            return task.type() == type
                    && (rendition == null || rendition.equals(task.rendition()))
                    && (chunk == null || chunk.equals(task.chunk()))
                    && (generation == null || generation.equals(task.generation()))
                    && (priority == null || priority == priorityOfAsset)
                    && (rule == null || rule.equals(task.rule()));
        }

        @Override
        public String toString() {
            return times() + " x " + type + (rendition == null ? "" : " rendition " + rendition)
                    + (chunk == null ? "" : " chunk " + chunk) + (generation == null ? "" : " generation " + generation)
                    + (priority == null ? "" : " priority " + priority) + (rule == null ? "" : " from '" + rule + "'");
        }
    }
}
