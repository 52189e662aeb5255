package dev.encodeflow.model;

import org.kie.api.definition.type.Modifies;

/**
 * One rendition of the asset (a rung of its ladder) and its workflow state. The generation
 * counts re-encodes: an EncodeStale fact starts a new generation, and results of older
 * generations no longer count.
 */
public class Rendition {

    private final Rung rung;
    private final int ordinal;
    private RenditionState state = RenditionState.PENDING;
    private int generation;
    private String error;
    private Output output;

    public Rendition(Rung rung, int ordinal) {
        this.rung = rung;
        this.ordinal = ordinal;
    }

    public Rung getRung() {
        return rung;
    }

    public String getName() {
        return rung.name();
    }

    public Codec getCodec() {
        return rung.codec();
    }

    public int getWidth() {
        return rung.width();
    }

    public int getHeight() {
        return rung.height();
    }

    /** Position in the ladder as posted, for a stable display order. */
    public int getOrdinal() {
        return ordinal;
    }

    public RenditionState getState() {
        return state;
    }

    public void setState(RenditionState state) {
        this.state = state;
    }

    public int getGeneration() {
        return generation;
    }

    public void setGeneration(int generation) {
        this.generation = generation;
    }

    public String getError() {
        return error;
    }

    public void setError(String error) {
        this.error = error;
    }

    public Output getOutput() {
        return output;
    }

    public void setOutput(Output output) {
        this.output = output;
    }

    /** Starts over with a new generation: earlier results stop counting. */
    @Modifies({"generation", "state", "error", "output"})
    public void restart() {
        this.generation++;
        this.state = RenditionState.ENCODING;
        this.error = null;
        this.output = null;
    }

    @Modifies({"state", "error"})
    public void fail(String reason) {
        this.state = RenditionState.FAILED;
        this.error = reason;
    }

    @Override
    public String toString() {
        return "Rendition[" + getName() + " g" + generation + " " + state + "]";
    }
}
