package dev.encodeflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * B3: orchestration throughput. The packaged service with the simulated encoder (no ffmpeg) runs
 * 1,000 assets x 3 renditions x 20 chunks through the real rules, queue and database; the
 * figure is task completions per second. The same run then measures the rule tooling on those
 * 1,000 stored assets: an impact preview and a rule set rebuild (issue 5).
 */
class OrchestrationBench {

    static final int ASSETS = Integer.getInteger("bench.assets", 1000);
    static final int WARM_UP_ASSETS = Integer.getInteger("bench.warm-up-assets", 300);
    /** Tasks in flight at once: a small fleet (eight workers of eight slots) simulated in one instance. */
    static final int SLOTS = 64;

    static final String EXTRA_RUNG = """
            package encodeflow.workflow;
            import dev.encodeflow.model.*;
            rule "Every asset also gets a 144p rung"
            when
                Probe( )
                not Rendition( name == "144p" )
            then
                insert( new Rendition( Rung.of( "144p", Codec.AVC, 256, 144, 30 ), 99 ) );
            end
            """;

    /** A rule that never fires: validating it costs what a reload of the folder costs. */
    static final String HARMLESS = """
            package encodeflow.workflow;
            import dev.encodeflow.model.*;
            rule "Nothing for sources above 100000 frames per second"
            when
                Probe( fpsNum > 100000 * fpsDen )
            then
            end
            """;

    @Test
    void thousandAssetsThroughRulesQueueAndDatabase() throws Exception {
        try (BenchService service = new BenchService("b3-orchestration", Map.of(
                "WORKERS_SIMULATE", "true", "WORKERS_SLOTS", System.getProperty("bench.slots", String.valueOf(SLOTS)),
                "RULES_SESSION_CACHE_SIZE", System.getProperty("bench.session-cache", "2048")))) {
            Files.writeString(service.in.resolve("sim-80s.mov"), "");
            service.start();
            // The JIT compiles about 20,000 methods in the first minutes (two minutes of one core's
            // CPU): a warm-up batch runs first, as a service that has been up for a while would be.
            Batch warmUp = run(service, "warm", WARM_UP_ASSETS);
            double[] cpuBefore = service.cpuSeconds();
            Batch batch = run(service, "b3", ASSETS);
            double[] cpuAfter = service.cpuSeconds();
            long tasks = batch.tasks();
            long failed = service.count("SELECT count(*) FROM task WHERE state NOT IN ('SUCCEEDED')");
            double overall = tasks / batch.seconds();
            // Steady state: after the queue has filled (the first 10 %) and before it drains (the last 10 %).
            List<Double> windows = batch.windows();
            List<Double> steady = windows.subList(windows.size() / 10, Math.max(windows.size() / 10 + 1,
                    windows.size() - windows.size() / 10));

            // Rule tooling on the 1,000 stored assets.
            List<Double> previews = new ArrayList<>();
            JsonNode preview = null;
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = service.post("/api/v1/rules/preview", Map.of(
                        "files", Map.of("50-extra-rung.drl", EXTRA_RUNG), "limit", ASSETS));
                assertThat(response.statusCode()).isEqualTo(200);
                preview = BenchService.JSON.readTree(response.body());
                previews.add(preview.path("millis").asDouble());
            }
            List<Double> rebuilds = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long t = System.nanoTime();
                HttpResponse<String> response = service.post("/api/v1/rules/validate", Map.of(
                        "files", Map.of("60-harmless.drl", HARMLESS)));
                assertThat(response.statusCode()).isEqualTo(200);
                rebuilds.add((System.nanoTime() - t) / 1e6);
            }
            JsonNode rules = service.get("/api/v1/rules");

            boolean tokens = service.authenticated();
            new BenchReport(tokens ? "b3-orchestration-auth" : "b3-orchestration",
                    "B3: orchestration throughput" + (tokens ? ", bearer tokens on" : ""))
                    .line((tokens ? "Every request carries an RS256 bearer token the service verifies "
                            + "(`-Dbench.auth=true`). " : "")
                            + ASSETS + " assets x 3 renditions x 20 chunks (80 s sources, 4 s chunks) posted over HTTP, "
                            + "simulated encoder (`workers.simulate=true`), " + SLOTS + " slots, one service instance "
                            + "and PostgreSQL 15 on the same 2 cores.")
                    .line("")
                    .line("| figure | value |")
                    .line("| --- | ---: |")
                    .line(String.format(Locale.ROOT, "| warm-up batch first (%d assets, cold JVM) | %.0f task completions/s "
                            + "(%.1f s) |", WARM_UP_ASSETS, warmUp.tasks() / warmUp.seconds(), warmUp.seconds()))
                    .line(String.format(Locale.ROOT, "| tasks completed | %d (%d not succeeded) |", tasks, failed))
                    .line(String.format(Locale.ROOT, "| posting %d assets | %.1f s |", ASSETS, batch.postSeconds()))
                    .line(String.format(Locale.ROOT, "| from first post to last asset complete | %.1f s |",
                            batch.seconds()))
                    .line(String.format(Locale.ROOT, "| task completions per second, overall | **%.0f** |", overall))
                    .line(String.format(Locale.ROOT, "| task completions per second, steady 1 s windows (without the "
                            + "first and last 10 %% of the run): median / min / max | **%.0f** / %.0f / %.0f |",
                            Stats.median(steady), Stats.percentile(steady, 0), Stats.percentile(steady, 100)))
                    .line(String.format(Locale.ROOT, "| service JVM CPU during the run | %.1f s |",
                            cpuAfter[0] - cpuBefore[0]))
                    .line("")
                    .line("Goal: ≥ 2,000 task completions per second sustained.")
                    .line("")
                    .line("## Rule tooling on these 1,000 stored assets (issue 5)")
                    .line("")
                    .line("| operation | median | runs |")
                    .line("| --- | ---: | --- |")
                    .line(String.format(Locale.ROOT, "| impact preview of an extra rung over 1,000 assets | %.0f ms | %s |",
                            Stats.median(previews), previews))
                    .line(String.format(Locale.ROOT, "| validation of the shipped rules plus one file (guard, then compile and %d scenarios in the sandbox JVM) | %.0f ms | %s |",
                            rules.path("scenarios").asInt(), Stats.median(rebuilds), rebuilds))
                    .line(String.format(Locale.ROOT, "| first load at start-up (cold JVM) | %d ms | |",
                            rules.path("lastAttempt").path("millis").asLong()))
                    .line(String.format(Locale.ROOT, "Preview result: %d assets scanned, %d affected, %d tasks added, "
                            + "%d removed, %.0f s of encoding estimated.", preview.path("assetsScanned").asInt(),
                            preview.path("assetsAffected").asInt(), preview.path("tasksAdded").asInt(),
                            preview.path("tasksRemoved").asInt(), preview.path("estimatedEncodeSecondsAdded").asDouble()))
                    .write();
            assertThat(failed).isZero();
            assertThat(Stats.median(steady)).as("task completions per second, steady").isGreaterThanOrEqualTo(2000);
        }
    }

    record Batch(long tasks, double seconds, double postSeconds, List<Double> windows) {
    }

    /** Posts {@code count} assets (ids prefix-0 ...) and waits until all are complete, sampling throughput every second. */
    static Batch run(BenchService service, String prefix, int count) throws Exception {
        long before = service.count("SELECT count(*) FROM task WHERE state = 'SUCCEEDED'");
        long completeBefore = service.count("SELECT count(*) FROM asset WHERE state = 'COMPLETE'");
        long started = System.nanoTime();
        ExecutorService posters = Executors.newFixedThreadPool(4);
        List<Future<Integer>> posts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = prefix + "-" + i;
            posts.add(posters.submit(() -> service.post("/api/v1/assets", Map.of("id", id, "source", "sim-80s.mov",
                    "chunking", Map.of("seconds", 4), "ladder", List.of(
                            rung("1080p", 1920, 1080), rung("720p", 1280, 720), rung("360p", 640, 360))))
                    .statusCode()));
        }
        posters.shutdown();
        List<Double> windows = new ArrayList<>();
        long previous = before;
        long last = started;
        double postSeconds = Double.NaN;
        // Done when every asset is complete and its last task (the notification) has run.
        while (service.count("SELECT count(*) FROM asset WHERE state = 'COMPLETE'") < completeBefore + count
                || service.count("SELECT count(*) FROM task WHERE state IN ('QUEUED', 'RUNNING', 'FAILED')") > 0) {
            Thread.sleep(1000);
            if (Double.isNaN(postSeconds) && posters.isTerminated()) {
                postSeconds = (System.nanoTime() - started) / 1e9;
            }
            long now = System.nanoTime();
            long done = service.count("SELECT count(*) FROM task WHERE state = 'SUCCEEDED'");
            windows.add((done - previous) / ((now - last) / 1e9));
            previous = done;
            last = now;
            assertThat((now - started) / 1e9).as("finished within 15 minutes").isLessThan(900);
        }
        for (Future<Integer> post : posts) {
            assertThat(post.get()).isEqualTo(201);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Batch(service.count("SELECT count(*) FROM task WHERE state = 'SUCCEEDED'") - before, seconds,
                Double.isNaN(postSeconds) ? seconds : postSeconds, windows);
    }

    private static Map<String, Object> rung(String name, int width, int height) {
        return Map.of("name", name, "codec", "avc", "width", width, "height", height, "crf", 23);
    }
}
