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
}
