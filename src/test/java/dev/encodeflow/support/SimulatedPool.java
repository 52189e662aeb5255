package dev.encodeflow.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Benchmarks: a worker pool that completes media tasks without ffmpeg. */
public class SimulatedPool implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("workers.simulate", "true", "workers.slots", "2");
    }
}
