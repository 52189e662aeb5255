package dev.encodeflow.queue;

import dev.encodeflow.cluster.Notifier;
import dev.encodeflow.cluster.Wakeups;
import dev.encodeflow.util.AfterCommit;
import dev.encodeflow.util.Waiter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Wakes this instance's workers when tasks become claimable, instead of waiting for the next poll. */
@ApplicationScoped
public class QueueSignal {

    private final Waiter waiter = new Waiter();
    private final AfterCommit afterCommit;
    private final Notifier notifier;
    private final boolean acrossInstances;

    QueueSignal(AfterCommit afterCommit, Notifier notifier,
            @ConfigProperty(name = "cluster.wake-ups", defaultValue = "true") boolean acrossInstances) {
        this.afterCommit = afterCommit;
        this.notifier = notifier;
        this.acrossInstances = acrossInstances;
    }

    /** Wakes this instance's workers, and every other instance's (cluster.Wakeups), once the transaction commits. */
    public void wakeAfterCommit() {
        if (acrossInstances) {
            afterCommit.run(() -> {
                waiter.wake();
                notifier.request(Wakeups.TASKS);
            });
        } else {
            afterCommit.run(waiter::wake);
        }
    }

    public void wake() {
        waiter.wake();
    }

    public Waiter waiter() {
        return waiter;
    }
}
