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

    static final int ASSETS = 1000;
    static final int SLOTS = 8;

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
                "WORKERS_SIMULATE", "true", "WORKERS_SLOTS", String.valueOf(SLOTS)))) {
            Files.writeString(service.in.resolve("sim-80s.mov"), "");
            service.start();
            long started = System.nanoTime();
            ExecutorService posters = Executors.newFixedThreadPool(4);
            List<Future<Integer>> posts = new ArrayList<>();
            for (int i = 0; i < ASSETS; i++) {
                String id = "b3-" + i;
                posts.add(posters.submit(() -> service.post("/api/v1/assets", Map.of("id", id, "source", "sim-80s.mov",
                        "chunking", Map.of("seconds", 4), "ladder", List.of(
                                rung("1080p", 1920, 1080), rung("720p", 1280, 720), rung("360p", 640, 360))))
                        .statusCode()));
            }
            for (Future<Integer> post : posts) {
                assertThat(post.get()).isEqualTo(201);
            }
            posters.shutdown();
            double postSeconds = (System.nanoTime() - started) / 1e9;

            List<Double> windows = new ArrayList<>();
            double[] cpuBefore = service.cpuSeconds();
            long previous = service.count("SELECT count(*) FROM task WHERE state = 'SUCCEEDED'");
            long first = System.nanoTime();
            long last = first;
            while (service.count("SELECT count(*) FROM asset WHERE state = 'COMPLETE'") < ASSETS) {
                Thread.sleep(2000);
                long now = System.nanoTime();
                long done = service.count("SELECT count(*) FROM task WHERE state = 'SUCCEEDED'");
                windows.add((done - previous) / ((now - last) / 1e9));
                previous = done;
                last = now;
                assertThat((now - first) / 1e9).as("finished within 15 minutes").isLessThan(900);
            }
            double seconds = (System.nanoTime() - first) / 1e9;
            double[] cpuAfter = service.cpuSeconds();
            long tasks = service.count("SELECT count(*) FROM task WHERE state = 'SUCCEEDED'");
            long failed = service.count("SELECT count(*) FROM task WHERE state NOT IN ('SUCCEEDED')");
            double overall = tasks / (seconds + postSeconds);
            // Steady state: after the JIT has warmed up (the first 30 % of the run) and before the
            // queue drains (the last 10 %).
            List<Double> steady = windows.subList(windows.size() * 3 / 10, Math.max(windows.size() * 3 / 10 + 1,
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

            new BenchReport("b3-orchestration", "B3: orchestration throughput")
                    .line(ASSETS + " assets x 3 renditions x 20 chunks (80 s sources, 4 s chunks) posted over HTTP, "
                            + "simulated encoder (`workers.simulate=true`), " + SLOTS + " slots, one service instance "
                            + "and PostgreSQL 15 on the same 2 cores.")
                    .line("")
                    .line("| figure | value |")
                    .line("| --- | ---: |")
                    .line(String.format(Locale.ROOT, "| tasks completed | %d (%d not succeeded) |", tasks, failed))
                    .line(String.format(Locale.ROOT, "| posting %d assets | %.1f s |", ASSETS, postSeconds))
                    .line(String.format(Locale.ROOT, "| from first post to last asset complete | %.1f s |",
                            seconds + postSeconds))
                    .line(String.format(Locale.ROOT, "| task completions per second, overall | **%.0f** |", overall))
                    .line(String.format(Locale.ROOT, "| task completions per second, steady 2 s windows (after the first 30 %% "
                            + "of the run, JIT warm-up): median / min / max | %.0f / %.0f / %.0f |",
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
                    .line(String.format(Locale.ROOT, "| rebuild of the shipped rules plus one file (compile, allow-list, %d scenarios) | %.0f ms | %s |",
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

    private static Map<String, Object> rung(String name, int width, int height) {
        return Map.of("name", name, "codec", "avc", "width", width, "height", height, "crf", 23);
    }
}
