package dev.encodeflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.encodeflow.support.TestMedia;
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
 * B1: one clip end to end through the packaged service (POST to COMPLETE, probe and validation
 * included) against what a user would otherwise run on the same machine: (a) a shell-style
 * pipeline cutting the same chunks with -ss/-frames:v, two ffmpeg at a time, joined with the
 * concat demuxer, and (b) one plain ffmpeg. Runs are interleaved; medians and ratios are reported.
 */
class EndToEndBench {

    static final int ROUNDS = 5;
    static final int WARM_UP_ASSETS = Integer.getInteger("bench.b1-warm-up-assets", 400);
    static final int SLOTS = 2;
    static final String PRESET = "veryfast";
    static final int CRF = 23;

    @Test
    void serviceAgainstPipelineAndSingleFfmpeg() throws Exception {
        try (BenchService service = new BenchService("b1-end-to-end", Map.of("WORKERS_SLOTS", String.valueOf(SLOTS),
                "QUARKUS_LOG_CATEGORY__DEV_ENCODEFLOW__LEVEL", "WARN"))) {
            Path clip = generate(service.in, "clip-20s-720p.mp4", 1280, 720, 20);
            Path longClip = generate(service.in, "clip-600s-360p.mp4", 640, 360, 600);
            service.start();
            BenchReport report = new BenchReport("b1-end-to-end", "B1: end to end against a pipeline and plain ffmpeg");

            // A service in production runs warm: its JIT compiler has long finished with the code
            // every asset runs. Three rounds on the just-started JVM are reported apart, then many
            // small assets (the same code paths, little ffmpeg work) warm it up, then two more
            // rounds of the clip; none of these count.
            List<Double> coldShares = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Run cold = runService(service, clip, 4.0, 1280, 720, "cold" + i);
                coldShares.add(cold.orchestratorCpu() / cold.ffmpegCpu());
            }
            warmUp(service, generate(service.in, "clip-2s-tiny.mp4", 192, 108, 2), WARM_UP_ASSETS);
            for (int i = 0; i < 2; i++) {
                runService(service, clip, 4.0, 1280, 720, "warm" + i);
            }
            List<Double> serviceTimes = new ArrayList<>();
            List<Double> pipelineTimes = new ArrayList<>();
            List<Double> singleTimes = new ArrayList<>();
            List<Double> cpuShares = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                Run run = runService(service, clip, 4.0, 1280, 720, "r" + round);
                serviceTimes.add(run.seconds());
                cpuShares.add(run.orchestratorCpu() / run.ffmpegCpu());
                pipelineTimes.add(pipeline(service.work, clip, 4.0, 1280, 720, 25, 20 * 25).seconds());
                singleTimes.add(single(service.work, clip, 1280, 720));
            }
            double s = Stats.median(serviceTimes);
            double p = Stats.median(pipelineTimes);
            double f = Stats.median(singleTimes);
            double cpu = Stats.median(cpuShares);
            List<Double> assembled = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                assembled.add(toAssembled(service, "b1-r" + round));
            }
            double a = Stats.median(assembled);
            report.line("Clip: 20 s, 1280x720, 25 fps, H.264 mezzanine (1 s GOP), no audio. Rendition: AVC "
                            + "1280x720, x264 `" + PRESET + "`, crf " + CRF + ", 4 s chunks. " + SLOTS + " slots / two "
                            + "ffmpeg at a time. " + ROUNDS + " interleaved rounds after the service was warmed up ("
                            + WARM_UP_ASSETS + " small assets, then two rounds of the clip); medians.")
                    .line("")
                    .line("| run | wall time (s, median) | runs |")
                    .line("| --- | ---: | --- |")
                    .line(String.format(Locale.ROOT, "| service: POST to COMPLETE (probe, 5 chunks, assembly, validation) | %.2f | %s |", s, round(serviceTimes)))
                    .line(String.format(Locale.ROOT, "| (a) pipeline: same chunks, two ffmpeg at a time, concat | %.2f | %s |", p, round(pipelineTimes)))
                    .line(String.format(Locale.ROOT, "| (b) one plain ffmpeg (x264 threads auto) | %.2f | %s |", f, round(singleTimes)))
                    .line("")
                    .line(String.format(Locale.ROOT, "| service: POST to the rendition assembled (what the pipeline does: "
                            + "no validation) | %.2f | %s |", a, round(assembled)))
                    .line("")
                    .line(String.format(Locale.ROOT, "Ratios: service / pipeline **%.3f** (goal ≤ 1.05); service / single "
                            + "ffmpeg **%.3f** (goal < 1); service up to assembly / pipeline **%.3f**.", s / p, s / f,
                            a / p))
                    .line(String.format(Locale.ROOT, "Orchestrator CPU (the service JVM's own CPU time during a run) / "
                            + "ffmpeg CPU (its children's): median **%.2f %%** (goal ≤ 2 %%), runs %s.", 100 * cpu,
                            cpuShares.stream().map(x -> String.format(Locale.ROOT, "%.2f%%", 100 * x)).toList()))
                    .line(String.format(Locale.ROOT, "The same share in the first three rounds of the just-started "
                            + "service, before the warm-up (the JIT compiler at work): %s.",
                            coldShares.stream().map(x -> String.format(Locale.ROOT, "%.2f%%", 100 * x)).toList()));

            // A 10-minute clip, and the chunk length sweep on it (one run each: these are long).
            // -Dbench.sweep=false skips it, e.g. while iterating on the 20 s figure.
            boolean sweep = Boolean.parseBoolean(System.getProperty("bench.sweep", "true"));
            report.line(sweep ? "" : "(chunk length sweep not run: -Dbench.sweep=false)");
            double[] lengths = sweep ? new double[] {2, 5, 10, 20} : new double[0];
            if (sweep) {
                report.line("")
                    .line("## 10-minute clip and chunk length")
                    .line("")
                    .line("Clip: 600 s, 640x360, 25 fps (15,000 frames), same recipe at 640x360. One run each.")
                    .line("")
                    .line("| chunk length | chunks | service (s) | pipeline (s) | overhead | output (bytes) | single ffmpeg (s) "
                            + "| orchestrator CPU / ffmpeg CPU |")
                    .line("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            }
            double longSingle = sweep ? single(service.work, longClip, 640, 360) : 0;
            for (double seconds : lengths) {
                Run run = runService(service, longClip, seconds, 640, 360, "sweep" + (int) seconds);
                Pipeline pipe = pipeline(service.work, longClip, seconds, 640, 360, 25, 600 * 25);
                report.line(String.format(Locale.ROOT, "| %.0f s | %d | %.1f | %.1f | %+.1f %% | %,d | %.1f | %.2f %% |",
                        seconds, run.chunks(), run.seconds(), pipe.seconds(), 100 * (run.seconds() / pipe.seconds() - 1),
                        run.bytes(), longSingle, 100 * run.orchestratorCpu() / run.ffmpegCpu()));
            }
            report.write();
            assertThat(s / p).isLessThanOrEqualTo(1.05);
            assertThat(s).isLessThan(f);
            assertThat(cpu).isLessThanOrEqualTo(0.02);
        }
    }

    /** Posts {@code count} one-chunk-per-second assets of a tiny clip at once and waits for all of them. */
    private static void warmUp(BenchService service, Path tiny, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            assertThat(service.post("/api/v1/assets", Map.of("id", "b1-warmup-" + i + "-" + System.nanoTime(),
                    "source", tiny.getFileName().toString(), "chunking", Map.of("seconds", 1.0),
                    "ladder", List.of(Map.of("name", "r", "codec", "avc", "width", 192, "height", 108, "crf", CRF,
                            "preset", PRESET)))).statusCode()).isEqualTo(201);
        }
        while (service.count("SELECT count(*) FROM asset WHERE id LIKE 'b1-warmup-%' AND state <> 'COMPLETE'") > 0) {
            assertThat(service.count("SELECT count(*) FROM asset WHERE id LIKE 'b1-warmup-%' "
                    + "AND state IN ('FAILED', 'CANCELLED')")).isZero();
            Thread.sleep(200);
        }
    }

    /** Seconds from the asset's creation to the end of its ASSEMBLE task (both on the service's clock). */
    private static double toAssembled(BenchService service, String prefix) throws Exception {
        try (java.sql.Connection c = service.connect(); java.sql.PreparedStatement q = c.prepareStatement("""
                SELECT extract(epoch FROM t.finished_at - a.created_at) FROM task t JOIN asset a ON a.id = t.asset_id
                WHERE t.type = 'ASSEMBLE' AND a.id LIKE ? ORDER BY a.created_at LIMIT 1""")) {
            q.setString(1, prefix + "-%");
            try (java.sql.ResultSet row = q.executeQuery()) {
                row.next();
                return row.getDouble(1);
            }
        }
    }

    record Run(double seconds, double orchestratorCpu, double ffmpegCpu, int chunks, long bytes) {
    }

    record Pipeline(double seconds) {
    }

    private static Run runService(BenchService service, Path clip, double chunkSeconds, int width, int height,
            String tag) throws Exception {
        String id = "b1-" + tag + "-" + System.nanoTime();
        double[] before = service.cpuSeconds();
        long started = System.nanoTime();
        assertThat(service.post("/api/v1/assets", Map.of("id", id, "source", clip.getFileName().toString(),
                "chunking", Map.of("seconds", chunkSeconds), "ladder", List.of(Map.of("name", "r", "codec", "avc",
                        "width", width, "height", height, "crf", CRF, "preset", PRESET)))).statusCode()).isEqualTo(201);
        // Watched in the database, so that watching costs the service nothing.
        try (java.sql.Connection c = service.connect();
             java.sql.PreparedStatement state = c.prepareStatement("SELECT state FROM asset WHERE id = ?")) {
            state.setString(1, id);
            while (true) {
                try (java.sql.ResultSet row = state.executeQuery()) {
                    row.next();
                    String now = row.getString(1);
                    if ("COMPLETE".equals(now)) {
                        break;
                    }
                    assertThat(now).isNotIn("FAILED", "CANCELLED");
                }
                Thread.sleep(10);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double[] after = service.cpuSeconds();
        JsonNode rendition = service.get("/api/v1/assets/" + id).path("renditions").get(0);
        return new Run(seconds, after[0] - before[0], after[1] - before[1], rendition.path("chunksTotal").asInt(),
                rendition.path("output").path("bytes").asLong());
    }

    /** What a user would script: the same frame-exact chunks, two at a time, joined without re-encoding. */
    private static Pipeline pipeline(Path work, Path clip, double chunkSeconds, int width, int height, int fps,
            long frames) throws Exception {
        Path dir = Files.createDirectories(work.resolve("pipeline-" + System.nanoTime()));
        long size = Math.max(1, Math.round(chunkSeconds * fps));
        List<List<String>> commands = new ArrayList<>();
        StringBuilder list = new StringBuilder();
        for (long start = 0, i = 0; start < frames; start += size, i++) {
            long count = Math.min(size, frames - start);
            Path out = dir.resolve(String.format(Locale.ROOT, "c%05d.mp4", i));
            List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y"));
            if (start > 0) {
                command.addAll(List.of("-ss", String.format(Locale.ROOT, "%.6f", (start - 0.5) / fps)));
            }
            command.addAll(List.of("-i", clip.toString(), "-frames:v", String.valueOf(count), "-an", "-vf",
                    "scale=" + width + ":" + height, "-c:v", "libx264", "-preset", PRESET, "-crf", String.valueOf(CRF),
                    "-threads", "1", out.toString()));
            commands.add(command);
            list.append("file '").append(out.getFileName()).append("'\n");
        }
        Files.writeString(dir.resolve("list.txt"), list);
        long started = System.nanoTime();
        ExecutorService two = Executors.newFixedThreadPool(2);
        List<Future<String>> done = new ArrayList<>();
        for (List<String> command : commands) {
            done.add(two.submit(() -> TestMedia.run(command)));
        }
        for (Future<String> f : done) {
            f.get();
        }
        two.shutdown();
        TestMedia.run(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i",
                dir.resolve("list.txt").toString(), "-c", "copy", dir.resolve("out.mp4").toString()));
        return new Pipeline((System.nanoTime() - started) / 1e9);
    }

    private static double single(Path work, Path clip, int width, int height) {
        long started = System.nanoTime();
        TestMedia.run(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-i", clip.toString(), "-an", "-vf",
                "scale=" + width + ":" + height, "-c:v", "libx264", "-preset", PRESET, "-crf", String.valueOf(CRF),
                work.resolve("single.mp4").toString()));
        return (System.nanoTime() - started) / 1e9;
    }

    private static Path generate(Path in, String name, int width, int height, int seconds) {
        Path file = in.resolve(name);
        if (!Files.exists(file)) {
            TestMedia.run(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc2=size=" + width + "x" + height + ":rate=25:duration=" + seconds, "-c:v", "libx264",
                    "-preset", "veryfast", "-crf", "18", "-g", "25", "-pix_fmt", "yuv420p", file.toString()));
        }
        return file;
    }

    private static List<Double> round(List<Double> values) {
        return values.stream().map(v -> Math.round(v * 100) / 100.0).toList();
    }
}
