package dev.encodeflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.encodeflow.media.FfmpegCommands;
import dev.encodeflow.model.Chunk;
import dev.encodeflow.model.Codec;
import dev.encodeflow.model.Rung;
import dev.encodeflow.model.TaskSpec;
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
 * B1, planned chunks (issue 16): the service with automatic chunk planning (no chunk length in
 * the request; manifests and quality measurement off for the asset, validation on) against one
 * plain multi-threaded ffmpeg of the whole clip and against the hand pipeline cutting the same
 * chunks as the service planned (two ffmpeg at a time, concat). Both use the service's own
 * encoder command, so the three runs make the same encode. Interleaved rounds, medians. Then an
 * instance planning for 16 slots shows the plan choosing more chunks.
 */
class ChunkPlanningBench {

    static final int ROUNDS = Integer.getInteger("bench.b1-plan-rounds", 3);
    static final int SLOTS = 2;
    /**
     * -Dbench.ffprobe=/path/to/ffprobe: the ffprobe of the service and of the floor (another build,
     * to measure what its launch costs); ffmpeg stays the one on the PATH for every encode.
     */
    static final String FFPROBE = System.getProperty("bench.ffprobe", "ffprobe");
    static final FfmpegCommands COMMANDS = new FfmpegCommands("ffmpeg", FFPROBE, List.of("mov", "matroska"));

    record Case(String name, String clip, Rung rung, int rounds) {
    }

    /**
     * {@code floor}: the hand pipeline with the service's own probe reads before it and its own
     * validation reads after it, run straight from here: what the service's work costs with no
     * orchestrator at all (no queue, no rules, no hand-offs). What the service adds over the hand
     * pipeline is this floor's share (reading the source, checking the output) and the rest.
     */
    record Result(Case c, int chunks, List<Long> starts, List<Double> service, List<Double> plain,
            List<Double> pipeline, List<Double> floor) {

        boolean chunked() {
            return !pipeline.isEmpty();
        }
    }

    /**
     * The ratios of one round's times, each against the same round's baseline: drift of the
     * machine between rounds cancels out, which a ratio of two medians does not do.
     */
    static List<Double> perRound(List<Double> measured, List<Double> baseline) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < measured.size(); i++) {
            ratios.add(measured.get(i) / baseline.get(i));
        }
        return ratios;
    }

    /** The median of the per-round ratios and their range, e.g. "1.058 (1.031 to 1.090)". */
    static String ratio(List<Double> measured, List<Double> baseline, boolean bold) {
        List<Double> ratios = perRound(measured, baseline);
        String median = String.format(Locale.ROOT, "%.3f", Stats.median(ratios));
        return (bold ? "**" + median + "**" : median) + String.format(Locale.ROOT, " (%.3f to %.3f)",
                java.util.Collections.min(ratios), java.util.Collections.max(ratios));
    }

    @Test
    void plannedChunksAgainstPlainFfmpegAndTheHandPipeline() throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(Map.of("WORKERS_SLOTS", String.valueOf(SLOTS),
                "QUARKUS_LOG_CATEGORY__DEV_ENCODEFLOW__LEVEL", "WARN"));
        if (!FFPROBE.equals("ffprobe")) {
            settings.put("MEDIA_FFPROBE", FFPROBE);
        }
        try (BenchService service = new BenchService("b1-planning", settings)) {
            // The mezzanines: x264 at crf 12 with ffmpeg's default GOP (key frames every
            // 10 s at 25 fps), the same content intra-only, and two minutes of 1080p.
            generate(service.in, "long-gop-20s-720p.mp4", "1280x720", 20, List.of("-crf", "12"));
            generate(service.in, "intra-20s-720p.mp4", "1280x720", 20, List.of("-crf", "12", "-g", "1"));
            generate(service.in, "long-gop-120s-1080p.mp4", "1920x1080", 120, List.of("-crf", "16", "-preset", "veryfast"));
            service.start();
            warmUp(service);
            int longRounds = Integer.getInteger("bench.b1-plan-long-rounds", 2);
            List<Case> cases = List.of(
                    new Case("AVC, 20 s 720p long GOP", "long-gop-20s-720p.mp4", rung(Codec.AVC, 1280, 720, 23, "veryfast"), ROUNDS),
                    new Case("AVC, 20 s 720p intra-only", "intra-20s-720p.mp4", rung(Codec.AVC, 1280, 720, 23, "veryfast"), ROUNDS),
                    new Case("HEVC, 20 s 720p long GOP", "long-gop-20s-720p.mp4", rung(Codec.HEVC, 1280, 720, 28, "ultrafast"), ROUNDS),
                    new Case("VP9, 20 s 720p long GOP", "long-gop-20s-720p.mp4", rung(Codec.VP9, 1280, 720, 35, "realtime"), ROUNDS),
                    new Case("AV1, 20 s 720p long GOP", "long-gop-20s-720p.mp4", rung(Codec.AV1, 1280, 720, 35, "10"), ROUNDS),
                    new Case("AVC, 2 min 1080p long GOP", "long-gop-120s-1080p.mp4", rung(Codec.AVC, 1920, 1080, 23, "veryfast"), longRounds));
            // -Dbench.b1-plan-cases=AV1,VP9 measures only the cases whose names contain one of these.
            List<String> only = List.of(System.getProperty("bench.b1-plan-cases", "").split(","));
            List<Result> results = new ArrayList<>();
            for (Case c : cases) {
                if (!only.equals(List.of("")) && only.stream().noneMatch(c.name()::contains)) {
                    continue;
                }
                results.add(measure(service, c));
            }
            BenchReport report = new BenchReport("b1-planned-chunks", "B1: planned chunks against plain ffmpeg and the hand pipeline");
            report.line("Machine: " + Runtime.getRuntime().availableProcessors() + " cores; the service with "
                    + SLOTS + " slots, chunks planned automatically (no `chunking` in the request), packaging and quality "
                    + "measurement off for the asset, validation on; POST to `COMPLETE`. Plain ffmpeg: one process of the "
                    + "whole clip with the service's encoder arguments and " + SLOTS + " threads. Hand pipeline: the chunks "
                    + "the service planned, the service's command for each at one thread, two at a time, concat `-c copy`. "
                    + "Floor: that pipeline with the service's own reads around it, started from here with no "
                    + "orchestrator: its two probe reads of the source at once before, its validation reads of the "
                    + "concatenated file at once after (what reading the source and checking the output cost at "
                    + "the least). Interleaved rounds (service, plain, pipeline, floor): times are medians; each "
                    + "ratio is the median of the rounds' own ratios (each round against its own baseline), with "
                    + "their range.")
                    .line("")
                    .line("| case | chunks planned (starts, frames) | service (s) | plain ffmpeg (s) | hand pipeline (s) "
                            + "| floor (s) | service / plain | service / pipeline | floor / pipeline | service / floor |")
                    .line("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            for (Result r : results) {
                boolean chunked = r.chunked();
                report.line(String.format(Locale.ROOT, "| %s | %d %s | %.2f | %.2f | %s | %s | %s | %s | %s | %s |",
                        r.c().name(), r.chunks(), r.starts(), Stats.median(r.service()), Stats.median(r.plain()),
                        chunked ? String.format(Locale.ROOT, "%.2f", Stats.median(r.pipeline())) : "(one chunk)",
                        chunked ? String.format(Locale.ROOT, "%.2f", Stats.median(r.floor())) : "n/a",
                        ratio(r.service(), r.plain(), true),
                        chunked ? ratio(r.service(), r.pipeline(), true) : "n/a",
                        chunked ? ratio(r.floor(), r.pipeline(), false) : "n/a",
                        chunked ? ratio(r.service(), r.floor(), false) : "n/a"));
            }
            report.line("")
                    .line("Goals: service ≤ 1.10 × plain ffmpeg in every case; ≤ 1.05 × the hand pipeline where the plan "
                            + "chunks.");
            service.close();
            if (Boolean.parseBoolean(System.getProperty("bench.b1-plan-sixteen", "true"))) {
                sixteenSlots(report);
            }
            report.write();
            for (Result r : results) {
                assertThat(Stats.median(perRound(r.service(), r.plain()))).as(r.c().name() + ": service / plain")
                        .isLessThanOrEqualTo(1.10);
            }
        }
    }

    private static Rung rung(Codec codec, int width, int height, int crf, String preset) {
        return new Rung("r", codec, width, height, crf, null, null, null, preset, null, null, null);
    }

    private Result measure(BenchService service, Case c) throws Exception {
        List<Double> serviceTimes = new ArrayList<>();
        List<Double> plainTimes = new ArrayList<>();
        List<Double> pipelineTimes = new ArrayList<>();
        List<Double> floorTimes = new ArrayList<>();
        List<Chunk> plan = List.of();
        Path clip = service.in.resolve(c.clip());
        for (int round = 0; round < c.rounds(); round++) {
            String id = "plan-" + c.rung().codec().id() + "-" + round + "-" + System.nanoTime();
            serviceTimes.add(runService(service, id, c));
            plan = chunksOf(service, id);
            List<String> plain = command(clip, c.rung(), new Chunk(0, 0, frames(plan), 0), SLOTS,
                    service.work.resolve("plain." + c.rung().codec().container()));
            plainTimes.add(timed(() -> TestMedia.run(plain)));
            if (plan.size() > 1) {
                TaskSpec.Validate validation = validationOf(service, id);
                pipelineTimes.add(pipeline(service.work, clip, c.rung(), plan, null));
                floorTimes.add(pipeline(service.work, clip, c.rung(), plan, validation));
            }
        }
        return new Result(c, plan.size(), plan.stream().map(Chunk::startFrame).toList(), serviceTimes, plainTimes,
                pipelineTimes, floorTimes);
    }

    private static long frames(List<Chunk> plan) {
        return plan.get(plan.size() - 1).endFrame();
    }

    private static double runService(BenchService service, String id, Case c) throws Exception {
        Rung r = c.rung();
        long started = System.nanoTime();
        assertThat(service.post("/api/v1/assets", Map.of("id", id, "source", c.clip(),
                "packaging", Map.of("formats", List.of()), "quality", Map.of("measure", false),
                "ladder", List.of(Map.of("name", r.name(), "codec", r.codec().id(), "width", r.width(),
                        "height", r.height(), "crf", r.crf(), "preset", r.preset())))).statusCode()).isEqualTo(201);
        try (java.sql.Connection db = service.connect();
             java.sql.PreparedStatement state = db.prepareStatement("SELECT state, error FROM asset WHERE id = ?")) {
            state.setString(1, id);
            while (true) {
                try (java.sql.ResultSet row = state.executeQuery()) {
                    row.next();
                    if ("COMPLETE".equals(row.getString(1))) {
                        return (System.nanoTime() - started) / 1e9;
                    }
                    assertThat(row.getString(1)).as(row.getString(2)).isNotIn("FAILED", "CANCELLED");
                }
                Thread.sleep(10);
            }
        }
    }

    /** The chunks the service planned for an asset, read from its chunk tasks. */
    private static List<Chunk> chunksOf(BenchService service, String id) throws Exception {
        List<Chunk> chunks = new ArrayList<>();
        try (java.sql.Connection db = service.connect(); java.sql.PreparedStatement q = db.prepareStatement("""
                SELECT DISTINCT chunk, (payload -> 'chunk' ->> 'startFrame')::bigint, (payload -> 'chunk' ->> 'frames')::bigint,
                       (payload -> 'chunk' ->> 'seekSeconds')::float8
                FROM task WHERE asset_id = ? AND type = 'ENCODE_CHUNK' ORDER BY chunk""")) {
            q.setString(1, id);
            try (java.sql.ResultSet row = q.executeQuery()) {
                while (row.next()) {
                    chunks.add(new Chunk(row.getInt(1), row.getLong(2), row.getLong(3), row.getDouble(4)));
                }
            }
        }
        return chunks;
    }

    /** The validation the service ran for an asset (its one rendition), read from its task. */
    private static TaskSpec.Validate validationOf(BenchService service, String id) throws Exception {
        try (java.sql.Connection db = service.connect(); java.sql.PreparedStatement q = db.prepareStatement(
                "SELECT payload::text FROM task WHERE asset_id = ? AND type = 'VALIDATE' ORDER BY id LIMIT 1")) {
            q.setString(1, id);
            try (java.sql.ResultSet row = q.executeQuery()) {
                assertThat(row.next()).as("a VALIDATE task of " + id).isTrue();
                return BenchService.JSON.readValue(row.getString(1), TaskSpec.Validate.class);
            }
        }
    }

    /** The service's own encoder command for one chunk (the whole clip: one chunk from frame 0). */
    static List<String> command(Path clip, Rung rung, Chunk chunk, int threads, Path output) {
        return COMMANDS.encodeChunk(clip, new TaskSpec.EncodeChunk(clip.getFileName().toString(), rung, 0, chunk, 1,
                null, null, 50), threads, output);
    }

    /**
     * The same chunks as the service, the service's command at one thread each, two at a time, then
     * concat. With {@code validation}, the floor: the service's two probe reads first and its
     * validation reads of the concatenated file last, each group at once as the service runs them.
     */
    private static double pipeline(Path work, Path clip, Rung rung, List<Chunk> plan, TaskSpec.Validate validation)
            throws Exception {
        Path dir = Files.createDirectories(work.resolve("pipeline-" + System.nanoTime()));
        StringBuilder list = new StringBuilder();
        List<List<String>> commands = new ArrayList<>();
        for (Chunk chunk : plan) {
            Path out = dir.resolve(String.format(Locale.ROOT, "c%05d.mp4", chunk.index()));
            commands.add(command(clip, rung, chunk, 1, out));
            list.append("file '").append(out.getFileName()).append("'\n");
        }
        Files.writeString(dir.resolve("list.txt"), list);
        Path out = dir.resolve("out." + rung.codec().container());
        return timed(() -> {
            if (validation != null) {
                runAtOnce(List.of(COMMANDS.probe(clip), COMMANDS.sourceKeyFrames(clip)), 2);
            }
            runAtOnce(commands, SLOTS);
            TestMedia.run(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i",
                    dir.resolve("list.txt").toString(), "-c", "copy", out.toString()));
            if (validation != null) {
                List<List<String>> reads = dev.encodeflow.tasks.ValidateTask.reads(COMMANDS, validation, out, SLOTS,
                        false);
                runAtOnce(reads, reads.size());
            }
        });
    }

    /** Runs the commands, {@code width} at a time, and waits for all of them. */
    private static void runAtOnce(List<List<String>> commands, int width) {
        ExecutorService pool = Executors.newFixedThreadPool(width);
        try {
            List<Future<String>> done = new ArrayList<>();
            for (List<String> command : commands) {
                done.add(pool.submit(() -> TestMedia.run(command)));
            }
            for (Future<String> f : done) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdown();
        }
    }

    /** An instance planning for 16 slots (its pool, oversubscribed here): the same clips, more chunks. */
    private static void sixteenSlots(BenchReport report) throws Exception {
        try (BenchService sixteen = new BenchService("b1-planning-16", Map.of("WORKERS_SLOTS", "16",
                "QUARKUS_LOG_CATEGORY__DEV_ENCODEFLOW__LEVEL", "WARN"))) {
            for (String clip : List.of("long-gop-20s-720p.mp4", "long-gop-120s-1080p.mp4")) {
                // A hard link: a symbolic one leading out of the input root is refused, as it should be.
                Path link = sixteen.in.resolve(clip);
                if (!Files.exists(link)) {
                    Files.createLink(link, sixteen.in.resolve("../../b1-planning/in/" + clip).normalize());
                }
            }
            sixteen.start();
            report.line("").line("Planned for 16 slots (an instance with `workers.slots=16`; the same requests):").line("")
                    .line("| clip | chunks | starts (frames) |").line("| --- | ---: | --- |");
            for (String clip : List.of("long-gop-20s-720p.mp4", "long-gop-120s-1080p.mp4")) {
                boolean hd = clip.contains("720p");
                Case c = new Case(clip, clip, rung(Codec.AVC, hd ? 640 : 960, hd ? 360 : 540, 30, "ultrafast"), 1);
                String id = "plan16-" + System.nanoTime();
                runService(sixteen, id, c);
                List<Chunk> plan = chunksOf(sixteen, id);
                report.line(String.format(Locale.ROOT, "| %s | %d | %s |", clip, plan.size(),
                        plan.stream().map(Chunk::startFrame).toList()));
            }
        }
    }

    /** A few small assets first: the JIT compiler warms up on the code every asset runs. */
    private static void warmUp(BenchService service) throws Exception {
        Path tiny = service.in.resolve("tiny-2s.mp4");
        TestMedia.run(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                "testsrc2=size=192x108:rate=25:duration=2", "-c:v", "libx264", "-pix_fmt", "yuv420p", tiny.toString()));
        for (int i = 0; i < 40; i++) {
            runService(service, "warm-" + i + "-" + System.nanoTime(), new Case("warm", "tiny-2s.mp4",
                    rung(Codec.AVC, 192, 108, 30, "veryfast"), 1));
        }
    }

    private static void generate(Path in, String name, String size, int seconds, List<String> x264) {
        Path file = in.resolve(name);
        if (Files.exists(file)) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                "testsrc2=size=" + size + ":rate=25:duration=" + seconds, "-c:v", "libx264", "-pix_fmt", "yuv420p"));
        command.addAll(x264);
        command.add(file.toString());
        TestMedia.run(command);
    }

    private static double timed(Runnable work) {
        long started = System.nanoTime();
        work.run();
        return (System.nanoTime() - started) / 1e9;
    }
}
