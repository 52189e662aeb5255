package dev.encodeflow.backfill;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Budgeted backfill (docs/always-on.md): work caused by a rule change or an encoder upgrade. */
@ConfigMapping(prefix = "backfill")
public interface BackfillConfig {

    /**
     * The share of an instance's slots backfill may keep while live work waits (0 to 1): beyond
     * it, the newest backfill tasks are preempted (stopped and queued again, the attempt not
     * counted). With no live work waiting, backfill takes every idle slot.
     */
    @WithDefault("0.25")
    double share();

    /**
     * A backfill task queued for longer than this is claimed as live work (and no longer
     * preempted): a backfill finishes even under constant live load. Paused backfills do not age.
     */
    @WithDefault("PT6H")
    Duration maxWait();

    /** How often waiting backfill tasks are checked for their age. */
    @WithDefault("PT1M")
    Duration agingInterval();

    /** The slots of a pool of {@code poolSlots} that backfill may keep while live work waits. */
    default int slotsKept(int poolSlots) {
        return (int) Math.floor(Math.max(0, Math.min(1, share())) * poolSlots);
    }
}
