package dev.encodeflow.model;

/** Where an asset is in its workflow. The rules move it; the ops API shows it. */
public enum AssetState {
    NEW, PROBING, ENCODING, ASSEMBLING, VALIDATING, PACKAGING, COMPLETE, FAILED, CANCELLED;

    /** A final asset gets no new work unless a fact (such as EncodeStale) reopens it. */
    public boolean isFinal() {
        return this == COMPLETE || this == FAILED || this == CANCELLED;
    }
}
