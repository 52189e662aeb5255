package dev.encodeflow.metrics;

import dev.encodeflow.db.PlainQueries;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The queue as a whole, counted in PostgreSQL every {@code metrics.refresh-interval}: tasks by
 * state and type ({@code encodeflow_tasks{state,type}}, Contract v2), and how long the oldest
 * queued task of each priority band has waited. Every instance reports the same figures (they
 * are the shared queue's): aggregate them with {@code max}, not {@code sum}.
 */
@ApplicationScoped
public class QueueGauges {

    private static final Logger LOG = Logger.getLogger(QueueGauges.class);

    /** Priority bands: high is 70 and above, normal 30 to 69, low below 30 (the default is 50). */
    static final String BAND = "CASE WHEN priority >= 70 THEN 'high' WHEN priority >= 30 THEN 'normal' ELSE 'low' END";

    private final PlainQueries plain;
    private final MultiGauge tasks;
    private final MultiGauge oldest;

    QueueGauges(PlainQueries plain, MeterRegistry meters) {
        this.plain = plain;
        this.tasks = MultiGauge.builder("encodeflow.tasks")
                .description("Tasks by state and type, in the whole queue (refreshed every metrics.refresh-interval)")
                .register(meters);
        this.oldest = MultiGauge.builder("encodeflow.queue.oldest").baseUnit("seconds")
                .description("How long the oldest queued task of each priority band (high >= 70, normal >= 30, low) "
                        + "and lane (live, backfill) has waited; 0 when none waits")
                .register(meters);
    }

    @Scheduled(every = "${metrics.refresh-interval:PT15S}", delay = 1, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try {
            List<MultiGauge.Row<?>> counted = new ArrayList<>();
            for (Object[] row : plain.rows("SELECT state, type, count(*) FROM task GROUP BY state, type")) {
                counted.add(MultiGauge.Row.of(Tags.of("state", (String) row[0], "type", (String) row[1]),
                        ((Number) row[2]).doubleValue()));
            }
            tasks.register(counted, true);
            java.util.Map<Tags, Double> waited = new java.util.LinkedHashMap<>();
            for (String band : List.of("high", "normal", "low")) {
                for (String lane : List.of("live", "backfill")) {
                    waited.put(Tags.of("band", band, "lane", lane), 0.0);
                }
            }
            for (Object[] row : plain.rows("SELECT " + BAND + ", CASE WHEN lane = 0 THEN 'live' ELSE 'backfill' END, "
                    + "extract(epoch FROM now() - min(created_at)) FROM task WHERE state = 'QUEUED' AND lane < 2 "
                    + "GROUP BY 1, 2")) {
                waited.put(Tags.of("band", (String) row[0], "lane", (String) row[1]),
                        Math.max(0, ((Number) row[2]).doubleValue()));
            }
            List<MultiGauge.Row<?>> waits = new ArrayList<>();
            waited.forEach((tags, seconds) -> waits.add(MultiGauge.Row.of(tags, seconds)));
            oldest.register(waits, true);
        } catch (RuntimeException e) {
            LOG.debugf("Queue gauges not refreshed: %s", e.getMessage());
        }
    }
}
