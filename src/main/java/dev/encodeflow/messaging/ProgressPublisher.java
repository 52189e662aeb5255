package dev.encodeflow.messaging;

import dev.encodeflow.model.AssetState;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * AssetProgress events, throttled: every {@code messaging.progress-interval}, each asset that
 * moved since the last look and is still in work gets one event with its tasks done out of its
 * tasks so far, if that changed since the last one sent. Progress is a view, not a fact: it is
 * published directly, not through the outbox (an event lost in a crash is superseded by the next
 * one). One instance publishes at a time (a PostgreSQL advisory lock), so a fleet does not
 * repeat every event; ids are derived from the numbers, so a repeat after a takeover is deduped.
 */
@ApplicationScoped
public class ProgressPublisher {

    private static final Logger LOG = Logger.getLogger(ProgressPublisher.class);
    /** The advisory lock key of the progress publisher ("EFPROG"). */
    static final long LOCK = 0x454650524F47L;
    private static final List<String> IN_WORK = List.of(AssetState.PROBING.name(), AssetState.ENCODING.name(),
            AssetState.ASSEMBLING.name(), AssetState.VALIDATING.name(), AssetState.PACKAGING.name());

    private record Progress(String state, long done, long total) {
    }

    private final EntityManager em;
    private final EventPublisher publisher;
    private final Duration interval;
    private final Clock clock;
    private final Map<String, Progress> lastSent = new ConcurrentHashMap<>();
    private Instant since = Instant.EPOCH;

    ProgressPublisher(EntityManager em, EventPublisher publisher, Clock clock, MessagingConfig config) {
        String every = config.progressInterval();
        this.em = em;
        this.publisher = publisher;
        this.clock = clock;
        // The scheduler takes "off" too; the look-back margin is one interval (5 s when off or odd).
        Duration parsed;
        try {
            parsed = Duration.parse(every);
        } catch (RuntimeException e) {
            parsed = Duration.ofSeconds(5);
        }
        this.interval = parsed;
    }

    @Scheduled(every = "${messaging.progress-interval:PT5S}", delayed = "PT2S",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        Instant now = clock.instant();
        List<Object[]> rows;
        try {
            rows = QuarkusTransaction.requiringNew().call(() -> {
                Boolean mine = (Boolean) em.createNativeQuery("SELECT pg_try_advisory_xact_lock(:lock)")
                        .setParameter("lock", LOCK).getSingleResult();
                if (!Boolean.TRUE.equals(mine)) {
                    return List.<Object[]>of();
                }
                @SuppressWarnings("unchecked")
                List<Object[]> found = em.createNativeQuery("""
                        SELECT a.id, a.state,
                               count(*) FILTER (WHERE t.state = 'SUCCEEDED'),
                               count(*) FILTER (WHERE t.state <> 'CANCELLED')
                        FROM asset a JOIN task t ON t.asset_id = a.id AND t.type <> 'NOTIFY'
                        WHERE a.state IN (:states) AND a.updated_at >= :since
                        GROUP BY a.id, a.state""")
                        .setParameter("states", IN_WORK)
                        .setParameter("since", Timestamp.from(since.minus(interval)))
                        .getResultList();
                return found;
            });
        } catch (RuntimeException e) {
            LOG.debugf("Progress not published this time: %s", e.getMessage());
            return;
        }
        since = now;
        for (Object[] row : rows) {
            String assetId = (String) row[0];
            Progress progress = new Progress((String) row[1], ((Number) row[2]).longValue(),
                    ((Number) row[3]).longValue());
            if (progress.equals(lastSent.get(assetId))) {
                continue;
            }
            try {
                publisher.publish(Event.progress(assetId, AssetState.valueOf(progress.state()), progress.done(),
                        progress.total())).get(5, TimeUnit.SECONDS);
                lastSent.put(assetId, progress);
            } catch (Exception e) {
                LOG.debugf("Progress of %s not published: %s", assetId, e.getMessage());
                return;
            }
        }
        if (lastSent.size() > 10_000) {
            lastSent.clear();
        }
    }
}
