package dev.encodeflow.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LoudnessTest {

    private static final String MEASURED = """
            [Parsed_loudnorm_2 @ 0x556bd4f16c80]\s
            {
            	"input_i" : "-11.15",
            	"input_tp" : "-10.41",
            	"input_lra" : "0.00",
            	"input_thresh" : "-21.15",
            	"output_i" : "-15.95",
            	"normalization_type" : "linear",
            	"target_offset" : "-0.05"
            }
            """;

    @Test
    void theMeasurementBecomesOneLinearGain() {
        Loudness.Measured measured = Loudness.parse("Stream mapping: {x}\n" + MEASURED).orElseThrow();
        assertThat(Loudness.applyFilter(-16, measured)).isEqualTo("loudnorm=I=-16.0:TP=-1.0:LRA=20.0:measured_I=-11.15"
                + ":measured_TP=-10.41:measured_LRA=0.00:measured_thresh=-21.15:offset=-0.05:linear=true,aresample=48000");
    }

    @Test
    void silenceIsLeftAsItIs() {
        assertThat(Loudness.parse(MEASURED.replace("\"-11.15\"", "\"-inf\""))).isEmpty();
        assertThat(Loudness.applyFilter(-23, null)).isEqualTo("aresample=48000");
    }

    @Test
    void onlyNumbersReachTheFilter() {
        // Whatever ffmpeg printed, a value that is not a finite number never becomes filter text.
        assertThat(Loudness.parse(MEASURED.replace("\"-10.41\"", "\"-10:x=1\""))).isEmpty();
        assertThatThrownBy(() -> Loudness.parse("no summary")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theStereoTrackOfSurroundSoundIsMeasuredAsDownmixed() {
        FfmpegCommands commands = new FfmpegCommands("ffmpeg", "ffprobe");
        String downmix = filter(commands.measureLoudness(java.nio.file.Path.of("s.mov"), 0.3, 6, 0, -23));
        assertThat(downmix).isEqualTo("adelay=delays=300:all=1,asetpts=PTS-STARTPTS,aformat=channel_layouts=stereo,"
                + "loudnorm=I=-23.0:TP=-1.0:LRA=20.0:print_format=json");
        String surround = filter(commands.measureLoudness(java.nio.file.Path.of("s.mov"), 0, 6, 1, -23));
        assertThat(surround).isEqualTo("asetpts=PTS-STARTPTS,loudnorm=I=-23.0:TP=-1.0:LRA=20.0:print_format=json");
    }

    private static String filter(List<String> args) {
        return args.get(args.indexOf("-af") + 1);
    }
}
