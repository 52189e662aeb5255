package dev.encodeflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.encodeflow.support.TestMedia;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * B5: memory while 10,000 assets wait in the queue. The packaged service runs with its workers
 * off, so every posted asset is evaluated (its PROBE queued) and then waits; heap after a full
 * GC and the resident set are read every 2,500 assets.
 */
class MemoryBench {

    static final int ASSETS = 10_000;
    static final int STEP = 2_500;

    @Test
    void heapStaysFlatWhileAssetsWait() throws Exception {
        try (BenchService service = new BenchService("b5-memory", Map.of("WORKERS_ENABLED", "false"))) {
            Files.writeString(service.in.resolve("waiting.mov"), "");
            service.start();
            List<String> rows = new ArrayList<>();
            List<Double> heaps = new ArrayList<>();
            rows.add(sample(service, 0, heaps));
            ExecutorService posters = Executors.newFixedThreadPool(4);
            for (int from = 0; from < ASSETS; from += STEP) {
                List<Future<Integer>> posts = new ArrayList<>();
                for (int i = from; i < from + STEP; i++) {
                    String id = "b5-" + i;
                    posts.add(posters.submit(() -> service.post("/api/v1/assets", Map.of("id", id, "source",
                            "waiting.mov", "ladder", List.of(Map.of("name", "720p", "codec", "avc", "width", 1280,
                                    "height", 720, "crf", 23)))).statusCode()));
                }
                for (Future<Integer> post : posts) {
                    assertThat(post.get()).isEqualTo(201);
                }
                while (service.count("SELECT count(*) FROM evaluation_pending") > 0) {
                    Thread.sleep(200);
                }
                rows.add(sample(service, from + STEP, heaps));
            }
            posters.shutdown();
            long queued = service.count("SELECT count(*) FROM task WHERE state = 'QUEUED'");
            BenchReport report = new BenchReport("b5-memory", "B5: memory while assets wait")
                    .line(ASSETS + " assets posted over HTTP to a service whose workers are off: each is evaluated "
                            + "(its PROBE task queued) and waits. Heap used after a full GC (`jcmd GC.run`), and the "
                            + "process's resident set; default JVM settings (no -Xmx).")
                    .line("")
                    .line("| assets waiting | heap after GC (MB) | RSS (MB) |")
                    .line("| ---: | ---: | ---: |");
            rows.forEach(report::line);
            report.line("")
                    .line(String.format(Locale.ROOT, "%d tasks queued at the end. Heap growth from 2,500 to 10,000 "
                            + "waiting assets: %.1f MB. Goal: flat, under 512 MB.", queued,
                            heaps.get(heaps.size() - 1) - heaps.get(1)))
                    .write();
            assertThat(queued).isEqualTo(ASSETS);
            assertThat(heaps).allSatisfy(h -> assertThat(h).isLessThan(512));
        }
    }

    private static String sample(BenchService service, int assets, List<Double> heaps) throws Exception {
        long pid = service.process.pid();
        TestMedia.run(List.of("jcmd", String.valueOf(pid), "GC.run"));
        String info = TestMedia.run(List.of("jcmd", String.valueOf(pid), "GC.heap_info"));
        Matcher used = Pattern.compile("used (\\d+)K").matcher(info);
        double heap = used.find() ? Long.parseLong(used.group(1)) / 1024.0 : Double.NaN;
        heaps.add(heap);
        return String.format(Locale.ROOT, "| %,d | %.0f | %.0f |", assets, heap, service.rssMegabytes());
    }
}
