package dev.encodeflow.queue;

import dev.encodeflow.util.AfterCommit;
import dev.encodeflow.util.Waiter;
import jakarta.enterprise.context.ApplicationScoped;

/** Wakes this instance's workers when tasks become claimable, instead of waiting for the next poll. */
@ApplicationScoped
public class QueueSignal {

    private final Waiter waiter = new Waiter();
    private final AfterCommit afterCommit;

    QueueSignal(AfterCommit afterCommit) {
        this.afterCommit = afterCommit;
    }

    public void wakeAfterCommit() {
        afterCommit.run(waiter::wake);
    }

    public void wake() {
        waiter.wake();
    }

    public Waiter waiter() {
        return waiter;
    }
}
