package dev.encodeflow.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Chunk planning from the capacity a probe recorded and the source's key frames. */
class ChunkPlannerTest {

    private static final Delivery GRID_2S = new Delivery(2.0, List.of(), false);

    private static Probe probe(double seconds, int width, int height, List<Long> keyFrames, int slots) {
        long frames = Math.round(seconds * 25);
        return new Probe(seconds, frames, 25, 1, width, height, "yuv420p", "h264", false, null, 0, 0)
                .withKeyFrames(keyFrames, null)
                .plannedFor(new Planning(slots, Map.of("avc", 1, "hevc", 1, "vp9", 1, "av1", width >= 1920 ? 2 : 1), 4, 120));
    }

    private static Asset asset(Delivery delivery, String... codecs) {
        return new Asset("a", "a.mp4", 50, 4.0, delivery, true, List.of(codecs));
    }

    private static List<Long> starts(ChunkPlan plan) {
        return plan.chunks().stream().map(Chunk::startFrame).toList();
    }

    @Test
    void twoSlotsAndOneRenditionCutALongGopClipAtItsOwnKeyFrame() {
        // The clip: 20 s, key frames at 0 and 10 s (x264's default GOP), 2 s segments.
        ChunkPlan plan = ChunkPlan.forAsset(probe(20, 1280, 720, List.of(0L, 250L), 2), asset(GRID_2S, "avc"));

        assertThat(starts(plan)).containsExactly(0L, 250L);
        assertThat(plan.chunks().get(1).frames()).isEqualTo(250);
        assertThat(plan.totalFrames()).isEqualTo(500);
    }

    @Test
    void sixteenSlotsMakeMoreChunksOnTheSegmentGridNoneShorterThanTheMinimum() {
        ChunkPlan plan = ChunkPlan.forAsset(probe(20, 1280, 720, List.of(0L, 250L), 16), asset(GRID_2S, "avc"));

        assertThat(starts(plan)).containsExactly(0L, 100L, 200L, 300L, 400L);
        assertThat(plan.chunks()).allSatisfy(c -> assertThat(c.startFrame() % 50).isZero());
    }

    @Test
    void aLadderThatFillsThePoolOrAShortClipIsOneChunk() {
        assertThat(ChunkPlan.forAsset(probe(20, 1280, 720, null, 2), asset(GRID_2S, "avc", "avc", "vp9"))
                .getChunkCount()).isOne();
        assertThat(ChunkPlan.forAsset(probe(6, 1280, 720, null, 2), asset(GRID_2S, "avc")).getChunkCount()).isOne();
        // An AV1 1080p chunk takes two slots (its shape): on two slots it runs alone.
        assertThat(ChunkPlan.forAsset(probe(120, 1920, 1080, null, 2), asset(GRID_2S, "av1")).getChunkCount()).isOne();
    }

    @Test
    void aLongAssetIsCutInWholeWavesOfChunksNoLongerThanTheMaximum() {
        List<Long> everyTenSeconds = LongStream.range(0, 60).map(i -> i * 250).boxed().toList();
        ChunkPlan plan = ChunkPlan.forAsset(probe(600, 640, 360, everyTenSeconds, 2), asset(GRID_2S, "avc"));

        assertThat(plan.getChunkCount()).isEqualTo(6);
        assertThat(starts(plan)).containsExactly(0L, 2500L, 5000L, 7500L, 10000L, 12500L);
    }

    @Test
    void aKeyFrameOffTheGridIsNotUsedButWithoutAGridItIs() {
        List<Long> keys = List.of(0L, 240L);
        assertThat(starts(ChunkPlan.forAsset(probe(20, 1280, 720, keys, 2), asset(GRID_2S, "avc"))))
                .containsExactly(0L, 250L);
        assertThat(starts(ChunkPlan.forAsset(probe(20, 1280, 720, keys, 2), asset(Delivery.NONE, "avc"))))
                .containsExactly(0L, 240L);
    }

    @Test
    void aGivenChunkLengthOrAProbeWithoutCapacityKeepsTheFixedLength() {
        Asset fixed = new Asset("a", "a.mp4", 50, 4.0, GRID_2S, false, List.of("avc"));
        assertThat(ChunkPlan.forAsset(probe(20, 1280, 720, List.of(0L, 250L), 2), fixed).getChunkCount()).isEqualTo(5);

        Probe unplanned = new Probe(20, 500, 25, 1, 1280, 720, "yuv420p", "h264", false, null, 0, 0);
        assertThat(ChunkPlan.forAsset(unplanned, asset(GRID_2S, "avc")).getChunkCount()).isEqualTo(5);
    }

    @Test
    void aChunkStartingAtAKeyFrameSeeksToItsExactTimeOthersHalfAFrameBefore() {
        Probe probe = probe(20, 1280, 720, null, 16).withKeyFrames(List.of(0L, 250L), List.of(0.0, 9.99));
        ChunkPlan plan = ChunkPlan.forAsset(probe, asset(Delivery.NONE, "avc"));

        // Sixteen slots: five chunks at 100, 200, ... none at a key frame: half a frame before each.
        assertThat(plan.chunks()).hasSize(5).allSatisfy(c -> assertThat(c.seekSeconds())
                .isCloseTo(c.startFrame() == 0 ? 0 : c.startFrame() / 25.0 - 0.02, org.assertj.core.data.Offset.offset(1e-9)));
        // Two slots: the second chunk starts at the key frame, and seeks to its exact time.
        ChunkPlan two = ChunkPlan.forAsset(probe(20, 1280, 720, null, 2).withKeyFrames(List.of(0L, 250L),
                List.of(0.0, 9.99)), asset(Delivery.NONE, "avc"));
        assertThat(two.chunks().get(1).startFrame()).isEqualTo(250);
        assertThat(two.chunks().get(1).seekSeconds()).isEqualTo(9.99);
    }

    @Test
    void theSourcesKeyFramesAreReadFromItsPacketsWithTheirExactTimes() {
        // x264 in mp4 (time base 1/12800), B-frames: decode order is not presentation order.
        String packets = """
                packet,0,K_
                packet,1536,__
                packet,512,__
                packet,1024,__
                packet,128000,K_
                packet,128512,__
                stream,1/12800
                """;
        Probe probe = probe(20, 1280, 720, null, 2);
        dev.encodeflow.planning.SourceKeyFrames.Found found = dev.encodeflow.planning.SourceKeyFrames.parse(packets, probe);

        assertThat(found.frames()).containsExactly(0L, 250L);
        assertThat(found.seconds()).containsExactly(0.0, 10.0);
        // Milliseconds (Matroska) at 29.97 fps: frame 300 is stamped 10010, its time floored.
        Probe ntsc = new Probe(20, 600, 30000, 1001, 640, 360, "yuv420p", "h264", false, null, 0, 0);
        dev.encodeflow.planning.SourceKeyFrames.Found mkv = dev.encodeflow.planning.SourceKeyFrames.parse(
                "stream,1/1000\npacket,33,K_\npacket,10043,K_\n", ntsc);
        assertThat(mkv.frames()).containsExactly(0L, 300L);
        assertThat(mkv.seconds()).containsExactly(0.0, 10.01);
        assertThat(dev.encodeflow.planning.SourceKeyFrames.parse("stream,1/1000\npacket,N/A,K_\n", ntsc)).isNull();
        // Hostile timestamps (overflowing microseconds) leave the key frames unknown, no exception.
        assertThat(dev.encodeflow.planning.SourceKeyFrames.parse(
                "stream,1/1\npacket,0,K_\npacket,9223372036854775000,K_\n", ntsc)).isNull();
    }

    @Test
    void everyFrameIsInExactlyOneChunk() {
        for (int slots = 1; slots <= 64; slots *= 2) {
            ChunkPlan plan = ChunkPlan.forAsset(probe(37.48, 1280, 720, List.of(0L, 113L, 250L, 600L), slots),
                    asset(GRID_2S, "avc"));
            long next = 0;
            for (Chunk chunk : plan.chunks()) {
                assertThat(chunk.startFrame()).isEqualTo(next);
                assertThat(chunk.frames()).isPositive();
                next = chunk.endFrame();
            }
            assertThat(next).isEqualTo(plan.totalFrames());
        }
    }
}
