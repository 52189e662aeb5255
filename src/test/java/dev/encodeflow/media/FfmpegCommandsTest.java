package dev.encodeflow.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.encodeflow.model.AudioCodec;
import dev.encodeflow.model.Chunk;
import dev.encodeflow.model.Codec;
import dev.encodeflow.model.Rung;
import dev.encodeflow.model.TaskSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FfmpegCommandsTest {

    private final FfmpegCommands commands = new FfmpegCommands("/usr/bin/ffmpeg", "/usr/bin/ffprobe");
    private final Path source = Path.of("/in/clip -v quiet.mov");
    private final Path out = Path.of("/out/a/chunk.mp4.part");

    @Test
    void aChunkIsSeekedHalfAFrameEarlyAndCutByFrameCount() {
        Rung rung = new Rung("720p", Codec.AVC, 1280, 720, 23, null, null, null, "veryfast", null, null, null);

        List<String> args = commands.encodeChunk(source, spec(new Chunk(3, 300, 100, 11.98), rung, 1, null, 0), 2,
                out);

        assertThat(args).startsWith("/usr/bin/ffmpeg", "-nostdin");
        assertThat(args).containsSubsequence("-ss", "11.980000", "-threads", "2", "-i", "file:/in/clip -v quiet.mov");
        assertThat(args).containsSubsequence("-map", "0:v:0", "-frames:v", "100");
        assertThat(args).containsSubsequence("-vf", "setpts=PTS-STARTPTS,scale=1280:720:flags=lanczos,setsar=1");
        assertThat(args).containsSubsequence("-fps_mode", "passthrough", "-an");
        assertThat(args).containsSubsequence("-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt",
                "yuv420p", "-threads", "2");
        assertThat(args).endsWith("-f", "mp4", "file:/out/a/chunk.mp4.part");
    }

    @Test
    void theFirstChunkIsNotSeeked() {
        Rung rung = new Rung("x", Codec.AVC, 640, 360, null, 800, null, null, null, null, null, null);

        List<String> args = commands.encodeChunk(source, spec(new Chunk(0, 0, 50, 0), rung, 1, null, 0), 1, out);

        assertThat(args).doesNotContain("-ss");
        assertThat(args).containsSubsequence("-preset", "medium", "-b:v", "800k");
        // A rung without maxrateKbps is not capped at its own average.
        assertThat(args).doesNotContain("-maxrate");
    }

    @Test
    void everyFileIsPassedAsAFileUrlSoNoNameIsReadAsAnOptionOrProtocol() {
        Path odd = Path.of("/in/-i http:evil.mp4");
        assertThat(commands.probe(odd)).last().isEqualTo("file:/in/-i http:evil.mp4");
        assertThat(commands.inspect(odd, 2, true)).last().isEqualTo("file:/in/-i http:evil.mp4");
    }

    @Test
    void eachCodecHasItsEncoder() {
        assertThat(encoderOf(Codec.HEVC)).containsSubsequence("-c:v", "libx265").contains("hvc1");
        assertThat(encoderOf(Codec.VP9)).containsSubsequence("-c:v", "libvpx-vp9");
        assertThat(encoderOf(Codec.AV1)).containsSubsequence("-c:v", "libsvtav1");
    }

    private List<String> encoderOf(Codec codec) {
        return commands.encodeChunk(source, spec(new Chunk(0, 0, 10, 0), Rung.of("r", codec, 640, 360, 30), 1, null, 0),
                1, out);
    }

    private static TaskSpec.EncodeChunk spec(Chunk chunk, Rung rung, int step, TaskSpec.Picture picture, int keyFrames) {
        return new TaskSpec.EncodeChunk("clip.mov", rung, 0, chunk, step, null, picture, keyFrames);
    }

    @Test
    void everyCodecPutsAKeyFrameOnEverySegmentBoundaryAndNowhereElse() {
        TaskSpec.Picture picture = new TaskSpec.Picture(50, 1, null);
        for (Codec codec : Codec.values()) {
            List<String> args = commands.encodeChunk(source, spec(new Chunk(0, 0, 200, 0),
                    Rung.of("r", codec, 640, 360, 30), 2, picture, 50), 1, out);
            String joined = String.join(" ", args);
            switch (codec) {
                case AVC -> assertThat(joined).contains("-x264-params keyint=50:min-keyint=50:scenecut=0");
                case HEVC -> assertThat(joined).contains(":keyint=50:min-keyint=50:scenecut=0");
                case VP9 -> assertThat(joined).contains("-g 50 -keyint_min 50");
                case AV1 -> assertThat(joined).contains("-g 50").contains("scd=0");
            }
            // Half the source's 50 fps: each output frame lasts two source frames, the last one too.
            assertThat(args).containsSubsequence("-fps_mode", "passthrough", "-r", "50/2");
        }
    }

    @Test
    void aBitRateRungIsEncodedInTwoPassesWhereTheEncoderHasThem() {
        Rung capped = new Rung("r", Codec.AVC, 640, 360, null, 800, 1000, null, null, null, null, null);
        Path stats = Path.of("/out/a/chunk.mp4.pass");
        List<String> first = commands.encodeChunk(source, spec(new Chunk(0, 0, 50, 0), capped, 1, null, 50), 1, null,
                new dev.encodeflow.media.encoder.VideoEncoder.Pass(1, stats));
        assertThat(first).containsSubsequence("-b:v", "800k", "-maxrate", "1000k", "-bufsize", "500k")
                .containsSubsequence("-pass", "1", "-passlogfile", "/out/a/chunk.mp4.pass").endsWith("-f", "null", "-");
        List<String> second = commands.encodeChunk(source, spec(new Chunk(0, 0, 50, 0), capped, 1, null, 50), 1, out,
                new dev.encodeflow.media.encoder.VideoEncoder.Pass(2, stats));
        assertThat(second).containsSubsequence("-pass", "2").endsWith("file:/out/a/chunk.mp4.part");
        Rung hevc = new Rung("h", Codec.HEVC, 640, 360, null, 800, null, null, null, null, null, null);
        assertThat(String.join(" ", commands.encodeChunk(source, spec(new Chunk(0, 0, 50, 0), hevc, 1, null, 50), 1, out,
                new dev.encodeflow.media.encoder.VideoEncoder.Pass(2, stats)))).contains(":pass=2:stats=/out/a/chunk.mp4.pass");
        assertThat(dev.encodeflow.media.encoder.Encoders.of(Codec.AV1).twoPass(hevc)).isFalse();
        assertThat(dev.encodeflow.media.encoder.Encoders.of(Codec.AVC).twoPass(Rung.of("q", Codec.AVC, 64, 64, 23)))
                .isFalse();
    }

    @Test
    void anInterlacedSourceIsDeinterlacedFrameForFrameBeforeAnythingElse() {
        List<String> args = commands.encodeChunk(source, spec(new Chunk(0, 0, 50, 0),
                Rung.of("r", Codec.AVC, 640, 360, 30), 1, new TaskSpec.Picture(25, 1, "bff"), 50), 1, out);
        assertThat(args).containsSubsequence("-vf", "bwdif=mode=send_frame:parity=bff:deint=all,setpts=PTS-STARTPTS,"
                + "scale=640:360:flags=lanczos,setsar=1");
    }

    @Test
    void surroundSoundGivesAStereoDownmixFirstAndTheOriginalSecond() {
        List<String> args = commands.encodeAudio(source, 0, AudioCodec.AAC, 128, 6, out);
        assertThat(args).containsSubsequence("-map", "0:a:0", "-filter:a:0", "asetpts=PTS-STARTPTS", "-map", "0:a:0",
                "-filter:a:1", "asetpts=PTS-STARTPTS,aformat=channel_layouts=7.1|5.1|quad|stereo", "-ac:a:0", "2");
        assertThat(args).containsSubsequence("-b:a:0", "128k", "-b:a:1", "384k", "-disposition:a:0", "default",
                "-disposition:a:1", "0");
        assertThat(commands.encodeAudio(source, 0, AudioCodec.OPUS, 128, 1, out)).containsSubsequence("-b:a", "64k");
    }

    @Test
    void audioIsAlignedToTheFirstVideoFrame() {
        assertThat(commands.encodeAudio(source, 0.25, AudioCodec.AAC, 128, 2, out)).containsSubsequence("-filter:a:0",
                "adelay=delays=250:all=1,asetpts=PTS-STARTPTS");
        assertThat(commands.encodeAudio(source, -0.1, AudioCodec.AAC, 128, 2, out)).containsSubsequence("-filter:a:0",
                "atrim=start=0.100000,asetpts=PTS-STARTPTS");
        assertThat(commands.encodeAudio(source, 0, AudioCodec.AAC, 96, 2, out)).containsSubsequence("-c:a", "aac", "-b:a", "96k");
        assertThat(commands.encodeAudio(source, 0, AudioCodec.OPUS, 96, 2, out)).containsSubsequence("-c:a", "libopus",
                "-b:a", "96k", "-f", "webm");
    }

    @Test
    void assemblyCopiesStreamsAndMapsTheAudioWhenThereIsSome() {
        Path list = Path.of("/out/a/list.txt");
        assertThat(commands.assemble(list, Path.of("/out/a/audio.m4a"), "mp4", out)).containsSubsequence("-f", "concat",
                "-safe", "1", "-i", "file:/out/a/list.txt", "-i", "file:/out/a/audio.m4a", "-map", "0:v:0", "-map",
                "1:a", "-c", "copy", "-disposition:v:0", "default", "-disposition:a:0", "default", "-movflags",
                "+faststart");
        assertThat(commands.assemble(list, null, "mp4", out)).doesNotContain("1:a");
        assertThat(commands.assemble(list, null, "webm", out)).doesNotContain("-movflags").containsSubsequence("-f", "webm");
    }
}
