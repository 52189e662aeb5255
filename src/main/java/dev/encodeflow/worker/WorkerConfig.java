package dev.encodeflow.worker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.OptionalInt;

/** The worker pool of this instance and the queue's timing. */
@ConfigMapping(prefix = "workers")
public interface WorkerConfig {

    /**
     * Whether the outcome writer claims the next tasks for the slots its successes free in the
     * same transaction (one commit per busy cycle instead of two).
     */
    @WithDefault("true")
    boolean claimWithOutcomes();

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

    /**
     * Benchmarks and tests only, with {@link #simulate()}: how long a simulated chunk encode takes
     * per second of 1080p (scaled by its pixels and length); audio takes a tenth of it, the other
     * media tasks a quarter (SimulatedMedia). A stop (a cancel, a preemption) ends the wait at
     * once. Zero: they complete at once.
     */
    @WithDefault("PT0S")
    Duration simulateEncodeTime();

    /** How often the rescuer takes back expired leases and requeues due retries. */
    @WithDefault("PT2S")
    Duration maintenanceInterval();

    /** How often the janitor removes partial outputs of runs that will not finish. */
    @WithDefault("PT10M")
    Duration janitorInterval();

    /**
     * Threads a task's ffmpeg gets per slot it holds (decoder and encoder each), while other work
     * waits in the queue. One thread per slot is the most efficient way to keep every core busy
     * when there are more tasks than slots: parallel chunks share nothing.
     */
    @WithDefault("1")
    int threadsPerSlot();

    /**
     * Whether a claim that leaves the queue empty gives its tasks threads for the whole pool.
     * Nothing else would use the other cores: the last chunk of a rendition, an assembly, a lone
     * asset then run on all of them instead of one. Measured in docs/shapes.md ("Threads, and the tail").
     */
    @WithDefault("true")
    boolean tailBoost();

    /** Slots (decoding threads) of a VALIDATE task's full decode. */
    @WithDefault("2")
    int validateSlots();

    /** Stable name of this instance on its claims; host and HTTP port when absent. */
    java.util.Optional<String> instanceName();

    /**
     * Threads for a task holding {@code slots} slots; {@code tail} when its claim left the queue
     * empty (then as many as the pool has slots, if tail boost is on).
     */
    default int threadsFor(int slots, boolean tail) {
        return threadsFor(slots, tail, slots);
    }

    /**
     * As above, for a task of a claim that took {@code claimSlots} slots in all: a claim that
     * leaves the queue empty shares the pool's threads among its tasks, by their slots. The last
     * chunk claimed alone gets them all; two chunks claimed together on two slots get one each
     * (each with both would run four encoder threads on two cores: measured slower).
     */
    default int threadsFor(int slots, boolean tail, int claimSlots) {
        int threads = Math.max(1, slots * Math.max(1, threadsPerSlot()));
        if (!tail || !tailBoost()) {
            return threads;
        }
        return Math.max(threads, effectiveSlots() * slots / Math.max(slots, claimSlots));
    }

    default int effectiveSlots() {
        return Math.max(1, slots().orElse(Runtime.getRuntime().availableProcessors()));
    }
}
