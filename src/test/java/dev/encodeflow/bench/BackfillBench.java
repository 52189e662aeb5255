package dev.encodeflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * B8, backfill: the packaged service with the simulated encoder, whose encodes take time (
 * {@code bench.encode-time} per second of 1080p, 0.4 s by default; 8 slots; backfill keeps 2 of
 * them while live work waits, the default share of 0.25), stores {@code bench.assets} COMPLETE
 * assets (500: 8 s sources, one 180p rung, 2 s chunks). A rule then gives every 8 s source a 720p
 * rung: a backfill of 4 chunk encodes (0.36 s each), an assemble and a validation per asset. While
 * it runs, live assets (6 s sources, one 360p rung) are posted one at a time: their POST-to-COMPLETE
 * time against the same before the rule and after the backfill, and how busy the slots were
 * while the backfill had at least a pool's worth of tasks waiting (the pool's own gauge, sampled
 * every 50 ms).
 */
class BackfillBench {

    static final int ASSETS = Integer.getInteger("bench.assets", 500);
    static final int SLOTS = 8;
    static final int LIVE_RUNS = 7;

    static final String RULE = """
            package encodeflow.workflow;
            import dev.encodeflow.model.*;
            rule "8-second sources also get a 720p rung"
            when
                Probe( durationSeconds == 8.0 )
                not Rendition( name == "720p" )
            then
                insert( new Rendition( Rung.named( "720p" ).codec( Codec.AVC ).size( 1280, 720 ).crf( 23 ).build(), 99 ) );
            end
            """;

    @Test
    void liveWorkKeepsItsPaceWhileABackfillFillsTheSlots() throws Exception {
        Path rules = Path.of("target/bench-backfill-rules").toAbsolutePath();
        dev.encodeflow.tasks.MediaWork.deleteTree(rules);
        dev.encodeflow.support.LiveRulesFolder.copyShippedRules(rules);
        String encodeTime = System.getProperty("bench.encode-time", "PT0.4S");
        try (BenchService service = new BenchService("b8-backfill", Map.of("WORKERS_SIMULATE", "true",
                "WORKERS_SLOTS", String.valueOf(SLOTS), "WORKERS_SIMULATE_ENCODE_TIME", encodeTime,
                "RULES_DIR", rules.toString(), "RULES_WATCH", "false", "RULES_SESSION_CACHE_SIZE", "2048"))) {
            Files.writeString(service.in.resolve("stored-8s.mov"), "");
            Files.writeString(service.in.resolve("live-6s.mov"), "");
            service.start();
            post(service, ASSETS);
            awaitComplete(service, ASSETS);
            List<Double> before = new ArrayList<>();
            for (int i = 0; i < LIVE_RUNS; i++) {
                before.add(live(service, "live-before-" + i));
            }

            Files.writeString(rules.resolve("60-backfill.drl"), RULE);
            long swapped = System.nanoTime();
            assertThat(service.post("/api/v1/rules/reload", Map.of()).statusCode()).isEqualTo(200);
            List<Double> during = new ArrayList<>();
            List<Double> busy = new ArrayList<>();
            long lastLive = 0;
            while (service.count("SELECT count(*) FROM task WHERE backfill_id IS NOT NULL AND state IN "
                    + "('QUEUED', 'RUNNING', 'FAILED')") > 0 || service.count("SELECT count(*) FROM evaluation_pending") > 0) {
                long waiting = service.count("SELECT count(*) FROM task WHERE backfill_id IS NOT NULL AND state = 'QUEUED'");
                if (waiting >= SLOTS && during.size() < LIVE_RUNS && System.nanoTime() - lastLive > 2_000_000_000L
                        && System.nanoTime() - swapped > 5_000_000_000L) {
                    during.add(live(service, "live-during-" + during.size()));
                    lastLive = System.nanoTime();
                } else if (waiting >= SLOTS) {
                    busy.add(service.metric("encodeflow_worker_slots_busy") / SLOTS);
                }
                Thread.sleep(50);
                assertThat((System.nanoTime() - swapped) / 1e9).as("backfill time").isLessThan(3600);
            }
            double backfillSeconds = (System.nanoTime() - swapped) / 1e9;
            List<Double> after = new ArrayList<>();
            for (int i = 0; i < LIVE_RUNS; i++) {
                after.add(live(service, "live-after-" + i));
            }
            long reencoded = service.count("SELECT count(*) FROM rendition WHERE name = '720p' AND state = 'COMPLETE'");
            double preempted = service.metric("encodeflow_backfill_preempted_total");
            long backfillTasks = service.count("SELECT count(*) FROM task WHERE backfill_id IS NOT NULL");
            List<Double> baseline = new ArrayList<>(before);
            baseline.addAll(after);
            double ratio = Stats.median(during) / Stats.median(baseline);
            double meanBusy = busy.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);

            new BenchReport("b8-backfill", "B8: a live asset during a 500-asset backfill")
                    .line(ASSETS + " COMPLETE assets (8 s sources, one 180p rung), then one rule gives each a 720p rung: "
                            + "a backfill of " + backfillTasks + " tasks (4 chunk encodes, an assemble, a validation and 2 "
                            + "event notifications per asset). Simulated encoder, " + encodeTime + " per second of 1080p (a 2 s 720p chunk: "
                            + "0.36 s); " + SLOTS + " slots, backfill.share 0.25 (2 slots kept while live work waits). "
                            + "One service and PostgreSQL 15 on the same 2 cores.")
                    .line("")
                    .line("| figure | value |")
                    .line("| --- | ---: |")
                    .line(String.format(Locale.ROOT, "| live POST to COMPLETE, median: no backfill (before and after) / during | %.0f / %.0f ms |",
                            Stats.median(baseline), Stats.median(during)))
                    .line(String.format(Locale.ROOT, "| ratio during / no backfill (goal ≤ 1.25) | **%.2f** |", ratio))
                    .line(String.format(Locale.ROOT, "| slots busy while ≥ %d backfill tasks waited (goal ≥ 90 %%) | **%.1f %%** (%d samples) |",
                            SLOTS, meanBusy * 100, busy.size()))
                    .line(String.format(Locale.ROOT, "| backfill: every asset's new rung COMPLETE | %d of %d in %.0f s |",
                            reencoded, ASSETS, backfillSeconds))
                    .line(String.format(Locale.ROOT, "| backfill tasks preempted (stopped, queued again) | %.0f |", preempted))
                    .line("")
                    .line("Live runs (ms), before: " + rounded(before) + "; during: " + rounded(during) + "; after: "
                            + rounded(after) + ".")
                    .write();
            assertThat(reencoded).isEqualTo(ASSETS);
            assertThat(during).hasSizeGreaterThanOrEqualTo(3);
        }
    }

    private static List<Long> rounded(List<Double> values) {
        return values.stream().map(Math::round).toList();
    }

    private static void post(BenchService service, int count) throws Exception {
        ExecutorService posters = Executors.newFixedThreadPool(4);
        List<Future<Integer>> posts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "stored-" + i;
            posts.add(posters.submit(() -> service.post("/api/v1/assets", body(id, "stored-8s.mov", "180p", 320, 180))
                    .statusCode()));
        }
        posters.shutdown();
        for (Future<Integer> post : posts) {
            assertThat(post.get()).isEqualTo(201);
        }
    }

    private static Map<String, Object> body(String id, String source, String name, int width, int height) {
        return Map.of("id", id, "source", source, "chunking", Map.of("seconds", 2),
                "ladder", List.of(Map.of("name", name, "codec", "avc", "width", width, "height", height, "crf", 23)));
    }

    private static void awaitComplete(BenchService service, long count) throws Exception {
        long deadline = System.nanoTime() + 1800 * 1_000_000_000L;
        while (service.count("SELECT count(*) FROM asset WHERE state = 'COMPLETE'") < count) {
            assertThat(System.nanoTime()).as("assets complete in time").isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    /** One live asset's POST-to-COMPLETE time in ms. */
    private static double live(BenchService service, String id) throws Exception {
        long started = System.nanoTime();
        assertThat(service.post("/api/v1/assets", body(id, "live-6s.mov", "360p", 640, 360)).statusCode())
                .isEqualTo(201);
        while (!"COMPLETE".equals(service.get("/api/v1/assets/" + id).path("state").asText())) {
            Thread.sleep(5);
            assertThat((System.nanoTime() - started) / 1e9).as(id).isLessThan(120);
        }
        return (System.nanoTime() - started) / 1e6;
    }
}
