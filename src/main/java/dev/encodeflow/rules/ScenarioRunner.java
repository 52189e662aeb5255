package dev.encodeflow.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs scenarios against a rule set: the given facts go in one by one (as they would have
 * arrived), then the new facts; the tasks the new facts made the rules emit must be exactly the
 * expected ones. Pure, no container.
 */
public final class ScenarioRunner {

    /** How a scenario went: the failures (none when it passed) and every rule that fired. */
    public record Result(Scenario scenario, List<String> failures, Set<String> rulesFired) {

        public boolean passed() {
            return failures.isEmpty();
        }
    }

    private final int maxFirings;

    public ScenarioRunner(int maxFirings) {
        this.maxFirings = maxFirings;
    }

    public Result run(RuleSet rules, Scenario scenario) {
        Set<String> fired = new HashSet<>();
        try (RuleSession session = rules.newSession(maxFirings)) {
            long seq = 0;
            List<SequencedFact> given = new ArrayList<>();
            for (Object fact : scenario.given()) {
                given.add(new SequencedFact(++seq, fact));
            }
            if (!given.isEmpty()) {
                Decision decision = session.replay(given);
                fired.addAll(decision.rulesFired().keySet());
                if (decision.runaway()) {
                    return new Result(scenario, List.of("the rules did not settle on the given facts (loop guard)"), fired);
                }
            }
            List<TaskRequest> emitted = new ArrayList<>();
            Decision last = null;
            List<Object> arriving = scenario.when().isEmpty() ? List.of() : scenario.when();
            if (arriving.isEmpty()) {
                last = session.apply(List.of());
                emitted.addAll(last.tasks());
                fired.addAll(last.rulesFired().keySet());
            }
            for (Object fact : arriving) {
                last = session.apply(List.of(new SequencedFact(++seq, fact)));
                emitted.addAll(last.tasks());
                fired.addAll(last.rulesFired().keySet());
                if (last.runaway()) {
                    return new Result(scenario, List.of("the rules did not settle (loop guard)"), fired);
                }
            }
            return new Result(scenario, compare(scenario.expect(), last, emitted), fired);
        } catch (RuntimeException e) {
            return new Result(scenario, List.of("a rule failed: " + e.getMessage()), fired);
        }
    }

    /**
     * Runs every scenario; returns each failure as an error of the scenario's file. Rules that do
     * not settle in one scenario will not in the next: the run stops there rather than spend the
     * loop guard's firings again on each.
     */
    public List<RuleError> failures(RuleSet rules, List<Scenario> scenarios) {
        List<RuleError> errors = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            List<String> failures = run(rules, scenario).failures();
            for (String failure : failures) {
                errors.add(new RuleError(scenario.file(), 0, "scenario '" + scenario.name() + "': " + failure));
            }
            if (failures.stream().anyMatch(f -> f.contains("loop guard"))) {
                break;
            }
        }
        return errors;
    }

    private static List<String> compare(Scenario.Expect expect, Decision decision, List<TaskRequest> emitted) {
        List<String> failures = new ArrayList<>();
        int priority = decision.asset() == null ? 0 : decision.asset().priority();
        List<TaskRequest> left = new ArrayList<>(emitted);
        for (Scenario.ExpectedTask expected : expect.tasks()) {
            int found = 0;
            for (int i = 0; i < left.size() && found < expected.times(); ) {
                if (expected.matches(left.get(i), priority)) {
                    left.remove(i);
                    found++;
                } else {
                    i++;
                }
            }
            if (found < expected.times()) {
                failures.add("expected " + expected + ", the rules emitted " + found);
            }
        }
        for (TaskRequest extra : left) {
            failures.add("unexpected task " + extra.type() + (extra.rendition() == null ? "" : " rendition "
                    + extra.rendition()) + (extra.chunk() == null ? "" : " chunk " + extra.chunk()) + " from '"
                    + extra.rule() + "'");
        }
        if (expect.asset() != null && (decision.asset() == null || decision.asset().state() != expect.asset())) {
            failures.add("expected the asset " + expect.asset() + ", it is "
                    + (decision.asset() == null ? "absent" : decision.asset().state()));
        }
        for (Map.Entry<String, dev.encodeflow.model.RenditionState> rendition : expect.renditions().entrySet()) {
            Decision.RenditionStatus status = decision.renditions().stream()
                    .filter(r -> r.name().equals(rendition.getKey())).findFirst().orElse(null);
            if (status == null) {
                failures.add("expected rendition " + rendition.getKey() + " " + rendition.getValue() + ", there is none");
            } else if (status.state() != rendition.getValue()) {
                failures.add("expected rendition " + rendition.getKey() + " " + rendition.getValue() + ", it is "
                        + status.state() + (status.error() == null ? "" : " (" + status.error() + ")"));
            }
        }
        return failures;
    }
}
