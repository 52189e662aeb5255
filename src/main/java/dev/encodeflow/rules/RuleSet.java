package dev.encodeflow.rules;

import java.time.Instant;
import java.util.List;
import org.kie.api.KieBase;

/**
 * A compiled, immutable set of rules. The version is a content hash of the rule files, recorded
 * on every task the rules emit.
 */
public record RuleSet(String version, Instant loadedAt, List<String> files, List<String> ruleNames, KieBase kieBase) {

    public RuleSet {
        files = List.copyOf(files);
        ruleNames = List.copyOf(ruleNames);
    }

    /** A fresh session for one asset's facts. */
    public RuleSession newSession(int maxFirings) {
        return new RuleSession(this, maxFirings);
    }
}
