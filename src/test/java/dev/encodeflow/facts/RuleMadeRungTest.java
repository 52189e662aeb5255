package dev.encodeflow.facts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.encodeflow.model.Codec;
import dev.encodeflow.model.Rung;
import org.junit.jupiter.api.Test;

/** A rung a rule builds gets the checks a requested one gets (the evaluator quarantines on a problem). */
class RuleMadeRungTest {

    @Test
    void aValidRungHasNoProblems() {
        assertThat(LadderValidator.problemsOf(Rung.named("720p").codec(Codec.AVC).size(1280, 720).crf(23).build()))
                .isNull();
    }

    @Test
    void everyRequestCheckAppliesToARuleMadeRung() {
        assertThat(LadderValidator.problemsOf(Rung.of("odd", Codec.AVC, 1279, 720, 23))).contains("width must be even");
        assertThat(LadderValidator.problemsOf(Rung.of("huge", Codec.AVC, 100_000, 720, 23)))
                .contains("width and height must be 16 to 8192");
        assertThat(LadderValidator.problemsOf(Rung.of("../../etc", Codec.AVC, 1280, 720, 23))).contains("name");
        assertThat(LadderValidator.problemsOf(Rung.of("crf", Codec.AVC, 1280, 720, 99))).contains("crf");
        assertThat(LadderValidator.problemsOf(new Rung("none", Codec.AVC, 1280, 720, null, null, null, null, null,
                null, null, null))).isNotNull();
        assertThat(LadderValidator.problemsOf(new Rung("preset", Codec.AVC, 1280, 720, 23, null, null, null,
                "-x264opts evil", null, null, null))).contains("preset");
    }
}
