package dev.encodeflow.worker;

import dev.encodeflow.queue.ClaimedTask;
import dev.encodeflow.queue.TaskQueue;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Takes back work whose worker is gone: a running task whose lease expired is requeued, or
 * dead-lettered once it has used its attempts. Also moves failed tasks whose backoff elapsed
 * back to the queue. Runs on every instance; SKIP LOCKED keeps instances off each other's rows,
 * and every write is claim-checked, so a rescue racing a late completion changes one or the other,
 * never both.
 */
@ApplicationScoped
public class Rescuer {

    private static final Logger LOG = Logger.getLogger(Rescuer.class);
    static final String LEASE_EXPIRED = "lease expired: the worker running it stopped responding";

    /** What to do with a task whose lease expired. */
    public enum Decision { REQUEUE, DEAD }

    private final TaskQueue queue;
    private final dev.encodeflow.queue.DueWork due;
    private final TaskOutcomes outcomes;
    private final Clock clock;

    Rescuer(TaskQueue queue, dev.encodeflow.queue.DueWork due, TaskOutcomes outcomes, Clock clock) {
        this.queue = queue;
        this.due = due;
        this.outcomes = outcomes;
        this.clock = clock;
    }

    /** Pure: an expired task is retried while it has attempts left. */
    public static Decision decide(ClaimedTask expired) {
        return expired.attempt() < expired.maxAttempts() ? Decision.REQUEUE : Decision.DEAD;
    }

    @Scheduled(every = "${workers.maintenance-interval:PT2S}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void maintain() {
        Instant now = clock.instant();
        if (!due.anyDue(now)) {
            // The usual case: one plain query, no transactions.
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> due.promoteDueRetries(now));
        int rescued = rescueExpired(now);
        if (rescued > 0) {
            LOG.infof("Rescued %d tasks whose lease had expired", rescued);
        }
    }

    int rescueExpired(Instant now) {
        // Found without locks; each is then taken back in its own transaction, asset row first,
        // claim-checked, so a completion that lands in between simply wins.
        List<ClaimedTask> expired = QuarkusTransaction.requiringNew().call(() -> queue.findExpired(now, 100));
        int rescued = 0;
        for (ClaimedTask task : expired) {
            rescued += outcomes.takenBack(task, LEASE_EXPIRED, true) ? 1 : 0;
        }
        return rescued;
    }
}
