package dev.encodeflow.cluster;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Set;

/**
 * What this instance does (docs/scaling.md). One jar, any mix: {@code api} serves {@code /api/**}
 * and takes facts from the broker, {@code evaluator} runs the rules over new facts,
 * {@code workers} runs tasks. Any number of instances of each share one PostgreSQL; health,
 * metrics and the OpenAPI document are served by all.
 */
@ConfigMapping(prefix = "instance")
public interface InstanceRoles {

    String API = "api";
    String EVALUATOR = "evaluator";
    String WORKERS = "workers";
    Set<String> ALL = Set.of(API, EVALUATOR, WORKERS);

    @WithDefault("api,evaluator,workers")
    Set<String> roles();

    default boolean has(String role) {
        return roles().contains(role);
    }
}
