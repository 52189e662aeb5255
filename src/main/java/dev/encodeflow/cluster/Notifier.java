package dev.encodeflow.cluster;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Sends the {@link Wakeups} after commits, coalesced: a busy instance commits hundreds of times a
 * second, and each commit's own NOTIFY would cost a statement inside the transaction and hold
 * PostgreSQL's notification lock through its commit (which serializes every notifying commit of
 * the database). Instead each commit that made work marks its channel, and one thread sends one
 * NOTIFY per marked channel at most every {@code cluster.wake-up-interval} (2 ms), on its own
 * connection, always after the commits it stands for: a commit is followed by a notification
 * within the interval (plus one round trip). If the connection is away, the polls stand in.
 */
@ApplicationScoped
public class Notifier {

    private static final Logger LOG = Logger.getLogger(Notifier.class);

    private final DirectConnections connections;
    private final long intervalNanos;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;
    private volatile Thread thread;
    private Connection connection;

    Notifier(DirectConnections connections,
            @ConfigProperty(name = "cluster.wake-up-interval", defaultValue = "PT0.002S") java.time.Duration interval) {
        this.connections = connections;
        this.intervalNanos = interval.toNanos();
    }

    /** Marks {@code channel}; call once the transaction that made the work has committed. */
    public void request(String channel) {
        pending.add(channel);
        Thread current = thread;
        if (current == null) {
            current = start();
        }
        LockSupport.unpark(current);
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        Thread current = thread;
        if (current != null) {
            LockSupport.unpark(current);
        }
    }

    private synchronized Thread start() {
        if (thread == null) {
            Thread started = new Thread(this::run, "wake-up-notifier");
            started.setDaemon(true);
            thread = started;
            started.start();
        }
        return thread;
    }

    private void run() {
        long lastSent = 0;
        while (running) {
            if (pending.isEmpty()) {
                LockSupport.parkNanos(1_000_000_000L);
                continue;
            }
            long wait = lastSent + intervalNanos - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            StringBuilder sql = new StringBuilder("SELECT 1");
            for (String channel : Set.copyOf(pending)) {
                pending.remove(channel);
                sql.append(", pg_notify('").append(channel).append("', '')");
            }
            send(sql.toString());
            lastSent = System.nanoTime();
        }
        close();
    }

    private void send(String sql) {
        try {
            if (connection == null || connection.isClosed()) {
                connection = connections.open("encodeflow-notifier");
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        } catch (Exception e) {
            LOG.debugf("Wake-up not sent (%s); other instances find the work at their next poll", e.getMessage());
            close();
            LockSupport.parkNanos(200_000_000L);
        }
    }

    private void close() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (Exception ignored) {
            // gone anyway
        }
        connection = null;
    }
}
