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
    private int width;
    private int height;
    private RenditionState state = RenditionState.PENDING;
    private int generation;
    private String error;
    private Output output;

    public Rendition(Rung rung, int ordinal) {
        this.rung = rung;
        this.ordinal = ordinal;
        this.width = rung.width();
        this.height = rung.height();
    }

    /** The recipe as it will be encoded: the requested rung at the size this rendition got. */
    public Rung getRung() {
        return width == rung.width() && height == rung.height() ? rung : rung.withSize(width, height);
    }

    /** The recipe as requested. */
    public Rung getRequested() {
        return rung;
    }

    public String getName() {
        return rung.name();
    }

    public Codec getCodec() {
        return rung.codec();
    }

    public int getWidth() {
        return width;
    }

    public int getHeight() {
        return height;
    }

    public AudioCodec getAudioCodec() {
        return rung.codec().audioCodec();
    }

    /** True when the picture is no larger than the source's in either direction. */
    public boolean fitsWithin(Probe probe) {
        return width <= probe.width() && height <= probe.height();
    }

    /**
     * Scales the picture down, keeping its shape, until it fits the source; sizes stay even.
     * Encoding above the source's size would spend bits on detail that is not there.
     */
    @Modifies({"width", "height"})
    public void fitTo(Probe probe) {
        double scale = Math.min(1.0, Math.min((double) probe.width() / width, (double) probe.height() / height));
        width = Math.max(2, (int) Math.floor(width * scale / 2) * 2);
        height = Math.max(2, (int) Math.floor(height * scale / 2) * 2);
    }

    /**
     * How many source frames make one output frame: 1 unless the rung asks for a lower frame
     * rate, which must divide the source's (50 to 25, 59.94 to 29.97). 0 when it does not.
     */
    public int frameStep(Probe probe) {
        if (rung.fps() == null) {
            return 1;
        }
        double ratio = probe.fps() / rung.fps();
        long step = Math.round(ratio);
        return step >= 1 && Math.abs(ratio - step) < 0.01 ? (int) step : 0;
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
