package dev.encodeflow.model;

/** Derived by the rules: the audio track every rendition needs is available (or there is none). */
public record AudioReady(String path) {

    public boolean isSilent() {
        return path == null;
    }
}
