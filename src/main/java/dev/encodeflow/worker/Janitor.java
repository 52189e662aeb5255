package dev.encodeflow.worker;

import dev.encodeflow.media.MediaConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Removes partial outputs that nobody will finish: files still being written (".part") or
 * concat lists whose task run is no longer running under that attempt. Work file names carry
 * the task id and attempt, so the janitor can tell them apart from files another instance is
 * writing right now. Runs at start (after a crash) and then periodically.
 */
@ApplicationScoped
public class Janitor {

    private static final Logger LOG = Logger.getLogger(Janitor.class);
    private static final Pattern RUN_TAG = Pattern.compile("\\.t(\\d+)a(\\d+)\\.");

    private final EntityManager em;
    private final Path root;

    Janitor(EntityManager em, MediaConfig media) {
        this.em = em;
        this.root = Path.of(media.outputRoot()).toAbsolutePath().normalize();
    }

    void onStart(@Observes StartupEvent event) {
        Thread thread = new Thread(this::sweepQuietly, "janitor-start");
        thread.setDaemon(true);
        thread.start();
    }

    @Scheduled(every = "${workers.janitor-interval:PT10M}", delayed = "PT1M",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void periodic() {
        sweepQuietly();
    }

    private void sweepQuietly() {
        try {
            int removed = sweep();
            if (removed > 0) {
                LOG.infof("Removed %d partial outputs of task runs that will not finish", removed);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Cleaning partial outputs failed: %s", e.getMessage());
        }
    }

    /** Deletes the partial files of runs that are over; returns how many. */
    public int sweep() throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        Map<Path, long[]> candidates = new HashMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile)
                    .filter(p -> p.toString().contains("/.work/"))
                    .filter(p -> p.toString().endsWith(".part") || p.toString().endsWith(".concat.txt"))
                    .forEach(p -> {
                        Matcher run = RUN_TAG.matcher(p.getFileName().toString());
                        if (run.find()) {
                            candidates.put(p, new long[] {Long.parseLong(run.group(1)), Long.parseLong(run.group(2))});
                        }
                    });
        }
        if (candidates.isEmpty()) {
            return 0;
        }
        Map<Long, Long> running = runningAttempts(candidates.values().stream().map(r -> r[0]).distinct().toList());
        int removed = 0;
        for (Map.Entry<Path, long[]> file : candidates.entrySet()) {
            Long attempt = running.get(file.getValue()[0]);
            if (attempt == null || attempt != file.getValue()[1]) {
                removed += Files.deleteIfExists(file.getKey()) ? 1 : 0;
            }
        }
        return removed;
    }

    /** Task id -> attempt, for the given tasks that are running now. */
    private Map<Long, Long> runningAttempts(List<Long> ids) {
        Map<Long, Long> running = new HashMap<>();
        for (int from = 0; from < ids.size(); from += 1000) {
            List<Long> batch = new ArrayList<>(ids.subList(from, Math.min(ids.size(), from + 1000)));
            @SuppressWarnings("unchecked")
            List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                    "SELECT id, attempts FROM task WHERE state = 'RUNNING' AND id IN (:ids)")
                    .setParameter("ids", batch).getResultList());
            for (Object[] row : rows) {
                running.put(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
            }
        }
        return running;
    }
}
