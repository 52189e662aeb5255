package dev.encodeflow.worker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.OptionalInt;

/** The worker pool of this instance and the queue's timing. */
@ConfigMapping(prefix = "workers")
public interface WorkerConfig {

    /** Whether this instance runs tasks at all (an API-only instance sets false). */
    @WithDefault("true")
    boolean enabled();

    /** CPU slots of the pool; the number of available processors when absent. */
    OptionalInt slots();

    /** How long a claim holds without a heartbeat before the rescuer may take the task back. */
    @WithDefault("PT30S")
    Duration lease();

    /** How often running tasks renew their leases. */
    @WithDefault("PT10S")
    Duration heartbeat();

    /** Longest sleep of an idle pool between looks at the queue (new work wakes it sooner). */
    @WithDefault("PT1S")
    Duration poll();

    /** Attempts per task before it is dead-lettered. */
    @WithDefault("3")
    int maxAttempts();

    /** Backoff after the first failed attempt; doubles per attempt up to the cap, plus jitter. */
    @WithDefault("PT5S")
    Duration retryBase();

    @WithDefault("PT5M")
    Duration retryCap();

    /** On shutdown, how long running tasks may take to finish before they are released. */
    @WithDefault("PT30S")
    Duration shutdownGrace();

    /**
     * Benchmarks only: media tasks complete at once with made-up results, no ffmpeg runs, so the
     * orchestration alone can be measured. Never set this in production.
     */
    @WithDefault("false")
    boolean simulate();

    /** How often the rescuer takes back expired leases and requeues due retries. */
    @WithDefault("PT2S")
    Duration maintenanceInterval();

    /** How often the janitor removes partial outputs of runs that will not finish. */
    @WithDefault("PT10M")
    Duration janitorInterval();

    /** Slots (decoding threads) of a VALIDATE task's full decode. */
    @WithDefault("2")
    int validateSlots();

    /** Stable name of this instance on its claims; host and HTTP port when absent. */
    java.util.Optional<String> instanceName();

    default int effectiveSlots() {
        return Math.max(1, slots().orElse(Runtime.getRuntime().availableProcessors()));
    }
}
