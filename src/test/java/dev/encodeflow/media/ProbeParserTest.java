package dev.encodeflow.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.encodeflow.model.Probe;
import org.junit.jupiter.api.Test;

class ProbeParserTest {

    @Test
    void readsTheVideoStreamExactlyAndNotesTheAudio() throws Exception {
        Probe probe = ProbeParser.source("""
                {"streams": [
                  {"codec_type": "video", "codec_name": "h264", "width": 1920, "height": 1080, "pix_fmt": "yuv420p",
                   "avg_frame_rate": "30000/1001", "r_frame_rate": "30000/1001", "start_time": "0.033", "nb_read_packets": "300"},
                  {"codec_type": "audio", "codec_name": "aac", "start_time": "0.000"}],
                 "format": {"duration": "10.010000"}}""");

        assertThat(probe.frames()).isEqualTo(300);
        assertThat(probe.fpsNum()).isEqualTo(30000);
        assertThat(probe.fpsDen()).isEqualTo(1001);
        assertThat(probe.hasAudio()).isTrue();
        assertThat(probe.audioOffsetSeconds()).isCloseTo(-0.033, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(probe.durationSeconds()).isEqualTo(10.01);
    }

    @Test
    void coverArtIsNotVideo() {
        assertThatThrownBy(() -> ProbeParser.source("""
                {"streams": [{"codec_type": "video", "codec_name": "mjpeg", "disposition": {"attached_pic": 1}},
                             {"codec_type": "audio", "codec_name": "mp3"}]}"""))
                .hasMessage("the source has no video stream");
    }

    @Test
    void aSourceWithoutFramesOrRateIsUnusable() {
        assertThatThrownBy(() -> ProbeParser.source("""
                {"streams": [{"codec_type": "video", "width": 10, "height": 10, "avg_frame_rate": "25/1",
                              "nb_read_packets": "0"}]}""")).hasMessageContaining("no frames");
        assertThatThrownBy(() -> ProbeParser.source("""
                {"streams": [{"codec_type": "video", "width": 10, "height": 10, "avg_frame_rate": "0/0",
                              "r_frame_rate": "0/0", "nb_read_packets": "5"}]}""")).hasMessageContaining("frame rate");
        assertThatThrownBy(() -> ProbeParser.source("not json")).hasMessageContaining("not JSON");
    }

    @Test
    void aSourceWithFewerFramesThanItsHeaderListsIsTruncated() {
        assertThatThrownBy(() -> ProbeParser.source("""
                {"streams": [{"codec_type": "video", "width": 320, "height": 240, "avg_frame_rate": "25/1",
                              "nb_frames": "125", "nb_read_packets": "62"}]}"""))
                .hasMessage("the source is truncated: its header lists 125 video frames, only 62 are present");
    }

    @Test
    void readsRotationPixelShapeFieldOrderAndChannels() throws Exception {
        Probe probe = ProbeParser.source("""
                {"streams": [
                  {"codec_type": "video", "codec_name": "h264", "width": 720, "height": 576, "pix_fmt": "yuv420p",
                   "avg_frame_rate": "25/1", "nb_read_packets": "250", "sample_aspect_ratio": "64:45",
                   "field_order": "tb", "side_data_list": [{"side_data_type": "Display Matrix", "rotation": -90}]},
                  {"codec_type": "audio", "codec_name": "pcm_s16le", "channels": 6}],
                 "format": {"duration": "10"}}""");

        assertThat(probe.rotation()).isEqualTo(270);
        assertThat(probe.sarNum()).isEqualTo(64);
        assertThat(probe.sarDen()).isEqualTo(45);
        assertThat(probe.fieldOrder()).isEqualTo("tff");
        assertThat(probe.audioChannelCount()).isEqualTo(6);
        assertThat(probe.uprightWidth()).isEqualTo(576);
        assertThat(probe.displayAspect()).isCloseTo(9.0 / 16, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void theInterlaceDetectorSettlesTheFieldOrder() {
        String tff = "[Parsed_idet_0 @ 0x1] Multi frame detection: TFF:  180 BFF:    0 Progressive:   12 Undetermined:  8";
        String progressive = "[Parsed_idet_0 @ 0x1] Multi frame detection: TFF: 3 BFF: 0 Progressive: 290 Undetermined: 7";
        String still = "[Parsed_idet_0 @ 0x1] Multi frame detection: TFF: 0 BFF: 0 Progressive: 2 Undetermined: 298";
        assertThat(ProbeParser.settledFieldOrder("unknown", tff)).isEqualTo("tff");
        assertThat(ProbeParser.settledFieldOrder("bff", progressive)).isEqualTo("progressive");
        assertThat(ProbeParser.settledFieldOrder("bff", still)).isEqualTo("bff");
        assertThat(ProbeParser.settledFieldOrder("unknown", still)).isEqualTo("progressive");
        assertThat(ProbeParser.settledFieldOrder("unknown", "")).isEqualTo("progressive");
    }

    @Test
    void keyFramesOffTheSegmentGridAreNamed() {
        String exact = "K_\n__\n__\n__\nK_\n__\n__\n__\nK_\n__\n";
        assertThat(ProbeParser.keyFrames(exact).frames()).isEqualTo(10);
        assertThat(ProbeParser.keyFrames(exact).offGrid(4)).isEmpty();
        String sceneCut = "K_\n__\nK_\n__\n__\n__\n__\n__\nK_\n__\n";
        assertThat(ProbeParser.keyFrames(sceneCut).offGrid(4)).hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("no key frame at 1 segment boundaries").contains("[4]"))
                .anySatisfy(p -> assertThat(p).contains("1 key frames off the segment grid").contains("[2]"));
    }

    @Test
    void aPausedRecordingIsVariableRateAndGoesOnItsNominalGrid() throws Exception {
        // MP4: the average is frames over duration (104 in 5 s), the nominal rate 25.
        Probe probe = ProbeParser.source("""
                {"streams": [{"codec_type": "video", "codec_name": "h264", "width": 160, "height": 90,
                   "avg_frame_rate": "104/5", "r_frame_rate": "25/1", "nb_read_packets": "104", "duration": "5.0",
                   "start_time": "0.0"}], "format": {"duration": "5.0"}}""");
        assertThat(probe.isVariableRate()).isTrue();
        assertThat(probe.frames()).isEqualTo(125);
        assertThat(probe.fps()).isEqualTo(25.0);
    }

    @Test
    void interlacedVideoWhoseNominalRateIsItsFieldRateIsConstantRate() throws Exception {
        Probe probe = ProbeParser.source("""
                {"streams": [{"codec_type": "video", "codec_name": "h264", "width": 720, "height": 576,
                   "avg_frame_rate": "25/1", "r_frame_rate": "50/1", "nb_read_packets": "50", "duration": "2.0"}],
                 "format": {"duration": "2.0"}}""");
        assertThat(probe.isVariableRate()).isFalse();
        assertThat(probe.frames()).isEqualTo(50);
    }
}
