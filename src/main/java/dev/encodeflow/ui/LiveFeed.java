package dev.encodeflow.ui;

import dev.encodeflow.db.PlainQueries;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What changed, for the ops page's live updates: one poller per instance (never one per open
 * page) looks twice a second, while anyone listens, for assets whose rows changed (every
 * evaluation stamps its asset) and for a change in the queue's shape, and broadcasts a small
 * event naming them; the page then reloads only what it shows. A poll costs two index reads.
 */
@ApplicationScoped
public class LiveFeed {

    /**
     * One change: the assets whose rows changed, whether the queue changed, and how many tasks run
     * (while any does, an event goes out at least once a second: running work progresses).
     */
    public record Change(List<String> assets, boolean queue, long running, Instant at) {
    }

    private final PlainQueries plain;
    private final BroadcastProcessor<Change> changes = BroadcastProcessor.create();
    private final AtomicInteger listeners = new AtomicInteger();
    private volatile Instant since = Instant.now();
    private volatile String queueShape = "";
    private volatile long lastSent;

    LiveFeed(PlainQueries plain) {
        this.plain = plain;
    }

    /** The changes from now on, for one listener. */
    public Multi<Change> changes() {
        return changes.onSubscription().invoke(listeners::incrementAndGet)
                .onTermination().invoke(listeners::decrementAndGet);
    }

    @Scheduled(every = "${ui.live-interval:PT0.5S}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        if (listeners.get() <= 0) {
            since = Instant.now();
            return;
        }
        try {
            Instant from = since;
            List<String> assets = new ArrayList<>();
            Instant newest = from;
            for (Object[] row : plain.rows("SELECT id, updated_at FROM asset WHERE updated_at > ? "
                    + "ORDER BY updated_at LIMIT 200", Timestamp.from(from))) {
                assets.add((String) row[0]);
                Instant at = ((Timestamp) row[1]).toInstant();
                newest = at.isAfter(newest) ? at : newest;
            }
            since = newest;
            Object[] counts = plain.rows("""
                    SELECT count(*) FILTER (WHERE state = 'QUEUED'), count(*) FILTER (WHERE state = 'RUNNING'),
                           coalesce(max(id), 0) FROM task WHERE state IN ('QUEUED', 'RUNNING')""").get(0);
            String shape = java.util.Arrays.toString(counts);
            long running = ((Number) counts[1]).longValue();
            boolean queue = !shape.equals(queueShape);
            queueShape = shape;
            boolean progressing = running > 0 && System.nanoTime() - lastSent > 1_000_000_000L;
            if (!assets.isEmpty() || queue || progressing) {
                lastSent = System.nanoTime();
                changes.onNext(new Change(assets, queue, running, Instant.now()));
            }
        } catch (RuntimeException e) {
            // The database is away: the page keeps what it shows and hears again when it is back.
        }
    }
}
