package dev.encodeflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.encodeflow.model.ChunkEncoded;
import dev.encodeflow.model.Probe;
import dev.encodeflow.model.TaskSpec;
import dev.encodeflow.queue.ClaimedTask;
import dev.encodeflow.queue.TaskQueue;
import dev.encodeflow.support.WorkersOffWithStatistics;
import dev.encodeflow.worker.OutcomeWriter;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;

/**
 * B4: the cost of one "chunk encoded" event (completion plus rule evaluation) for a 10-chunk,
 * 1-rendition asset against a 1,800-chunk x 8-rendition asset (a 2-hour title at 4 s chunks).
 * The benchmark plays the worker: it claims a chunk task, completes it with its result fact
 * through the service's own outcome path, and waits for the evaluator to take the fact in.
 */
@QuarkusTest
@TestProfile(WorkersOffWithStatistics.class)
class ScalingBench {

    static final int SMALL_ASSETS = 60;
    static final int BIG_EVENTS = 600;

    @Inject
    TaskQueue queue;

    @Inject
    OutcomeWriter writer;

    @Inject
    EntityManager em;

    @Inject
    MeterRegistry meters;

    @Inject
    SessionFactory sessions;

    @Inject
    ObjectMapper json;

    @Test
    void perEventCostStaysFlatAsTheAssetGrows() throws Exception {
        Path in = Path.of("target/test-media/in");
        Files.createDirectories(in);
        Files.writeString(in.resolve("scaling.mov"), "");
        Statistics statistics = sessions.getStatistics();

        // Warm up the JIT on a few small assets first.
        for (int i = 0; i < 10; i++) {
            measure(createAsset("warm-" + i, 40, 1), 10, statistics);
        }
        List<Measurement> small = new ArrayList<>();
        for (int i = 0; i < SMALL_ASSETS; i++) {
            small.add(measure(createAsset("small-" + i, 40, 1), 10, statistics));
        }
        long planStarted = System.nanoTime();
        String big = createAsset("big", 7200, 8);
        double planSeconds = (System.nanoTime() - planStarted) / 1e9;
        // Skip the first events (the tail of the planning), then measure.
        measure(big, 50, statistics);
        Measurement large = measure(big, BIG_EVENTS, statistics);

        Measurement smallTotal = Measurement.sum(small);
        double timeRatio = large.evaluationMillisPerEvent() / smallTotal.evaluationMillisPerEvent();
        double statementRatio = large.statementsPerEvent() / smallTotal.statementsPerEvent();
        double rowRatio = large.rowsPerEvent() / smallTotal.rowsPerEvent();
        new BenchReport("b4-scaling", "B4: cost per chunk-encoded event as the asset grows")
                .line("Each event: claim one ENCODE_CHUNK task, complete it with its ChunkEncoded fact through the "
                        + "service's outcome path, wait until the rules have evaluated it. Small: " + SMALL_ASSETS
                        + " assets of 10 chunks x 1 rendition (all their chunk events). Large: one asset of 1,800 "
                        + "chunks x 8 renditions (14,400 chunk tasks), " + BIG_EVENTS + " events after the first 50. "
                        + "Statements and rows include the benchmark's own (claiming, polling until evaluated). "
                        + "Statements are those Hibernate prepares (the outcome writer's and the evaluator's plain "
                        + "JDBC statements are not counted); rows come from pg_stat_database and count everything.")
                .line("")
                .line("| asset | events | evaluation ms/event | event wall ms/event | statements prepared through Hibernate/event | rows read+written/event |")
                .line("| --- | ---: | ---: | ---: | ---: | ---: |")
                .line(smallTotal.row("10 chunks x 1 rendition"))
                .line(large.row("1,800 chunks x 8 renditions"))
                .line("")
                .line(String.format(Locale.ROOT, "Ratios large / small: evaluation time **%.2f**, statements **%.2f**, "
                        + "rows **%.2f** (goal: within 2x).", timeRatio, statementRatio, rowRatio))
                .line(String.format(Locale.ROOT, "Planning the large asset (probe result to 14,400 queued tasks, one "
                        + "evaluation): %.1f s.", planSeconds))
                .write();
        assertThat(timeRatio).isLessThanOrEqualTo(2.0);
        assertThat(statementRatio).isLessThanOrEqualTo(2.0);
        assertThat(rowRatio).isLessThanOrEqualTo(2.0);
    }

    /** Creates an asset and completes its probe; returns once its chunk tasks are queued. */
    private String createAsset(String id, int seconds, int renditions) throws Exception {
        List<Map<String, Object>> ladder = new ArrayList<>();
        for (int r = 0; r < renditions; r++) {
            ladder.add(Map.of("name", "r" + r, "codec", "avc", "width", 640, "height", 360, "crf", 23 + r));
        }
        int status = io.restassured.RestAssured.given().contentType("application/json")
                .body(Map.of("id", id, "source", "scaling.mov", "chunking", Map.of("seconds", 4), "ladder", ladder))
                .when().post("/api/v1/assets").then().extract().statusCode();
        assertThat(status).isEqualTo(201);
        ClaimedTask probe = claimOf(id, "PROBE");
        complete(probe, new Probe(seconds, seconds * 25L, 25, 1, 1920, 1080, "yuv420p", "h264", false, null, 0, 0));
        long expected = (long) seconds / 4 * renditions;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (count(id, "ENCODE_CHUNK") < expected) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(20);
        }
        return id;
    }

    private Measurement measure(String asset, int events, Statistics statistics) throws Exception {
        // The tasks to complete are picked before the measurement, so that finding them (a scan the
        // service never does) does not count.
        @SuppressWarnings("unchecked")
        List<Number> ids = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                SELECT id FROM task WHERE asset_id = :a AND type = 'ENCODE_CHUNK' AND state = 'QUEUED'
                ORDER BY id LIMIT :n""").setParameter("a", asset).setParameter("n", events).getResultList());
        assertThat(ids).hasSize(events);
        Thread.sleep(1100);
        long[] rowsBefore = rows();
        Timer timer = meters.get("encodeflow.evaluation").timer();
        double evaluationBefore = timer.totalTime(TimeUnit.MILLISECONDS);
        long statementsBefore = statistics.getPrepareStatementCount();
        long started = System.nanoTime();
        for (int i = 0; i < events; i++) {
            ClaimedTask task = claim(ids.get(i).longValue());
            TaskSpec.EncodeChunk spec = json.readValue(task.payload(), TaskSpec.EncodeChunk.class);
            complete(task, new ChunkEncoded(spec.rung().name(), spec.generation(), spec.chunk().index(),
                    spec.chunk().startFrame(), spec.chunk().frames(), asset + "/.work/c.sim", 0));
        }
        double wall = (System.nanoTime() - started) / 1e6;
        double evaluation = timer.totalTime(TimeUnit.MILLISECONDS) - evaluationBefore;
        long statements = statistics.getPrepareStatementCount() - statementsBefore;
        Thread.sleep(1100);
        long[] rowsAfter = rows();
        return new Measurement(events, evaluation, wall, statements,
                (rowsAfter[0] - rowsBefore[0]) + (rowsAfter[1] - rowsBefore[1]));
    }

    /** Completes a claimed task with its result fact and waits until the rules took it in. */
    private void complete(ClaimedTask task, Object fact) throws Exception {
        assertThat(writer.succeeded(task, fact)).isTrue();
        while (true) {
            Object[] seqs = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                    "SELECT l.fact_seq, a.evaluated_seq FROM asset a JOIN asset_log l ON l.asset_id = a.id WHERE a.id = :id").setParameter("id", task.assetId())
                    .getSingleResult());
            if (((Number) seqs[0]).longValue() == ((Number) seqs[1]).longValue()) {
                return;
            }
            Thread.onSpinWait();
        }
    }

    /** Moves one task ahead of everything else queued, so the claim takes exactly it. */
    private ClaimedTask claim(long id) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("UPDATE task SET priority = 101 WHERE id = :id")
                .setParameter("id", id).executeUpdate());
        List<ClaimedTask> claimed = QuarkusTransaction.requiringNew().call(
                () -> queue.claim("bench", 1, 1, Instant.now(), Duration.ofMinutes(10))).tasks();
        assertThat(claimed).hasSize(1);
        assertThat(claimed.get(0).id()).isEqualTo(id);
        return claimed.get(0);
    }

    private ClaimedTask claimOf(String asset, String type) throws InterruptedException {
        Long id = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (id == null) {
            @SuppressWarnings("unchecked")
            List<Number> ids = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                    SELECT id FROM task WHERE asset_id = :a AND type = :t AND state = 'QUEUED' ORDER BY id LIMIT 1""")
                    .setParameter("a", asset).setParameter("t", type).getResultList());
            if (!ids.isEmpty()) {
                id = ids.get(0).longValue();
            } else {
                assertThat(System.nanoTime()).as("a queued " + type + " of " + asset).isLessThan(deadline);
                Thread.sleep(5);
            }
        }
        return claim(id);
    }

    private long count(String asset, String type) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM task WHERE asset_id = :a AND type = :t").setParameter("a", asset)
                .setParameter("t", type).getSingleResult()).longValue());
    }

    /** Rows read (returned + fetched) and written (inserted + updated + deleted) in this database so far. */
    private long[] rows() {
        Object[] row = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery("""
                SELECT tup_returned + tup_fetched, tup_inserted + tup_updated + tup_deleted
                FROM pg_stat_database WHERE datname = current_database()""").getSingleResult());
        return new long[] {((Number) row[0]).longValue(), ((Number) row[1]).longValue()};
    }

    record Measurement(int events, double evaluationMillis, double wallMillis, long statements, long rows) {

        static Measurement sum(List<Measurement> all) {
            return new Measurement(all.stream().mapToInt(Measurement::events).sum(),
                    all.stream().mapToDouble(Measurement::evaluationMillis).sum(),
                    all.stream().mapToDouble(Measurement::wallMillis).sum(),
                    all.stream().mapToLong(Measurement::statements).sum(),
                    all.stream().mapToLong(Measurement::rows).sum());
        }

        double evaluationMillisPerEvent() {
            return evaluationMillis / events;
        }

        double statementsPerEvent() {
            return (double) statements / events;
        }

        double rowsPerEvent() {
            return (double) rows / events;
        }

        String row(String label) {
            return String.format(Locale.ROOT, "| %s | %d | %.3f | %.2f | %.1f | %.0f |", label, events,
                    evaluationMillisPerEvent(), wallMillis / events, statementsPerEvent(), rowsPerEvent());
        }
    }
}
