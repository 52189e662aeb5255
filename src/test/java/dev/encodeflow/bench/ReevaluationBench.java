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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * B8, the part built so far: re-evaluation of every stored asset after a rule swap (issue 14).
 * The packaged service with the simulated encoder stores {@code bench.assets} COMPLETE assets
 * (10,000 by default; one rung, one chunk each), then a rule file is dropped into its rules folder
 * and reloaded: every asset is replayed under the new set in the background. Measured: the time
 * until every asset was evaluated under the new set, the database's work meanwhile
 * (pg_stat_database deltas), the service's CPU, and a live asset's POST-to-COMPLETE time during
 * the re-evaluation against the same before it (background marks wait behind live ones).
 */
class ReevaluationBench {

    static final int ASSETS = Integer.getInteger("bench.assets", 10_000);

    static final String SWAPPED_IN = """
            package encodeflow.workflow;
            import dev.encodeflow.model.*;
            rule "Nothing for sources above 100000 frames per second"
            when
                Probe( fpsNum > 100000 * fpsDen )
            then
            end
            """;

    @Test
    void everyStoredAssetIsReevaluatedAfterARuleSwap() throws Exception {
        Path rules = Path.of("target/bench-reevaluation-rules").toAbsolutePath();
        copyRules(rules);
        try (BenchService service = new BenchService("b8-reevaluation", Map.of("WORKERS_SIMULATE", "true",
                "WORKERS_SLOTS", "64", "RULES_DIR", rules.toString(), "RULES_WATCH", "false",
                "RULES_SESSION_CACHE_SIZE", "2048"))) {
            Files.writeString(service.in.resolve("sim-4s.mov"), "");
            service.start();
            long stored = System.nanoTime();
            post(service, "stored", ASSETS);
            awaitComplete(service, ASSETS, 1800);
            double storeSeconds = (System.nanoTime() - stored) / 1e9;
            List<Double> liveBefore = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                liveBefore.add(live(service, "live-before-" + i));
            }

            String version = service.get("/api/v1/rules").path("version").asText();
            long[] dbBefore = databaseStats(service);
            double[] cpuBefore = service.cpuSeconds();
            Files.writeString(rules.resolve("60-swapped-in.drl"), SWAPPED_IN);
            long swapped = System.nanoTime();
            assertThat(service.post("/api/v1/rules/reload", Map.of()).statusCode()).isEqualTo(200);
            String newVersion = service.get("/api/v1/rules").path("version").asText();
            assertThat(newVersion).isNotEqualTo(version);
            List<Double> liveDuring = new ArrayList<>();
            long remaining = ASSETS;
            while (remaining > 0) {
                if (liveDuring.size() < 5) {
                    liveDuring.add(live(service, "live-during-" + liveDuring.size()));
                } else {
                    Thread.sleep(100);
                }
                remaining = service.count("SELECT count(*) FROM asset WHERE rule_set_version IS DISTINCT FROM '"
                        + newVersion + "' AND id LIKE 'stored-%'");
                assertThat((System.nanoTime() - swapped) / 1e9).as("re-evaluation time").isLessThan(1800);
            }
            double seconds = (System.nanoTime() - swapped) / 1e9;
            long[] dbAfter = databaseStats(service);
            double[] cpuAfter = service.cpuSeconds();
            long replays = service.count("SELECT count(*) FROM evaluation WHERE rule_set_version = '" + newVersion
                    + "' AND replayed");

            new BenchReport("b8-reevaluation", "B8 (part): re-evaluation of stored assets after a rule swap")
                    .line(ASSETS + " COMPLETE assets (one AVC rung, one chunk each, simulated encoder, 64 slots; "
                            + String.format(Locale.ROOT, "stored in %.0f s), then one rule file added and the folder "
                            + "reloaded. One service instance and PostgreSQL 15 on the same 2 cores.", storeSeconds))
                    .line("")
                    .line("| figure | value |")
                    .line("| --- | ---: |")
                    .line(String.format(Locale.ROOT, "| every asset evaluated under the new set | **%.1f s** (%.0f assets/s) |",
                            seconds, ASSETS / seconds))
                    .line(String.format(Locale.ROOT, "| replays recorded in the history under the new version | %d |", replays))
                    .line(String.format(Locale.ROOT, "| transactions committed | %d (%.2f per asset) |", dbAfter[0] - dbBefore[0],
                            (dbAfter[0] - dbBefore[0]) / (double) ASSETS))
                    .line(String.format(Locale.ROOT, "| rows read / inserted / updated / deleted | %d / %d / %d / %d |",
                            dbAfter[1] - dbBefore[1], dbAfter[2] - dbBefore[2], dbAfter[3] - dbBefore[3],
                            dbAfter[4] - dbBefore[4]))
                    .line(String.format(Locale.ROOT, "| blocks read from disk / found in cache | %d / %d |",
                            dbAfter[5] - dbBefore[5], dbAfter[6] - dbBefore[6]))
                    .line(String.format(Locale.ROOT, "| service JVM CPU meanwhile | %.1f s |", cpuAfter[0] - cpuBefore[0]))
                    .line(String.format(Locale.ROOT, "| a live asset's POST to COMPLETE, before / during: median | %.0f / %.0f ms |",
                            Stats.median(liveBefore), Stats.median(liveDuring)))
                    .line("")
                    .line("Live runs (ms), before: " + liveBefore + "; during: " + liveDuring + ".")
                    .write();
            assertThat(replays).isGreaterThanOrEqualTo(ASSETS);
        }
    }

    private static void copyRules(Path target) throws Exception {
        dev.encodeflow.tasks.MediaWork.deleteTree(target);
        try (Stream<Path> files = Files.walk(Path.of("rules"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path copy = target.resolve(Path.of("rules").relativize(file));
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
            }
        }
    }

    /** xact_commit, tup_fetched, tup_inserted, tup_updated, tup_deleted, blks_read, blks_hit. */
    private static long[] databaseStats(BenchService service) throws Exception {
        String[] columns = {"xact_commit", "tup_fetched", "tup_inserted", "tup_updated", "tup_deleted", "blks_read",
                "blks_hit"};
        long[] values = new long[columns.length];
        for (int i = 0; i < columns.length; i++) {
            values[i] = service.count("SELECT " + columns[i] + " FROM pg_stat_database WHERE datname = current_database()");
        }
        return values;
    }

    private static void post(BenchService service, String prefix, int count) throws Exception {
        ExecutorService posters = Executors.newFixedThreadPool(4);
        List<Future<Integer>> posts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = prefix + "-" + i;
            posts.add(posters.submit(() -> service.post("/api/v1/assets", body(id)).statusCode()));
        }
        posters.shutdown();
        for (Future<Integer> post : posts) {
            assertThat(post.get()).isEqualTo(201);
        }
    }

    private static Map<String, Object> body(String id) {
        return Map.of("id", id, "source", "sim-4s.mov", "chunking", Map.of("seconds", 0),
                "ladder", List.of(Map.of("name", "360p", "codec", "avc", "width", 640, "height", 360, "crf", 23)));
    }

    private static void awaitComplete(BenchService service, long count, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (service.count("SELECT count(*) FROM asset WHERE state = 'COMPLETE'") < count) {
            assertThat(System.nanoTime()).as("assets complete in time").isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    /** One live asset's POST-to-COMPLETE time in ms. */
    private static double live(BenchService service, String id) throws Exception {
        long started = System.nanoTime();
        assertThat(service.post("/api/v1/assets", body(id)).statusCode()).isEqualTo(201);
        while (!"COMPLETE".equals(service.get("/api/v1/assets/" + id).path("state").asText())) {
            Thread.sleep(5);
            assertThat((System.nanoTime() - started) / 1e9).as(id).isLessThan(120);
        }
        return (System.nanoTime() - started) / 1e6;
    }
}
