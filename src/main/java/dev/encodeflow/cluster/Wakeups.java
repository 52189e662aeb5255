package dev.encodeflow.cluster;

import jakarta.persistence.EntityManager;

/**
 * Wake-ups across instances through PostgreSQL's LISTEN/NOTIFY: a transaction that makes work
 * claimable (tasks) or evaluable (facts) sends a notification, which PostgreSQL delivers to every
 * listening instance when, and only if, the transaction commits. {@link WakeupListener} turns
 * them into the local signals. Identical notifications of one transaction are folded into one.
 */
public final class Wakeups {

    /** New or newly due tasks: idle workers look at the queue. */
    public static final String TASKS = "encodeflow_tasks";
    /** New facts: evaluators look for assets to evaluate. */
    public static final String FACTS = "encodeflow_facts";

    private Wakeups() {
    }

    /** Sends {@code channel} when the current transaction commits. */
    public static void notifyOnCommit(EntityManager em, String channel) {
        em.createNativeQuery("SELECT pg_notify(:channel, '')").setParameter("channel", channel).getSingleResult();
    }
}
