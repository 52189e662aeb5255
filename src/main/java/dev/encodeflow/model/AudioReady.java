package dev.encodeflow.model;

/**
 * Derived by the rules: the audio track of one codec that renditions need is available at
 * {@code path}, or there is none to add ({@code path} null, a silent source).
 */
public record AudioReady(AudioCodec codec, String path) {

    public boolean isSilent() {
        return path == null;
    }
}
