package dev.encodeflow.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** SD AVC chunks take both slots of the test pool; SD HEVC chunks one: a mix to pack. */
public class TwoSlotChunks implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("shapes.avc.sd.slots", "2", "shapes.hevc.sd.slots", "1", "workers.slots", "2");
    }
}
