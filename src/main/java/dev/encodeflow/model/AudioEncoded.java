package dev.encodeflow.model;

/** Result of an ENCODE_AUDIO task: the source's audio in one codec, shared by every rendition that needs it. */
public record AudioEncoded(String path, AudioCodec codec, long bytes) {
}
