package dev.encodeflow.rules;

import static dev.encodeflow.rules.RuleFacts.assembled;
import static dev.encodeflow.rules.RuleFacts.audio;
import static dev.encodeflow.rules.RuleFacts.chunkEncoded;
import static dev.encodeflow.rules.RuleFacts.mezzanine;
import static dev.encodeflow.rules.RuleFacts.probe;
import static dev.encodeflow.rules.RuleFacts.valid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.encodeflow.model.AssetState;
import dev.encodeflow.model.AudioCodec;
import dev.encodeflow.model.Codec;
import dev.encodeflow.model.MezzanineArrived;
import dev.encodeflow.model.Rung;
import dev.encodeflow.model.Cancel;
import dev.encodeflow.model.EncodeStale;
import dev.encodeflow.model.RenditionState;
import dev.encodeflow.model.Reprioritize;
import dev.encodeflow.model.TaskFailed;
import dev.encodeflow.model.TaskSpec;
import dev.encodeflow.model.TaskType;
import dev.encodeflow.model.Validated;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped rules, without a container: facts in, decisions out. */
class WorkflowRulesTest {

    private static RuleSet rules;
    private RuleSession session;
    private long seq;

    @BeforeAll
    static void compile() throws RuleSetRejected {
        rules = new RuleSetCompiler(WorkflowRulesTest.class.getClassLoader(), Clock.systemUTC())
                .compileDirectory(Path.of("rules"));
    }

    @AfterEach
    void close() {
        if (session != null) {
            session.close();
        }
    }

    private Decision feed(Object... facts) {
        if (session == null) {
            session = rules.newSession(100_000);
        }
        List<SequencedFact> list = new ArrayList<>();
        for (Object fact : facts) {
            list.add(new SequencedFact(++seq, fact));
        }
        return session.apply(list);
    }

    private static Map<TaskType, Long> countByType(Decision decision) {
        return decision.tasks().stream().collect(Collectors.groupingBy(TaskRequest::type, Collectors.counting()));
    }

    private static Decision.RenditionStatus rendition(Decision decision, String name) {
        return decision.renditions().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aNewMezzanineIsProbed() {
        Decision decision = feed(mezzanine("a", 4, "720p"));

        assertThat(decision.tasks()).extracting(TaskRequest::type).containsExactly(TaskType.PROBE);
        assertThat(decision.tasks().get(0).rule()).isEqualTo("Probe a new mezzanine");
        assertThat(decision.asset().state()).isEqualTo(AssetState.PROBING);
        assertThat(decision.runaway()).isFalse();
    }

    @Test
    void aProbedSourceIsEncodedChunkByChunkForEveryRendition() {
        feed(mezzanine("a", 4, "720p", "360p"));

        // 220 frames at 25 fps, 4 s chunks of 100 frames: 100 + 120 (the 20-frame tail is merged).
        Decision decision = feed(probe(220, true));

        assertThat(countByType(decision)).containsEntry(TaskType.ENCODE_CHUNK, 4L)
                .containsEntry(TaskType.ENCODE_AUDIO, 1L);
        assertThat(decision.chunksTotal()).isEqualTo(2);
        assertThat(decision.asset().state()).isEqualTo(AssetState.ENCODING);
        List<TaskSpec.EncodeChunk> chunks = decision.tasks().stream()
                .filter(t -> t.type() == TaskType.ENCODE_CHUNK).map(t -> (TaskSpec.EncodeChunk) t.spec()).toList();
        assertThat(chunks).extracting(c -> c.chunk().frames()).containsOnly(100L, 120L);
        assertThat(decision.tasks()).extracting(TaskRequest::rule)
                .contains("Encode every chunk of an encoding rendition",
                        "Encode the source's audio once in each audio codec the ladder needs");
    }

    @Test
    void aRenditionIsAssembledOnlyOnceAllItsChunksAndTheAudioAreThere() {
        feed(mezzanine("a", 4, "720p", "360p"));
        feed(probe(220, true));

        Decision partial = feed(chunkEncoded("720p", 0, 0), chunkEncoded("720p", 0, 1), chunkEncoded("360p", 0, 0));
        assertThat(partial.tasks()).isEmpty();

        Decision withAudio = feed(audio());
        assertThat(withAudio.tasks()).extracting(TaskRequest::type, TaskRequest::rendition)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(TaskType.ASSEMBLE, "720p"));
        TaskSpec.Assemble spec = (TaskSpec.Assemble) withAudio.tasks().get(0).spec();
        assertThat(spec.audioPath()).isEqualTo(audio().path());
        assertThat(rendition(withAudio, "720p").state()).isEqualTo(RenditionState.ASSEMBLING);
        assertThat(withAudio.asset().state()).isEqualTo(AssetState.ENCODING);
    }

    @Test
    void aSilentSourceIsAssembledWithoutAudio() {
        feed(mezzanine("a", 0, "720p"));
        Decision probed = feed(probe(100, false));
        assertThat(countByType(probed)).doesNotContainKey(TaskType.ENCODE_AUDIO).containsEntry(TaskType.ENCODE_CHUNK, 1L);

        Decision decision = feed(chunkEncoded("720p", 0, 0));

        TaskSpec.Assemble spec = (TaskSpec.Assemble) decision.tasks().get(0).spec();
        assertThat(spec.audioPath()).isNull();
    }

    @Test
    void aValidatedLadderCompletesTheAssetAndAnnouncesIt() {
        feed(mezzanine("a", 0, "720p", "360p"));
        feed(probe(100, false));
        feed(chunkEncoded("720p", 0, 0), chunkEncoded("360p", 0, 0));
        Decision validating = feed(assembled("720p", 0), assembled("360p", 0));
        assertThat(countByType(validating)).containsEntry(TaskType.VALIDATE, 2L);
        assertThat(validating.asset().state()).isEqualTo(AssetState.VALIDATING);

        Decision half = feed(valid("720p", 0));
        assertThat(half.asset().state()).isEqualTo(AssetState.VALIDATING);
        // Each rendition is announced as it completes.
        assertThat(half.tasks()).extracting(r -> ((TaskSpec.Notify) r.spec()).event().type())
                .containsExactly("RenditionCompleted");
        assertThat(((TaskSpec.Notify) half.tasks().get(0).spec()).event().renditions())
                .extracting(TaskSpec.RenditionOutcome::name).containsExactly("720p");

        Decision done = feed(valid("360p", 0));
        assertThat(done.asset().state()).isEqualTo(AssetState.COMPLETE);
        assertThat(done.tasks()).extracting(r -> ((TaskSpec.Notify) r.spec()).event().type())
                .containsExactlyInAnyOrder("RenditionCompleted", "AssetCompleted");
        TaskSpec.AssetEvent event = done.tasks().stream().map(r -> ((TaskSpec.Notify) r.spec()).event())
                .filter(e -> e.type().equals("AssetCompleted")).findFirst().orElseThrow();
        assertThat(event.type()).isEqualTo("AssetCompleted");
        assertThat(event.renditions()).extracting(TaskSpec.RenditionOutcome::state)
                .containsOnly(RenditionState.COMPLETE);
        assertThat(rendition(done, "360p").output().path()).isEqualTo("a/360p.mp4");
    }

    @Test
    void anInvalidOutputFailsTheRenditionAndTheAsset() {
        feed(mezzanine("a", 0, "720p", "360p"));
        feed(probe(100, false));
        feed(chunkEncoded("720p", 0, 0), chunkEncoded("360p", 0, 0));
        feed(assembled("720p", 0));

        Decision decision = feed(new Validated("720p", 0, false, "has 99 frames, the source has 100", null));

        assertThat(rendition(decision, "720p").state()).isEqualTo(RenditionState.FAILED);
        assertThat(rendition(decision, "360p").state()).isEqualTo(RenditionState.CANCELLED);
        assertThat(decision.asset().state()).isEqualTo(AssetState.FAILED);
        assertThat(decision.asset().error()).isEqualTo("rendition 720p: validation failed: has 99 frames, the source has 100");
        assertThat(decision.tasks()).extracting(TaskRequest::type).containsExactly(TaskType.NOTIFY);
    }

    @Test
    void anUnreadableSourceFailsTheAssetWithTheProbeError() {
        feed(mezzanine("a", 4, "720p"));

        Decision decision = feed(new TaskFailed(TaskType.PROBE, null, null, null,
                "cannot read the source clips/a.mov: Invalid data found when processing input"));

        assertThat(decision.asset().state()).isEqualTo(AssetState.FAILED);
        assertThat(decision.asset().error()).contains("Invalid data found");
        assertThat(rendition(decision, "720p").state()).isEqualTo(RenditionState.CANCELLED);
    }

    @Test
    void encodeStaleReEncodesOnlyTheNamedRendition() {
        completeAsset("720p", "360p");

        Decision decision = feed(new EncodeStale("720p", "recipe changed"));

        assertThat(rendition(decision, "720p").generation()).isEqualTo(1);
        assertThat(rendition(decision, "720p").state()).isEqualTo(RenditionState.ENCODING);
        assertThat(rendition(decision, "360p").generation()).isZero();
        assertThat(rendition(decision, "360p").state()).isEqualTo(RenditionState.COMPLETE);
        assertThat(decision.asset().state()).isEqualTo(AssetState.ENCODING);
        assertThat(decision.tasks()).allSatisfy(t -> {
            assertThat(t.type()).isEqualTo(TaskType.ENCODE_CHUNK);
            assertThat(t.rendition()).isEqualTo("720p");
            assertThat(t.generation()).isEqualTo(1);
        });
        assertThat(decision.tasks()).hasSize(1);
    }

    @Test
    void encodeStaleWithoutRenditionReEncodesAll() {
        completeAsset("720p", "360p");

        Decision decision = feed(new EncodeStale(null, "encoder upgraded"));

        assertThat(decision.renditions()).extracting(Decision.RenditionStatus::generation).containsOnly(1);
        assertThat(decision.tasks()).extracting(TaskRequest::rendition).containsExactlyInAnyOrder("720p", "360p");
    }

    @Test
    void cancelStopsAnUnfinishedAsset() {
        feed(mezzanine("a", 4, "720p"));
        feed(probe(250, true));

        Decision decision = feed(new Cancel("not needed"));

        assertThat(decision.asset().state()).isEqualTo(AssetState.CANCELLED);
        assertThat(rendition(decision, "720p").state()).isEqualTo(RenditionState.CANCELLED);
        assertThat(decision.tasks()).isEmpty();
    }

    @Test
    void reprioritizeChangesThePriorityOnce() {
        feed(mezzanine("a", 4, "720p"));

        Decision decision = feed(new Reprioritize(90));

        assertThat(decision.asset().priority()).isEqualTo(90);
        assertThat(decision.rulesFired()).containsEntry("Reprioritize an asset", 1);
    }

    @Test
    void aFailedChunkFailsTheRenditionAndAStaleFactRetriesIt() {
        feed(mezzanine("a", 0, "720p", "360p"));
        feed(probe(100, false));
        Decision failed = feed(new TaskFailed(TaskType.ENCODE_CHUNK, "720p", 0, 0, "ffmpeg: out of memory"));
        assertThat(failed.asset().state()).isEqualTo(AssetState.FAILED);

        Decision retried = feed(new EncodeStale("720p", "retry"));

        assertThat(retried.asset().state()).isEqualTo(AssetState.ENCODING);
        assertThat(retried.renditions()).extracting(Decision.RenditionStatus::state)
                .containsOnly(RenditionState.ENCODING);
        assertThat(retried.tasks()).extracting(TaskRequest::rendition).containsExactlyInAnyOrder("720p", "360p");
    }

    @Test
    void aRebuiltSessionDecidesTheSameTasks() {
        List<Object> history = List.of(mezzanine("a", 4, "720p"), probe(250, true), chunkEncoded("720p", 0, 0));
        Function<RuleSession, List<String>> keys = s -> {
            List<String> all = new ArrayList<>();
            long n = 0;
            for (Object fact : history) {
                all.addAll(s.apply(List.of(new SequencedFact(++n, fact))).tasks().stream().map(TaskRequest::dedupKey).toList());
            }
            return all;
        };
        try (RuleSession first = rules.newSession(100_000); RuleSession second = rules.newSession(100_000)) {
            assertThat(keys.apply(first)).isEqualTo(keys.apply(second));
        }
    }

    @Test
    void aMixedLadderEncodesTheAudioOncePerAudioCodec() {
        feed(new MezzanineArrived("a", "a.mov", 50, 4, List.of(Rung.of("h264", Codec.AVC, 640, 360, 23),
                Rung.of("hevc", Codec.HEVC, 640, 360, 28), Rung.of("vp9", Codec.VP9, 640, 360, 33))));

        Decision decision = feed(probe(220, true));

        assertThat(decision.tasks()).filteredOn(t -> t.type() == TaskType.ENCODE_AUDIO)
                .extracting(t -> ((TaskSpec.EncodeAudio) t.spec()).codec())
                .containsExactlyInAnyOrder(AudioCodec.AAC, AudioCodec.OPUS);
    }

    @Test
    void aRungLargerThanTheSourceIsScaledDownToFitItKeepingItsShape() {
        feed(new MezzanineArrived("a", "a.mov", 50, 0, List.of(Rung.of("uhd", Codec.AVC, 3840, 2160, 23),
                Rung.of("small", Codec.AVC, 640, 360, 23))));

        // The source is 1280x720.
        Decision decision = feed(probe(100, false));

        assertThat(rendition(decision, "uhd").rung().width()).isEqualTo(1280);
        assertThat(rendition(decision, "uhd").rung().height()).isEqualTo(720);
        assertThat(rendition(decision, "small").rung().width()).isEqualTo(640);
        assertThat(decision.tasks()).filteredOn(t -> "uhd".equals(t.rendition()))
                .allSatisfy(t -> assertThat(((TaskSpec.EncodeChunk) t.spec()).rung().width()).isEqualTo(1280));
        assertThat(decision.rulesFired()).containsEntry("A rendition is sized for its source's upright picture", 1);
    }

    @Test
    void aFrameRateThatDividesTheSourcesKeepsOneFrameInN() {
        feed(new MezzanineArrived("a", "a.mov", 50, 0, List.of(new Rung("half", Codec.AVC, 640, 360, 23, null, null,
                null, null, null, null, 12.5))));

        Decision decision = feed(probe(100, false));

        assertThat(((TaskSpec.EncodeChunk) decision.tasks().get(0).spec()).frameStep()).isEqualTo(2);
    }

    @Test
    void aFrameRateThatDoesNotDivideTheSourcesFailsTheRendition() {
        feed(new MezzanineArrived("a", "a.mov", 50, 0, List.of(new Rung("odd", Codec.AVC, 640, 360, 23, null, null,
                null, null, null, null, 24.0))));

        Decision decision = feed(probe(100, false));

        assertThat(rendition(decision, "odd").state()).isEqualTo(RenditionState.FAILED);
        assertThat(decision.asset().state()).isEqualTo(AssetState.FAILED);
        assertThat(decision.asset().error()).contains("cannot make 24.0 fps from a 25.0 fps source");
    }

    private void completeAsset(String... renditions) {
        feed(mezzanine("a", 0, renditions));
        feed(probe(100, false));
        for (String r : renditions) {
            feed(chunkEncoded(r, 0, 0));
            feed(assembled(r, 0));
            feed(valid(r, 0));
        }
        assertThat(feed().asset().state()).isEqualTo(AssetState.COMPLETE);
    }
}
