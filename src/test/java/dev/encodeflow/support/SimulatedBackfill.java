package dev.encodeflow.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Path;
import java.util.Map;

/**
 * A simulated pool of four slots whose encodes take time (one second per second of 1080p), one of
 * which backfill keeps while live work waits, with a live rules folder of its own.
 */
public class SimulatedBackfill implements QuarkusTestProfile {

    /** A fixed path: the runner's and the application's copies of this class name the same folder. */
    public static final Path RULES = Path.of("target/backfill-rules").toAbsolutePath();

    /** The rule file the test drops in; a run that crashed may have left it behind. */
    public static final String DROPPED = "60-backfill.drl";

    static {
        LiveRulesFolder.copyShippedRules(RULES);
        RULES.resolve(DROPPED).toFile().delete();
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("workers.simulate", "true", "workers.slots", "4", "workers.simulate-encode-time", "PT1S",
                "backfill.share", "0.25", "rules.dir", RULES.toString(), "rules.watch-interval", "PT1S");
    }
}
