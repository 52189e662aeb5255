package dev.encodeflow.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.encodeflow.media.ProbeParser;
import dev.encodeflow.model.Codec;
import dev.encodeflow.model.Rung;
import dev.encodeflow.model.TaskSpec;
import org.junit.jupiter.api.Test;

class ValidationProblemsTest {

    private final TaskSpec.Validate spec = new TaskSpec.Validate(new Rung("r", Codec.AVC, 640, 360, 23, null, null),
            0, "a/r.mp4", "sha", 250, 25, 1, true);

    @Test
    void aFileMatchingSourceAndRecipePasses() {
        assertThat(ValidateTask.problems(spec, inspection("h264", 640, 360, 250, 10.0, true), "")).isEmpty();
    }

    @Test
    void everyMismatchIsListed() {
        assertThat(ValidateTask.problems(spec, inspection("hevc", 640, 352, 249, 9.0, false),
                "[h264 @ 0x1] error while decoding MB 3 4\n"))
                .containsExactly("does not decode cleanly: [h264 @ 0x1] error while decoding MB 3 4",
                        "video codec is hevc, expected h264",
                        "size is 640x352, expected 640x360",
                        "has 249 frames, the source has 250",
                        "video lasts 9.000 s, expected 10.000 s",
                        "audio is missing");
    }

    @Test
    void durationMayDifferByLessThanAFrameAndAHalf() {
        assertThat(ValidateTask.problems(spec, inspection("h264", 640, 360, 250, 10.05, true), "")).isEmpty();
    }

    private static ProbeParser.Inspection inspection(String codec, int w, int h, long frames, double seconds,
            boolean audio) {
        return new ProbeParser.Inspection(codec, "High", w, h, "yuv420p", frames, seconds, audio, seconds, seconds);
    }
}
