package dev.encodeflow.queue;

import dev.encodeflow.cluster.Wakeups;
import dev.encodeflow.util.AfterCommit;
import dev.encodeflow.util.Waiter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Wakes this instance's workers when tasks become claimable, instead of waiting for the next poll. */
@ApplicationScoped
public class QueueSignal {

    private final Waiter waiter = new Waiter();
    private final AfterCommit afterCommit;
    private final EntityManager em;
    private final boolean acrossInstances;

    QueueSignal(AfterCommit afterCommit, EntityManager em,
            @ConfigProperty(name = "cluster.wake-ups", defaultValue = "true") boolean acrossInstances) {
        this.afterCommit = afterCommit;
        this.em = em;
        this.acrossInstances = acrossInstances;
    }

    /** Wakes this instance's workers, and every other instance's (cluster.Wakeups), once the transaction commits. */
    public void wakeAfterCommit() {
        afterCommit.run(waiter::wake);
        if (acrossInstances && afterCommit.inTransaction()) {
            Wakeups.notifyOnCommit(em, Wakeups.TASKS);
        }
    }

    public void wake() {
        waiter.wake();
    }

    public Waiter waiter() {
        return waiter;
    }
}
