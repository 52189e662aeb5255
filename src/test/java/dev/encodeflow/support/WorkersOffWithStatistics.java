package dev.encodeflow.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Benchmarks driving the queue by hand, with Hibernate statistics to count statements. */
public class WorkersOffWithStatistics implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("workers.enabled", "false", "quarkus.hibernate-orm.statistics", "true",
                "quarkus.log.category.\"dev.encodeflow\".level", "WARN");
    }
}
