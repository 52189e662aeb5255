package dev.encodeflow.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Execution avoidance on, as in production (the other tests run with it off: they need real work). */
public class ReuseEnabled implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("reuse.enabled", "true");
    }
}
