package dev.encodeflow.cluster;

import dev.encodeflow.queue.QueueSignal;
import dev.encodeflow.workflow.EvaluationSignal;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.Statement;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Listens on one dedicated connection (outside the pool: a listening session must stay open)
 * for {@link Wakeups} and wakes this instance's workers or evaluator at once, instead of at their
 * next poll. After a lost connection it reconnects and wakes everything once, since notifications
 * sent meanwhile are gone; the polls remain as the safety net.
 */
@ApplicationScoped
public class WakeupListener {

    private static final Logger LOG = Logger.getLogger(WakeupListener.class);
    private static final int WAIT_MILLIS = 1000;

    private final QueueSignal tasks;
    private final EvaluationSignal facts;
    private final InstanceRoles roles;
    private final DirectConnections connections;
    private final boolean enabled;
    private volatile boolean running;
    private volatile Connection connection;
    private Thread thread;

    WakeupListener(QueueSignal tasks, EvaluationSignal facts, InstanceRoles roles, DirectConnections connections,
            @ConfigProperty(name = "cluster.wake-ups", defaultValue = "true") boolean enabled) {
        this.tasks = tasks;
        this.facts = facts;
        this.roles = roles;
        this.connections = connections;
        this.enabled = enabled;
    }

    void onStart(@Observes StartupEvent event) {
        if (!enabled || !(roles.has(InstanceRoles.WORKERS) || roles.has(InstanceRoles.EVALUATOR))) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "wakeup-listener");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        Connection open = connection;
        if (open != null) {
            try {
                open.close();
            } catch (Exception ignored) {
                // closing anyway
            }
        }
    }

    private void run() {
        long backoff = 200;
        while (running) {
            try (Connection listening = connections.open("encodeflow-wakeups")) {
                connection = listening;
                try (Statement statement = listening.createStatement()) {
                    // Only the channels this instance acts on: every notification is delivered to
                    // every listener (a backend woken, a message sent and parsed), and facts are
                    // as many as task outcomes, so a worker tier listening to them would pay for
                    // each outcome of the whole fleet.
                    if (roles.has(InstanceRoles.WORKERS)) {
                        statement.execute("LISTEN " + Wakeups.TASKS);
                    }
                    if (roles.has(InstanceRoles.EVALUATOR)) {
                        statement.execute("LISTEN " + Wakeups.FACTS);
                    }
                }
                backoff = 200;
                wakeAll();
                PGConnection pg = listening.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] received = pg.getNotifications(WAIT_MILLIS);
                    if (received == null) {
                        continue;
                    }
                    for (PGNotification notification : received) {
                        if (Wakeups.TASKS.equals(notification.getName())) {
                            tasks.wake();
                        } else if (Wakeups.FACTS.equals(notification.getName())) {
                            facts.wake();
                        }
                    }
                }
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                LOG.warnf("Wake-up listener lost its connection (%s); polls carry on, reconnecting", e.getMessage());
                sleep(backoff);
                backoff = Math.min(5000, backoff * 2);
            }
        }
    }

    private void wakeAll() {
        tasks.wake();
        facts.wake();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
