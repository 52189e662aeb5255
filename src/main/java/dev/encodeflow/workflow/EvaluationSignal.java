package dev.encodeflow.workflow;

import dev.encodeflow.cluster.Notifier;
import dev.encodeflow.cluster.Wakeups;
import dev.encodeflow.util.AfterCommit;
import dev.encodeflow.util.Waiter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Wakes the evaluation loop when an asset has new facts. */
@ApplicationScoped
public class EvaluationSignal {

    private final Waiter waiter = new Waiter();
    private final AfterCommit afterCommit;
    private final Notifier notifier;
    private final boolean acrossInstances;

    EvaluationSignal(AfterCommit afterCommit, Notifier notifier,
            @ConfigProperty(name = "cluster.wake-ups", defaultValue = "true") boolean acrossInstances) {
        this.afterCommit = afterCommit;
        this.notifier = notifier;
        this.acrossInstances = acrossInstances;
    }

    /** Wakes the loop once the current transaction commits. */
    public void wakeAfterCommit() {
        if (acrossInstances) {
            afterCommit.run(() -> {
                waiter.wake();
                notifier.request(Wakeups.FACTS);
            });
        } else {
            afterCommit.run(waiter::wake);
        }
    }

    /** Wakes the loop now (a notification from another instance). */
    public void wake() {
        waiter.wake();
    }

    Waiter waiter() {
        return waiter;
    }
}
