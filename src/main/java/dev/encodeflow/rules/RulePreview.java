package dev.encodeflow.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a candidate rule set would do differently: both rule sets replay an asset's whole log
 * from scratch, and the tasks each emits along the way are compared by what they are (their
 * dedup keys). Pure; nothing is applied.
 */
public final class RulePreview {

    /** Tasks the candidate emits that the active rules do not, and the other way round. */
    public record Difference(List<TaskRequest> added, List<TaskRequest> removed) {

        public boolean isEmpty() {
            return added.isEmpty() && removed.isEmpty();
        }
    }

    private final int maxFirings;

    public RulePreview(int maxFirings) {
        this.maxFirings = maxFirings;
    }

    public Difference compare(RuleSet active, RuleSet candidate, List<SequencedFact> log) {
        Map<String, TaskRequest> before = emitted(active, log);
        Map<String, TaskRequest> after = emitted(candidate, log);
        List<TaskRequest> added = new ArrayList<>();
        List<TaskRequest> removed = new ArrayList<>();
        after.forEach((key, task) -> {
            if (!before.containsKey(key)) {
                added.add(task);
            }
        });
        before.forEach((key, task) -> {
            if (!after.containsKey(key)) {
                removed.add(task);
            }
        });
        return new Difference(added, removed);
    }

    /** Every task a rule set emits over the log, by dedup key. */
    Map<String, TaskRequest> emitted(RuleSet rules, List<SequencedFact> log) {
        Map<String, TaskRequest> tasks = new LinkedHashMap<>();
        try (RuleSession session = rules.newSession(maxFirings)) {
            session.replay(log).tasks().forEach(t -> tasks.putIfAbsent(t.dedupKey(), t));
        }
        return tasks;
    }
}
