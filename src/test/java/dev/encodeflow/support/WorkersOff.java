package dev.encodeflow.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** A test profile whose instance runs no tasks, so a test can drive the queue by hand. */
public class WorkersOff implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("workers.enabled", "false");
    }
}
