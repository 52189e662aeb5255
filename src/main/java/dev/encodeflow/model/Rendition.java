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
    private QualityMeasured quality;
    private Integer crf;

    public Rendition(Rung rung, int ordinal) {
        this.rung = rung;
        this.ordinal = ordinal;
        this.width = rung.width();
        this.height = rung.height();
    }

    /**
     * The recipe as it will be encoded: the requested rung at the size this rendition got, and at
     * the crf a rule set ({@link #restartWithCrf}).
     */
    public Rung getRung() {
        Rung sized = width == rung.width() && height == rung.height() ? rung : rung.withSize(width, height);
        return crf == null ? sized : sized.withCrf(crf);
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

    /**
     * True when the picture is no larger than the source's in either direction.
     *
     * @deprecated since 0.6.0 the shipped rules size renditions with {@link #sizedFor}/{@link #sizeFor},
     *     which also turn the box for portrait sources and keep the display aspect ratio
     */
    @Deprecated
    public boolean fitsWithin(Probe probe) {
        return width <= Math.max(probe.uprightWidth(), 2) && height <= Math.max(probe.uprightHeight(), 2);
    }

    /**
     * Scales the picture down to fit the source.
     *
     * @deprecated since 0.6.0: {@link #sizeFor}, which this now does
     */
    @Deprecated
    @Modifies({"width", "height"})
    public void fitTo(Probe probe) {
        sizeFor(probe);
    }

    /** True when the rendition has the size {@link #sizeFor} gives it for this source. */
    public boolean sizedFor(Probe probe) {
        int[] size = sizeIn(rung, probe);
        return width == size[0] && height == size[1];
    }

    /**
     * Sizes the picture for the source: the rung's box turned to the source's orientation (a
     * portrait source gets a portrait rendition), the source's display aspect ratio fitted inside
     * it (pixel shape and rotation included, never stretched), never larger than the source
     * (detail that is not there costs bits), even sides.
     */
    @Modifies({"width", "height"})
    public void sizeFor(Probe probe) {
        int[] size = sizeIn(rung, probe);
        width = size[0];
        height = size[1];
    }

    /** True when the source gives a picture at least as large as the codec's smallest. */
    public boolean canBeMadeFrom(Probe probe) {
        int[] size = sizeIn(rung, probe);
        int min = rung.codec().minSide();
        return size[0] >= min && size[1] >= min;
    }

    /** Why {@link #canBeMadeFrom} is false, in words. */
    public String whyNotFrom(Probe probe) {
        int[] size = sizeIn(rung, probe);
        return "the source's picture (" + probe.uprightWidth() + "x" + probe.uprightHeight() + " upright) gives a "
                + size[0] + "x" + size[1] + " rendition; " + rung.codec().id() + " needs at least " + rung.codec().minSide()
                + "x" + rung.codec().minSide();
    }

    /** The size {@link #sizeFor} gives: width and height. Pure. */
    static int[] sizeIn(Rung rung, Probe probe) {
        double aspect = probe.displayAspect();
        double boxW = rung.width();
        double boxH = rung.height();
        if (boxW != boxH && (aspect < 1) != (boxW < boxH) && aspect != 1) {
            double turned = boxW;
            boxW = boxH;
            boxH = turned;
        }
        double w = boxW;
        double h = boxW / aspect;
        if (h > boxH) {
            h = boxH;
            w = boxH * aspect;
        }
        // Never above the source: its upright height, and the width its shape gives that height.
        double scale = Math.min(1.0, probe.uprightHeight() / h);
        return new int[] {even(w * scale, boxW), even(h * scale, boxH)};
    }

    /** The nearest even number, not above {@code max}, at least 2. */
    private static int even(double value, double max) {
        int rounded = (int) Math.round(value / 2) * 2;
        if (rounded > max) {
            rounded = (int) Math.floor(max / 2) * 2;
        }
        return Math.max(2, rounded);
    }

    /**
     * True when the rendition's key frames can fall on every segment boundary of the asset: the
     * frame step divides the segment's frames (or the asset has no grid).
     */
    public boolean fitsSegmentGrid(Probe probe, Asset asset) {
        long segment = asset.getDelivery().segmentFrames(probe);
        int step = frameStep(probe);
        return segment == 0 || (step > 0 && segment % step == 0);
    }

    /** Output frames from one key frame to the next: one segment (0 without a grid). */
    public int keyFrameInterval(Probe probe, Asset asset) {
        long segment = asset.getDelivery().segmentFrames(probe);
        int step = Math.max(1, frameStep(probe));
        return (int) (segment / step);
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

    /** The quality measured for this generation, or null (not measured, or not yet). */
    public QualityMeasured getQuality() {
        return quality;
    }

    public void setQuality(QualityMeasured quality) {
        this.quality = quality;
    }

    /** True when the asset asks for quality and this complete rendition has none measured yet. */
    public boolean awaitsQuality(Asset asset) {
        return asset.isMeasureQuality() && state == RenditionState.COMPLETE && quality == null;
    }

    /** Starts over with a new generation: earlier results stop counting. */
    @Modifies({"generation", "state", "error", "output", "quality"})
    public void restart() {
        this.generation++;
        this.state = RenditionState.ENCODING;
        this.error = null;
        this.output = null;
        this.quality = null;
    }

    /**
     * Starts over with a new generation at another constant quality ({@code crf} of a crf rung;
     * a bit-rate rung is restarted as it is). For rules acting on a quality measurement.
     */
    @Modifies({"generation", "state", "error", "output", "quality", "rung"})
    public void restartWithCrf(int newCrf) {
        if (rung.crf() != null) {
            this.crf = Math.max(0, newCrf);
        }
        restart();
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
