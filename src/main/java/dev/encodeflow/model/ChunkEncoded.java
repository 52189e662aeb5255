package dev.encodeflow.model;

/** Result of an ENCODE_CHUNK task: one chunk of one rendition generation, written to {@code path}. */
public record ChunkEncoded(String rendition, int generation, int chunk, long startFrame, long frames, String path,
        long bytes) {
}
