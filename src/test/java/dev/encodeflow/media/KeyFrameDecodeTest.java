package dev.encodeflow.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Validation of AV1 in MP4 decodes its key frames only, through the demuxer (the decoder ignores
 * skip_frame), and counts the frames by their packets without decoding: checked on a real file,
 * so an ffmpeg whose MP4 demuxer stopped honouring {@code -discard nokey} fails here.
 */
class KeyFrameDecodeTest {

    private final FfmpegCommands commands = new FfmpegCommands("ffmpeg", "ffprobe");

    @Test
    void onlyTheKeyFramesOfAnAv1Mp4AreDecodedAndEveryFrameIsCounted(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("av1.mp4");
        run(List.of("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=s=192x108:r=25:d=2", "-c:v", "libsvtav1",
                "-preset", "12", "-g", "10", "-pix_fmt", "yuv420p", file.toString()), false);
        assertThat(FfmpegCommands.dropsNonKeyPackets("mp4")).isTrue();
        assertThat(FfmpegCommands.dropsNonKeyPackets("webm")).isFalse();

        // The decode the validation runs, with frame checksums instead of the null muxer to see what it decoded.
        List<String> decode = new ArrayList<>(commands.decodeKeyFrames(file, 2));
        assertThat(decode.subList(decode.size() - 3, decode.size())).containsExactly("-f", "null", "-");
        decode.set(decode.size() - 2, "framemd5");
        String decoded = run(decode);
        assertThat(decoded.lines().filter(l -> !l.startsWith("#"))).hasSize(5);

        String inspection = run(commands.inspect(file, 1, FfmpegCommands.Decode.NONE));
        ProbeParser.Inspection found = ProbeParser.inspection(inspection);
        assertThat(found.frames()).isEqualTo(50);
        assertThat(found.videoCodec()).isEqualTo("av1");
        assertThat(inspection).doesNotContain("nb_read_frames\": \"");
    }

    @Test
    void aVp9WebmHasOneFrameDecodedAtEachKeyFrameOfItsGrid(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("vp9.webm");
        run(List.of("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=s=192x108:r=25:d=2", "-c:v", "libvpx-vp9",
                "-deadline", "realtime", "-cpu-used", "8", "-g", "10", "-keyint_min", "10", file.toString()), false);
        assertThat(FfmpegCommands.dropsNonKeyPackets("webm")).isFalse();
        // Key frames every 10 frames at 25 fps: half a frame after each.
        List<Double> times = List.of(0.02, 0.42, 0.82, 1.22, 1.62);
        assertThat(run(commands.decodeFramesAt(file, 2, times)).strip()).isEqualTo("5");
        assertThat(commands.decodeFramesAt(file, 2, times)).contains("0.020000%+#1,0.420000%+#1,0.820000%+#1,"
                + "1.220000%+#1,1.620000%+#1");
    }

    private static String run(List<String> command) throws Exception {
        return run(command, true);
    }

    /** The command's output; with {@code clean}, nothing on its standard error either (the encoder logs there). */
    private static String run(List<String> command, boolean clean) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(err).isZero();
        if (clean) {
            assertThat(err).as("decode errors").isBlank();
        }
        return out;
    }
}
