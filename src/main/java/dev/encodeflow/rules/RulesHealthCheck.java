package dev.encodeflow.rules;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once a rule set is loaded; reports which. A workers-only instance needs none. */
@Readiness
@ApplicationScoped
public class RulesHealthCheck implements HealthCheck {

    private final ActiveRules rules;

    RulesHealthCheck(ActiveRules rules) {
        this.rules = rules;
    }

    @Override
    public HealthCheckResponse call() {
        if (!rules.needed()) {
            return HealthCheckResponse.named("rules").up().withData("loaded", "none: this instance runs workers only")
                    .build();
        }
        RuleSet current = rules.current();
        if (current == null) {
            return HealthCheckResponse.named("rules").down().build();
        }
        return HealthCheckResponse.named("rules").up()
                .withData("version", current.version())
                .withData("rules", current.ruleNames().size())
                .withData("loadedAt", current.loadedAt().toString())
                .build();
    }
}
