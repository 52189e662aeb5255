package dev.encodeflow.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rule firings by rule name ({@code encodeflow_rule_firings_total{rule}}, Contract v2). Rule
 * names come from the rule set in force (a few dozen), so the label's values stay bounded.
 */
@ApplicationScoped
public class RuleMetrics {

    private final MeterRegistry meters;
    private final Map<String, Counter> firings = new ConcurrentHashMap<>();

    RuleMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /** An applied evaluation's firings, by rule. */
    public void fired(Map<String, Integer> byRule) {
        for (Map.Entry<String, Integer> fired : byRule.entrySet()) {
            firings.computeIfAbsent(fired.getKey(), rule -> Counter.builder("encodeflow.rule.firings")
                    .description("Rule firings in applied evaluations (replays included), by rule")
                    .tags("rule", rule).register(meters))
                    .increment(fired.getValue());
        }
    }
}
