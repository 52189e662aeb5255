package dev.encodeflow.model;

/** Result of the ENCODE_AUDIO task: the source's audio, encoded once for every rendition. */
public record AudioEncoded(String path, String codec, long bytes) {
}
