package dev.encodeflow.reuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.encodeflow.media.FfmpegCommands;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stored probe reading is reused only for the same content, reads and reading tools. */
class ProbeKeyTest {

    private static final FfmpegCommands HERE = new FfmpegCommands("/usr/bin/ffmpeg", "/usr/bin/ffprobe", List.of("mov"));
    private static final String TOOLS = "ffmpeg 5.1.9 (libavcodec 59.37.100) / ffprobe 5.1.9";

    @Test
    void theSameContentReadTheSameWayByTheSameToolsHasTheSameKey() {
        // Install paths differ between instances; they are not part of the key.
        FfmpegCommands elsewhere = new FfmpegCommands("/opt/ff/ffmpeg", "/opt/ff/ffprobe", List.of("mov"));
        assertThat(Recipes.probe(elsewhere, "abc", 300, TOOLS)).isEqualTo(Recipes.probe(HERE, "abc", 300, TOOLS));
    }

    @Test
    void anotherFfprobeBuildAnotherSourceOrAnotherSampleIsAnotherKey() {
        ReuseKey key = Recipes.probe(HERE, "abc", 300, TOOLS);
        assertThat(Recipes.probe(HERE, "abc", 300, "ffmpeg 5.1.9 (libavcodec 59.37.100) / ffprobe N-66595-static"))
                .isNotEqualTo(key);
        assertThat(Recipes.probe(HERE, "abd", 300, TOOLS)).isNotEqualTo(key);
        assertThat(Recipes.probe(HERE, "abc", 200, TOOLS)).isNotEqualTo(key);
        // The accepted source formats are part of the reads' arguments.
        assertThat(Recipes.probe(new FfmpegCommands("/usr/bin/ffmpeg", "/usr/bin/ffprobe", List.of("mov", "mxf")),
                "abc", 300, TOOLS)).isNotEqualTo(key);
    }
}
