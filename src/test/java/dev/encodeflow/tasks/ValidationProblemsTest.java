package dev.encodeflow.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.encodeflow.media.FfmpegCommands;
import dev.encodeflow.media.ProbeParser;
import dev.encodeflow.model.Codec;
import dev.encodeflow.model.Rung;
import dev.encodeflow.model.TaskSpec;
import org.junit.jupiter.api.Test;

class ValidationProblemsTest {

    private static final Rung HIGH = new Rung("r", Codec.AVC, 640, 360, 23, null, null, null, null, "high", null, null);
    private final TaskSpec.Validate spec = new TaskSpec.Validate(HIGH, 0, "a/r.mp4", "sha", 250, 25, 1, 1, true, 10.0);

    @Test
    void aFileMatchingSourceAndRecipePasses() {
        assertThat(ValidateTask.problems(spec, inspection("h264", "High", "yuv420p", 250, 10.0, true, 10.0), ""))
                .isEmpty();
    }

    @Test
    void everyMismatchIsListed() {
        ProbeParser.Inspection found = new ProbeParser.Inspection("hevc", "Main", 640, 352, "yuv420p10le", 249, 9.0,
                false, 0, 9.0);

        assertThat(ValidateTask.problems(spec, found, "[h264 @ 0x1] error while decoding MB 3 4\n"))
                .containsExactly("does not decode cleanly: [h264 @ 0x1] error while decoding MB 3 4",
                        "video codec is hevc, expected h264",
                        "profile is Main, expected High",
                        "pixel format is yuv420p10le, expected yuv420p",
                        "size is 640x352, expected 640x360",
                        "has 249 frames, expected 250 (the source's)",
                        "video lasts 9.000 s, expected 10.000 s",
                        "audio is missing");
    }

    @Test
    void durationMayDifferByLessThanAFrameAndAHalf() {
        assertThat(ValidateTask.problems(spec, inspection("h264", "High", "yuv420p", 250, 10.05, true, 10.0), ""))
                .isEmpty();
    }

    @Test
    void audioMustLastAsLongAsTheSourcesWithinATenthOfASecond() {
        assertThat(ValidateTask.problems(spec, inspection("h264", "High", "yuv420p", 250, 10.0, true, 10.09), ""))
                .isEmpty();
        assertThat(ValidateTask.problems(spec, inspection("h264", "High", "yuv420p", 250, 10.0, true, 9.8), ""))
                .containsExactly("audio lasts 9.800 s, expected 10.000 s (the source's 10.000 s starting 0.000 s "
                        + "from the video): out of sync");
    }

    @Test
    void audioThatStartsLateOrEarlyIsExpectedShiftedByItsOffset() {
        TaskSpec.Validate late = new TaskSpec.Validate(HIGH, 0, "a/r.mp4", "sha", 250, 25, 1, 1, true, 9.7, 0.3, 25);
        assertThat(ValidateTask.problems(late, inspection("h264", "High", "yuv420p", 250, 10.0, true, 10.0), ""))
                .isEmpty();
        TaskSpec.Validate early = new TaskSpec.Validate(HIGH, 0, "a/r.mp4", "sha", 250, 25, 1, 1, true, 10.5, -0.5, 25);
        assertThat(ValidateTask.problems(early, inspection("h264", "High", "yuv420p", 250, 10.0, true, 10.0), ""))
                .isEmpty();
        assertThat(ValidateTask.problems(early, inspection("h264", "High", "yuv420p", 250, 10.0, true, 10.5), ""))
                .hasSize(1);
    }

    @Test
    void aHalvedFrameRateExpectsEveryOtherFrame() {
        TaskSpec.Validate halved = new TaskSpec.Validate(Rung.of("r", Codec.HEVC, 640, 360, 28), 0, "a/r.mp4", "sha",
                251, 50, 1, 2, false, 0);

        assertThat(halved.expectedFrames()).isEqualTo(126);
        assertThat(ValidateTask.problems(halved, inspection("hevc", "Main", "yuv420p", 126, 5.04, false, 0), ""))
                .isEmpty();
        assertThat(ValidateTask.problems(halved, inspection("hevc", "Main", "yuv420p", 251, 5.02, false, 0), ""))
                .contains("has 251 frames, expected 126 (one in 2 of the source's 251)");
    }

    @Test
    void tenBitIsCheckedByPixelFormat() {
        Rung tenBit = new Rung("r", Codec.AV1, 640, 360, 30, null, null, null, null, null, 10, null);
        TaskSpec.Validate av1 = new TaskSpec.Validate(tenBit, 0, "a/r.mp4", "sha", 250, 25, 1, 1, false, 0);

        assertThat(ValidateTask.problems(av1, inspection("av1", "Main", "yuv420p", 250, 10.0, false, 0), ""))
                .containsExactly("pixel format is yuv420p, expected yuv420p10le");
    }

    private static ProbeParser.Inspection inspection(String codec, String profile, String pixelFormat, long frames,
            double seconds, boolean audio, double audioSeconds) {
        return new ProbeParser.Inspection(codec, profile, 640, 360, pixelFormat, frames, seconds, audio, audioSeconds,
                seconds);
    }

    private static final java.util.Comparator<Double> CLOSE = (a, b) -> Math.abs(a - b) < 1e-9 ? 0 : Double.compare(a, b);

    @Test
    void theKeyFramesDecodedOneByOneAreHalfAFrameAfterEachOfTheGrid() {
        // 250 frames at 25 fps, a key frame every 50: five seeks.
        TaskSpec.Validate grid = new TaskSpec.Validate(HIGH, 0, "a/r.webm", "sha", 250, 25, 1, 1, false, 0, null, 50);
        assertThat(ValidateTask.gridTimes(grid)).usingElementComparator(CLOSE).containsExactly(0.02, 2.02, 4.02, 6.02, 8.02);
        // Half the frame rate (every second of 250 source frames at 50 fps): 125 output frames of
        // 0.04 s, a key frame every 25 of them.
        TaskSpec.Validate halved = new TaskSpec.Validate(HIGH, 0, "a/r.webm", "sha", 250, 50, 1, 2, false, 0, null, 25);
        assertThat(ValidateTask.gridTimes(halved)).usingElementComparator(CLOSE).containsExactly(0.02, 1.02, 2.02, 3.02,
                4.02);
        // No grid, or one too long to seek frame by frame: every frame is decoded instead.
        assertThat(ValidateTask.gridTimes(spec)).isEmpty();
        TaskSpec.Validate twelveHours = new TaskSpec.Validate(HIGH, 0, "a/r.webm", "sha", 12L * 3600 * 25, 25, 1, 1,
                false, 0, null, 50);
        assertThat(ValidateTask.gridTimes(twelveHours)).isEmpty();
    }

    @Test
    void eachCodecReachesItsKeyFramesTheCheapestWayItsDecoderAndContainerAllow() {
        assertThat(ValidateTask.reach(gridded(Codec.AVC, 50), false)).isEqualTo(ValidateTask.KeyFrameReach.SKIP_FRAME);
        assertThat(ValidateTask.reach(gridded(Codec.HEVC, 50), false)).isEqualTo(ValidateTask.KeyFrameReach.SKIP_FRAME);
        assertThat(ValidateTask.reach(gridded(Codec.AV1, 50), false)).isEqualTo(ValidateTask.KeyFrameReach.DEMUXER);
        assertThat(ValidateTask.reach(gridded(Codec.AV1, null), false)).isEqualTo(ValidateTask.KeyFrameReach.DEMUXER);
        assertThat(ValidateTask.reach(gridded(Codec.VP9, 50), false)).isEqualTo(ValidateTask.KeyFrameReach.SEEKS);
        assertThat(ValidateTask.reach(gridded(Codec.VP9, null), false)).isEqualTo(ValidateTask.KeyFrameReach.EVERY_FRAME);
        assertThat(ValidateTask.reach(gridded(Codec.AVC, 50), true)).isEqualTo(ValidateTask.KeyFrameReach.EVERY_FRAME);
        assertThat(ValidateTask.reach(gridded(Codec.AV1, 50), true)).isEqualTo(ValidateTask.KeyFrameReach.EVERY_FRAME);
    }

    @Test
    void theReadsFollowTheReachAndCheckTheGridOnlyWhereThereIsOne() {
        FfmpegCommands commands = new FfmpegCommands("ffmpeg", "ffprobe", java.util.List.of("mov"));
        java.nio.file.Path file = java.nio.file.Path.of("/out/a/r.mp4");
        // AVC: one inspection decoding key frames (skip_frame), then the packets' key flags.
        var avc = ValidateTask.reads(commands, gridded(Codec.AVC, 50), file, 2, false);
        assertThat(avc).hasSize(2);
        assertThat(avc.get(0)).contains("ffprobe", "-skip_frame", "nokey", "-count_frames");
        assertThat(avc.get(1)).contains("packet=flags");
        // Without a grid there is no flag read.
        assertThat(ValidateTask.reads(commands, gridded(Codec.AVC, null), file, 2, false)).hasSize(1);
        // AV1 in MP4: the inspection decodes nothing; ffmpeg decodes what the demuxer keeps.
        var av1 = ValidateTask.reads(commands, gridded(Codec.AV1, 50), file, 2, false);
        assertThat(av1).hasSize(3);
        assertThat(av1.get(0)).doesNotContain("-count_frames");
        assertThat(av1.get(1)).contains("ffmpeg", "-discard", "nokey");
        // VP9 with a grid: one seek per key frame (250 frames, a key frame every 50: five).
        var vp9 = ValidateTask.reads(commands, gridded(Codec.VP9, 50), file, 2, false);
        assertThat(vp9).hasSize(3);
        String intervals = vp9.get(1).get(vp9.get(1).indexOf("-read_intervals") + 1);
        assertThat(intervals.split(",")).hasSize(5).allMatch(interval -> interval.endsWith("%+#1"));
        // Full decode: every frame on the task's threads.
        assertThat(ValidateTask.reads(commands, gridded(Codec.AVC, 50), file, 2, true).get(0))
                .contains("-count_frames").doesNotContain("-skip_frame");
    }

    private static TaskSpec.Validate gridded(Codec codec, Integer keyFrameInterval) {
        return new TaskSpec.Validate(Rung.of("r", codec, 640, 360, 30), 0, "a/r", "sha", 250, 25, 1, 1, false, 0,
                null, keyFrameInterval);
    }
}
