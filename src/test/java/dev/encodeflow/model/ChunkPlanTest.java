package dev.encodeflow.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkPlanTest {

    private static Probe probe(long frames, int num, int den) {
        return new Probe(frames * (double) den / num, frames, num, den, 640, 360, "yuv420p", "h264", false, null, 0, 0);
    }

    @Test
    void chunksCoverEveryFrameOnceInOrder() {
        ChunkPlan plan = ChunkPlan.fixedLength(probe(1000, 30000, 1001), 2.0);

        long next = 0;
        for (Chunk chunk : plan.chunks()) {
            assertThat(chunk.startFrame()).isEqualTo(next);
            next = chunk.endFrame();
        }
        assertThat(next).isEqualTo(1000);
        assertThat(plan.chunks()).extracting(Chunk::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
        // 2 s at 29.97 fps rounds to 60 frames: 16 x 60 + 40.
        assertThat(plan.chunks().get(0).frames()).isEqualTo(60);
        assertThat(plan.chunks().get(16).frames()).isEqualTo(40);
    }

    @Test
    void aShortTailJoinsThePreviousChunk() {
        ChunkPlan plan = ChunkPlan.fixedLength(probe(210, 25, 1), 4.0);

        assertThat(plan.chunks()).extracting(Chunk::frames).containsExactly(100L, 110L);
    }

    @Test
    void zeroSecondsOrMoreThanTheSourceIsOneChunk() {
        assertThat(ChunkPlan.fixedLength(probe(250, 25, 1), 0).chunks()).containsExactly(new Chunk(0, 0, 250, 0));
        assertThat(ChunkPlan.fixedLength(probe(250, 25, 1), 60).getChunkCount()).isEqualTo(1);
    }

    @Test
    void theSeekPointIsHalfAFrameBeforeTheChunk() {
        List<Chunk> chunks = ChunkPlan.fixedLength(probe(100, 25, 1), 2.0).chunks();

        assertThat(chunks.get(0).seekSeconds()).isZero();
        // Frame 50 starts at 2.0 s; a frame lasts 0.04 s.
        assertThat(chunks.get(1).seekSeconds()).isCloseTo(1.98, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aSourceWithoutFramesCannotBePlanned() {
        assertThatThrownBy(() -> ChunkPlan.fixedLength(probe(0, 25, 1), 2.0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void chunksOfAnAssetWithASegmentGridAreWholeSegments() {
        // 23.976 fps, 2 s segments: 48 frames; 4.4 s chunks round to 2 segments (96 frames).
        Asset asset = new Asset("a", "s.mov", 50, 4.4, new Delivery(2, List.of("hls"), false));
        ChunkPlan plan = ChunkPlan.forAsset(probe(1000, 24000, 1001), asset);

        assertThat(plan.segmentFrames()).isEqualTo(48);
        for (Chunk chunk : plan.chunks()) {
            assertThat(chunk.startFrame() % 48).isZero();
        }
        assertThat(plan.chunks().get(0).frames()).isEqualTo(96);
        assertThat(plan.chunks().stream().mapToLong(Chunk::frames).sum()).isEqualTo(1000);
    }

    @Test
    void aChunkShorterThanASegmentIsOneSegment() {
        Asset asset = new Asset("a", "s.mov", 50, 0.5, new Delivery(2, List.of(), false));
        ChunkPlan plan = ChunkPlan.forAsset(probe(250, 25, 1), asset);

        assertThat(plan.chunks()).extracting(Chunk::frames).containsExactly(50L, 50L, 50L, 50L, 50L);
    }

    @Test
    void anAssetWithoutAGridIsCutAsBefore() {
        Asset old = new Asset("a", "s.mov", 50, 4);
        assertThat(ChunkPlan.forAsset(probe(210, 25, 1), old)).isEqualTo(ChunkPlan.fixedLength(probe(210, 25, 1), 4));
    }
}
