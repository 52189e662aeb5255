package dev.encodeflow.model;

/** Where one rendition (one rung of the ladder) is in its workflow. */
public enum RenditionState {
    PENDING, ENCODING, ASSEMBLING, VALIDATING, COMPLETE, FAILED, CANCELLED;

    public boolean isFinal() {
        return this == COMPLETE || this == FAILED || this == CANCELLED;
    }
}
