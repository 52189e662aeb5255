package dev.encodeflow.cluster;

/**
 * Wake-ups across instances through PostgreSQL's LISTEN/NOTIFY: once a transaction that made
 * work claimable (tasks) or evaluable (facts) has committed, {@link Notifier} sends a
 * notification (coalesced with the other commits of the same couple of milliseconds), which
 * PostgreSQL delivers to every listening instance; {@link WakeupListener} turns it into the local
 * signals.
 */
public final class Wakeups {

    /** New or newly due tasks: idle workers look at the queue. */
    public static final String TASKS = "encodeflow_tasks";
    /** New facts: evaluators look for assets to evaluate. */
    public static final String FACTS = "encodeflow_facts";

    private Wakeups() {
    }
}
