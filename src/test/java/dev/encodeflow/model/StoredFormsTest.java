package dev.encodeflow.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.encodeflow.api.JsonSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Facts and task specs are stored as JSON and read back by the service's strict mapper: what it
 * writes it must read, and what 0.5.0 wrote must still read (new fields absent).
 */
class StoredFormsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        new JsonSettings().customize(JSON);
    }

    private static <T> T roundTrip(T value, Class<T> type) throws Exception {
        return JSON.readValue(JSON.writeValueAsString(value), type);
    }

    @Test
    void aProbeWithGeometryReadsBackAsWritten() throws Exception {
        Probe probe = new Probe(2, 50, 25, 1, 720, 576, "yuv420p", "h264", true, "aac", 0.3, 1.7, null, 90, 64, 45,
                "tff", 6);
        assertThat(roundTrip(probe, Probe.class)).isEqualTo(probe);
    }

    @Test
    void aProbeWithKeyFramesAndPlanningReadsBackAndOneOf070PlansByChunkLength() throws Exception {
        Probe probe = new Probe(20, 500, 25, 1, 1280, 720, "yuv420p", "h264", false, null, 0, 0)
                .withKeyFrames(List.of(0L, 250L), null).plannedFor(new Planning(2, java.util.Map.of("avc", 1), 4, 120));
        assertThat(roundTrip(probe, Probe.class)).isEqualTo(probe);
        Probe old = roundTrip(new Probe(20, 500, 25, 1, 1280, 720, "yuv420p", "h264", false, null, 0, 0), Probe.class);
        assertThat(old.keyFrames()).isNull();
        assertThat(old.planning()).isNull();
    }

    @Test
    void aMezzanineWithoutAChunkingPolicyKeepsTheStoredFormOf070() throws Exception {
        MezzanineArrived fixed = new MezzanineArrived("a", "s.mov", 50, 4, List.of(), new Delivery(2, List.of(), true));
        assertThat(JSON.writeValueAsString(fixed)).doesNotContain("chunking");
        MezzanineArrived auto = new MezzanineArrived("a", "s.mov", 50, 4, List.of(), new Delivery(2, List.of(), true),
                MezzanineArrived.AUTO);
        assertThat(roundTrip(auto, MezzanineArrived.class).autoChunks()).isTrue();
    }

    @Test
    void aProbeOf050WithoutGeometryStillReads() throws Exception {
        Probe old = JSON.readValue("""
                {"durationSeconds":2.0,"frames":50,"fpsNum":25,"fpsDen":1,"width":320,"height":180,
                 "pixelFormat":"yuv420p","videoCodec":"h264","hasAudio":false,"audioCodec":null,
                 "audioOffsetSeconds":0.0,"audioDurationSeconds":0.0,"identity":null}""", Probe.class);
        assertThat(old.rotation()).isNull();
        assertThat(old.isInterlaced()).isFalse();
        assertThat(old.displayAspect()).isEqualTo(320.0 / 180);
    }

    @Test
    void aMezzanineOf050HasNoDeliveryAndOneOf060Has() throws Exception {
        MezzanineArrived old = JSON.readValue("""
                {"id":"a","source":"s.mov","priority":50,"chunkSeconds":4.0,"ladder":[]}""", MezzanineArrived.class);
        assertThat(old.effectiveDelivery()).isEqualTo(Delivery.NONE);
        MezzanineArrived now = new MezzanineArrived("a", "s.mov", 50, 4, List.of(), new Delivery(2, List.of("hls"), true));
        assertThat(roundTrip(now, MezzanineArrived.class)).isEqualTo(now);
    }

    @Test
    void taskSpecsOf060ReadBackAndThoseOf050StillRead() throws Exception {
        TaskSpec.EncodeChunk chunk = new TaskSpec.EncodeChunk("s.mov", Rung.of("r", Codec.AVC, 640, 360, 23), 0,
                new Chunk(0, 0, 50, 0), 1, null, new TaskSpec.Picture(25, 1, "tff"), 50);
        assertThat(roundTrip(chunk, TaskSpec.EncodeChunk.class)).isEqualTo(chunk);
        TaskSpec.Validate validate = new TaskSpec.Validate(Rung.of("r", Codec.AVC, 640, 360, 23), 0, "p", "sha", 50, 25,
                1, 1, true, 1.7, 0.3, 50);
        assertThat(roundTrip(validate, TaskSpec.Validate.class)).isEqualTo(validate);
        TaskSpec.Validate old = JSON.readValue("""
                {"rung":{"name":"r","codec":"avc","width":640,"height":360,"crf":23},"generation":0,"path":"p",
                 "sha256":"s","frames":50,"fpsNum":25,"fpsDen":1,"frameStep":1,"hasAudio":false,
                 "audioDurationSeconds":0.0}""", TaskSpec.Validate.class);
        assertThat(old.keyFrames()).isZero();
        assertThat(old.expectedAudioSeconds()).isZero();
        TaskSpec.EncodeAudio audio = new TaskSpec.EncodeAudio("s.mov", 0.3, AudioCodec.AAC, null, 6);
        assertThat(roundTrip(audio, TaskSpec.EncodeAudio.class)).isEqualTo(audio);
    }
}
