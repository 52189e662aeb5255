package dev.encodeflow.workflow;

import dev.encodeflow.util.AfterCommit;
import dev.encodeflow.util.Waiter;
import jakarta.enterprise.context.ApplicationScoped;

/** Wakes the evaluation loop when an asset has new facts. */
@ApplicationScoped
public class EvaluationSignal {

    private final Waiter waiter = new Waiter();
    private final AfterCommit afterCommit;

    EvaluationSignal(AfterCommit afterCommit) {
        this.afterCommit = afterCommit;
    }

    /** Wakes the loop once the current transaction commits. */
    public void wakeAfterCommit() {
        afterCommit.run(waiter::wake);
    }

    Waiter waiter() {
        return waiter;
    }
}
