package dev.encodeflow.util;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Runs an action once the current transaction has committed (at once when there is none). Used
 * to wake loops: a loop woken before the commit would not see the new rows yet.
 */
@ApplicationScoped
public class AfterCommit {

    private final TransactionSynchronizationRegistry registry;

    AfterCommit(TransactionSynchronizationRegistry registry) {
        this.registry = registry;
    }

    public void run(Runnable action) {
        onCompletion(action, () -> { });
    }

    /** Runs {@code committed} or {@code rolledBack} when the current transaction ends. */
    public void onCompletion(Runnable committed, Runnable rolledBack) {
        if (registry.getTransactionStatus() != Status.STATUS_ACTIVE) {
            committed.run();
            return;
        }
        registry.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    committed.run();
                } else {
                    rolledBack.run();
                }
            }
        });
    }
}
