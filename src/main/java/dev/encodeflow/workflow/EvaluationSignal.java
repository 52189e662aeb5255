package dev.encodeflow.workflow;

import dev.encodeflow.cluster.Wakeups;
import dev.encodeflow.util.AfterCommit;
import dev.encodeflow.util.Waiter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Wakes the evaluation loop when an asset has new facts. */
@ApplicationScoped
public class EvaluationSignal {

    private final Waiter waiter = new Waiter();
    private final AfterCommit afterCommit;
    private final EntityManager em;
    private final boolean acrossInstances;

    EvaluationSignal(AfterCommit afterCommit, EntityManager em,
            @ConfigProperty(name = "cluster.wake-ups", defaultValue = "true") boolean acrossInstances) {
        this.afterCommit = afterCommit;
        this.em = em;
        this.acrossInstances = acrossInstances;
    }

    /** Wakes the loop once the current transaction commits. */
    public void wakeAfterCommit() {
        afterCommit.run(waiter::wake);
        if (acrossInstances && afterCommit.inTransaction()) {
            Wakeups.notifyOnCommit(em, Wakeups.FACTS);
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
