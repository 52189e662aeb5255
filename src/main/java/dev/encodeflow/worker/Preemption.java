package dev.encodeflow.worker;

import dev.encodeflow.backfill.BackfillConfig;
import dev.encodeflow.queue.TaskQueue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Live work before backfill, on a full pool: when live tasks wait and backfill holds more of this
 * pool's slots than its share ({@code backfill.share}), the backfill task started last (the least
 * work lost) is put back in the queue, its attempt not counted, and stopped. One at a time: the
 * next is considered once the stopped one has given its slots back, so live work never stops
 * more backfill than it takes slots. The stopped task is claimed again when live work leaves
 * slots idle; a chunk encode's reuse entry or its dedup key make the retry cheap and exact.
 */
@ApplicationScoped
public class Preemption {

    private static final Logger LOG = Logger.getLogger(Preemption.class);

    private final BackfillConfig config;
    private final TaskQueue queue;
    private final Counter preempted;

    Preemption(BackfillConfig config, TaskQueue queue, MeterRegistry meters) {
        this.config = config;
        this.queue = queue;
        this.preempted = Counter.builder("encodeflow.backfill.preempted")
                .description("Backfill tasks stopped and queued again so that waiting live work could run")
                .register(meters);
    }

    /** Whether backfill holds more than its share of a full pool and no stop is under way (no query). */
    boolean overShare(Collection<WorkerPool.Running> running, int poolSlots) {
        int backfill = 0;
        for (WorkerPool.Running run : running) {
            if (run.cancellation().isCancelled() && run.task().backfill()) {
                return false;
            }
            if (run.task().backfill() && !run.slotsReleased().get()) {
                backfill += run.task().slots();
            }
        }
        return backfill > config.slotsKept(poolSlots);
    }

    /** Whether a full pool should look again: backfill over its share and live work waiting. */
    boolean mayPreempt(Collection<WorkerPool.Running> running, int poolSlots) {
        return overShare(running, poolSlots) && queue.liveWaiting();
    }

    /**
     * Stops the newest backfill task if live work waits ({@code liveKnownWaiting}, or asked) and
     * backfill is over its share; true when one was stopped (its slots free when it ends).
     */
    boolean preemptFor(Collection<WorkerPool.Running> running, int poolSlots, boolean liveKnownWaiting) {
        if (!overShare(running, poolSlots) || !(liveKnownWaiting || queue.liveWaiting())) {
            return false;
        }
        Optional<WorkerPool.Running> newest = running.stream()
                .filter(run -> run.task().backfill() && !run.slotsReleased().get() && !run.cancellation().isCancelled())
                .max(Comparator.comparingLong(WorkerPool.Running::startedNanos));
        if (newest.isEmpty()) {
            return false;
        }
        WorkerPool.Running victim = newest.get();
        // Back in the queue first: once the claim is gone, the task's own report changes nothing.
        boolean released = QuarkusTransaction.requiringNew().call(() -> queue.release(victim.task()));
        if (released) {
            victim.cancellation().cancel("preempted by live work");
            preempted.increment();
            LOG.debugf("%s preempted by live work", victim.task());
        }
        return released;
    }
}
