package dev.encodeflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.encodeflow.media.FfmpegCommands;
import dev.encodeflow.media.encoder.Encoders;
import dev.encodeflow.media.encoder.VideoEncoder;
import dev.encodeflow.model.Chunk;
import dev.encodeflow.model.ChunkPlan;
import dev.encodeflow.model.Codec;
import dev.encodeflow.model.Probe;
import dev.encodeflow.model.Rung;
import dev.encodeflow.model.TaskSpec;
import dev.encodeflow.support.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * B6: a bit-rate rung encoded in chunks, as the service encodes it (the same command builders:
 * segment grid, two passes per chunk where the encoder has them, caps), against one encode of
 * the whole clip with the same rung, per codec, in one run: size, average bit rate, mean PSNR,
 * the dip of the five frames after every chunk boundary below their neighbours (chunked minus
 * single, {@link #boundaryDip}), the peak bit rate over any second, and the chunked size against
 * the size a
 * single encode needs for the same PSNR (interpolated between single encodes at 90, 100 and
 * 110 % of the rate).
 */
class ChunkedRateBench {

    static final int WIDTH = 640;
    static final int HEIGHT = 360;
    static final int FPS = 25;
    static final int SECONDS = 16;
    static final int SEGMENT_FRAMES = 2 * FPS;
    static final int CHUNK_FRAMES = 4 * FPS;

    private final FfmpegCommands commands = new FfmpegCommands("ffmpeg", "ffprobe");
    private final Path work = Path.of("target/bench-b6").toAbsolutePath();

    @Test
    void chunkedBitRateRungsMatchASingleEncode() throws Exception {
        Files.createDirectories(work);
        Path source = clip();
        BenchReport report = new BenchReport("b6-chunked-rate", "B6: chunked bit-rate rungs against one encode");
        report.line(SECONDS + " s of " + WIDTH + "x" + HEIGHT + " at " + FPS + " fps (three kinds of picture, the "
                + "last third noisy), 2 s segments, 4 s chunks; chunked = the service's commands (two passes per "
                + "chunk for AVC, HEVC, VP9; one for AV1), single = the same rung over the whole clip.")
                .line("")
                .line("| codec | target / cap kbps | chunked avg kbps | single avg kbps | chunked PSNR | single PSNR "
                        + "| boundary dip dB | chunked peak 1 s / cap | chunked / single size at equal PSNR |")
                .line("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        List<String> failures = new ArrayList<>();
        for (Rung rung : List.of(
                new Rung("avc", Codec.AVC, WIDTH, HEIGHT, null, 1000, 1500, null, "veryfast", null, null, null),
                new Rung("hevc", Codec.HEVC, WIDTH, HEIGHT, null, 700, 1050, null, "veryfast", null, null, null),
                new Rung("vp9", Codec.VP9, WIDTH, HEIGHT, null, 800, 1200, null, "good", null, null, null),
                new Rung("av1", Codec.AV1, WIDTH, HEIGHT, null, 700, 1050, null, "10", null, null, null))) {
            Path chunked = encode(source, rung, CHUNK_FRAMES, "chunked-" + rung.name());
            Path single = encode(source, rung, SECONDS * FPS, "single-" + rung.name());
            double[] c = measure(chunked, source);
            double[] s = measure(single, source);
            double dip = boundaryDip(perFrame(single, source), perFrame(chunked, source));
            // Single encodes at 90 and 110 % of the rate: the size a single encode needs for the chunked PSNR.
            double[] lower = measure(encode(source, scaled(rung, 0.9), SECONDS * FPS, "single90-" + rung.name()), source);
            double[] higher = measure(encode(source, scaled(rung, 1.1), SECONDS * FPS, "single110-" + rung.name()), source);
            double equalSize = interpolate(new double[][] {{lower[2], lower[0]}, {s[2], s[0]}, {higher[2], higher[0]}}, c[2]);
            double sizeRatio = c[0] / equalSize;
            double peakRatio = c[3] / rung.maxrateKbps();
            report.line(String.format(Locale.ROOT, "| %s | %d / %d | %.0f (%+.1f %%) | %.0f (%+.1f %%) | %.2f | %.2f | %.2f | %.2f | %.3f |",
                    rung.codec().id(), rung.bitrateKbps(), rung.maxrateKbps(), c[1], 100 * (c[1] / rung.bitrateKbps() - 1),
                    s[1], 100 * (s[1] / rung.bitrateKbps() - 1), c[2], s[2], dip, peakRatio, sizeRatio));
            if (dip > 0.3) {
                failures.add(rung.name() + ": dip " + dip + " dB");
            }
            if (Math.abs(c[1] / rung.bitrateKbps() - 1) > 0.05) {
                failures.add(rung.name() + ": average " + c[1]);
            }
            if (sizeRatio > 1.02) {
                failures.add(rung.name() + ": size at equal PSNR " + sizeRatio);
            }
            if (peakRatio > 1.1) {
                failures.add(rung.name() + ": peak " + peakRatio + " x cap");
            }
        }
        report.line("").line("Goals: dip ≤ 0.3 dB, chunked average within ±5 % of the target, peak over any second ≤ "
                + "1.1 x the cap, chunked / single size at equal PSNR ≤ 1.02. Missed: "
                + (failures.isEmpty() ? "none" : String.join("; ", failures)) + ".");
        report.write();
        assertThat(failures).isEmpty();
    }

    private Path clip() {
        Path file = work.resolve("b6-source.mkv");
        if (!Files.exists(file)) {
            int third = SECONDS / 3;
            String size = WIDTH + "x" + HEIGHT;
            TestMedia.run(List.of("ffmpeg", "-nostdin", "-v", "error", "-y",
                    "-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=" + FPS + ":duration=" + third,
                    "-f", "lavfi", "-i", "mandelbrot=size=" + size + ":rate=" + FPS,
                    "-f", "lavfi", "-i", "testsrc=size=" + size + ":rate=" + FPS,
                    "-filter_complex", "[1:v]trim=duration=" + third + ",setpts=PTS-STARTPTS,format=yuv420p[m];"
                            + "[2:v]trim=duration=" + (SECONDS - 2 * third) + ",setpts=PTS-STARTPTS,"
                            + "noise=alls=16:allf=t+u,format=yuv420p[n];[0:v]format=yuv420p[t];[t][m][n]concat=n=3:v=1[v]",
                    "-map", "[v]", "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", file.toString()));
        }
        return file;
    }

    private static Rung scaled(Rung rung, double factor) {
        return new Rung(rung.name(), rung.codec(), rung.width(), rung.height(), null,
                (int) Math.round(rung.bitrateKbps() * factor), (int) Math.round(rung.maxrateKbps() * factor), null,
                rung.preset(), null, null, null);
    }

    /** The rung over the clip in chunks of {@code chunkFrames}, joined, as the service does it. */
    private Path encode(Path source, Rung rung, int chunkFrames, String name) throws Exception {
        Probe probe = new Probe(SECONDS, (long) SECONDS * FPS, FPS, 1, WIDTH, HEIGHT, "yuv420p", "h264", false, null, 0,
                0);
        ChunkPlan plan = ChunkPlan.fixedLength(probe, (double) chunkFrames / FPS);
        VideoEncoder encoder = Encoders.of(rung.codec());
        StringBuilder list = new StringBuilder("ffconcat version 1.0\n");
        for (Chunk chunk : plan.chunks()) {
            TaskSpec.EncodeChunk spec = new TaskSpec.EncodeChunk("b6", rung, 0, chunk, 1, null,
                    new TaskSpec.Picture(FPS, 1, null), SEGMENT_FRAMES);
            Path out = work.resolve(name + "-" + chunk.index() + ".mp4");
            if (encoder.twoPass(rung)) {
                VideoEncoder.Pass first = new VideoEncoder.Pass(1, work.resolve(name + "-" + chunk.index() + ".pass"));
                TestMedia.run(commands.encodeChunk(source, spec, 2, null, first));
                TestMedia.run(commands.encodeChunk(source, spec, 2, out, new VideoEncoder.Pass(2, first.stats())));
            } else {
                TestMedia.run(commands.encodeChunk(source, spec, 2, out));
            }
            list.append("file '").append(out.getFileName()).append("'\n");
        }
        Path listFile = work.resolve(name + ".txt");
        Files.writeString(listFile, list);
        Path joined = work.resolve(name + ".mp4");
        TestMedia.run(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i",
                listFile.toString(), "-c", "copy", joined.toString()));
        return joined;
    }

    /** Bytes, average kbps, mean luma PSNR, peak kbps over any second. */
    private static double[] measure(Path file, Path source) {
        double[] rate = dev.encodeflow.support.Bitrates.averageAndPeakKbps(file);
        List<Double> psnr = perFrame(file, source);
        double mean = psnr.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        try {
            return new double[] {Files.size(file), rate[0], mean, rate[1]};
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Double> perFrame(Path file, Path source) {
        String out = TestMedia.run(List.of("ffmpeg", "-nostdin", "-v", "error", "-i", file.toString(), "-i",
                source.toString(), "-lavfi", "[0:v]setpts=PTS-STARTPTS[a];[1:v]setpts=PTS-STARTPTS[b];"
                        + "[a][b]psnr=stats_file=-", "-f", "null", "-"));
        List<Double> values = new ArrayList<>();
        for (String line : out.split("\n")) {
            int at = line.indexOf("psnr_y:");
            if (at >= 0) {
                String value = line.substring(at + 7).split(" ")[0];
                values.add("inf".equals(value) ? 100.0 : Double.parseDouble(value));
            }
        }
        return values;
    }

    /**
     * How much more the five frames after each chunk boundary fall below their neighbourhood (the
     * ten frames before the boundary and the ten after those five) in the chunked encode than in
     * the single one, on the same frames: the cost of starting a chunk, apart from how either
     * encode spreads its bits over the clip. Both encodes have a key frame at every boundary.
     */
    private static double boundaryDip(List<Double> single, List<Double> chunked) {
        return dropAfterBoundaries(chunked) - dropAfterBoundaries(single);
    }

    private static double dropAfterBoundaries(List<Double> psnr) {
        double drop = 0;
        int n = 0;
        for (int boundary = CHUNK_FRAMES; boundary + 15 <= psnr.size(); boundary += CHUNK_FRAMES) {
            double around = 0;
            for (int i = boundary - 10; i < boundary; i++) {
                around += psnr.get(i);
            }
            for (int i = boundary + 5; i < boundary + 15; i++) {
                around += psnr.get(i);
            }
            double after = 0;
            for (int i = boundary; i < boundary + 5; i++) {
                after += psnr.get(i);
            }
            drop += around / 20 - after / 5;
            n++;
        }
        return n == 0 ? 0 : drop / n;
    }

    /** The size at {@code psnr} on the piecewise-linear curve through {psnr, size} points. */
    static double interpolate(double[][] points, double psnr) {
        java.util.Arrays.sort(points, (a, b) -> Double.compare(a[0], b[0]));
        for (int i = 0; i + 1 < points.length; i++) {
            if (psnr <= points[i + 1][0] || i + 2 == points.length) {
                double[] a = points[i];
                double[] b = points[i + 1];
                return a[1] + (b[1] - a[1]) * (psnr - a[0]) / (b[0] - a[0]);
            }
        }
        return points[points.length - 1][1];
    }
}
