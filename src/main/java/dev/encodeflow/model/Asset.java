package dev.encodeflow.model;

import org.kie.api.definition.type.Modifies;

/**
 * The asset a rule session is about, with the workflow state the rules move forward. There is
 * exactly one per session; it is built from the MezzanineArrived fact.
 */
public class Asset {

    private final String id;
    private final String source;
    private final double chunkSeconds;
    private final Delivery delivery;
    private final boolean autoChunks;
    private final java.util.List<String> ladderCodecs;
    private int priority;
    private AssetState state = AssetState.NEW;
    private String error;

    public Asset(String id, String source, int priority, double chunkSeconds) {
        this(id, source, priority, chunkSeconds, Delivery.NONE);
    }

    public Asset(String id, String source, int priority, double chunkSeconds, Delivery delivery) {
        this(id, source, priority, chunkSeconds, delivery, false, java.util.List.of());
    }

    /**
     * An asset whose chunks are planned for the capacity its probe recorded ({@code autoChunks};
     * {@code chunkSeconds} then only applies to probes without one), encoded in the codecs of
     * {@code ladderCodecs} (one entry per rendition of the request).
     */
    public Asset(String id, String source, int priority, double chunkSeconds, Delivery delivery, boolean autoChunks,
            java.util.List<String> ladderCodecs) {
        this.id = id;
        this.source = source;
        this.priority = priority;
        this.chunkSeconds = chunkSeconds;
        this.delivery = delivery == null ? Delivery.NONE : delivery;
        this.autoChunks = autoChunks;
        this.ladderCodecs = java.util.List.copyOf(ladderCodecs);
    }

    public String getId() {
        return id;
    }

    public String getSource() {
        return source;
    }

    /** Target chunk length in seconds; 0 means the whole source is one chunk. */
    public double getChunkSeconds() {
        return chunkSeconds;
    }

    /**
     * Whether the chunks are planned from the machine and the source (the request gave no chunk
     * length): as many as the slots can encode at once, starting on the source's key frames.
     */
    public boolean isAutoChunks() {
        return autoChunks;
    }

    /** The codec of each rendition the request asked for. */
    public java.util.List<String> getLadderCodecs() {
        return ladderCodecs;
    }

    /** Segment length of the streaming output in seconds; 0 when the asset has no segment grid. */
    public double getSegmentSeconds() {
        return delivery.segmentSeconds();
    }

    /** Streaming manifests to write once every rendition is complete: "hls", "dash"; empty for none. */
    public java.util.List<String> getPackagingFormats() {
        return delivery.formats();
    }

    /** Whether each rendition's quality (PSNR, SSIM, VMAF) is measured against the source. */
    public boolean isMeasureQuality() {
        return delivery.measureQuality();
    }

    public Delivery getDelivery() {
        return delivery;
    }

    public int getPriority() {
        return priority;
    }

    public void setPriority(int priority) {
        this.priority = priority;
    }

    public AssetState getState() {
        return state;
    }

    public void setState(AssetState state) {
        this.state = state;
    }

    public String getError() {
        return error;
    }

    public void setError(String error) {
        this.error = error;
    }

    /** Fails the asset with a reason a person can act on. */
    @Modifies({"state", "error"})
    public void fail(String reason) {
        this.state = AssetState.FAILED;
        this.error = reason;
    }

    @Override
    public String toString() {
        return "Asset[" + id + " " + state + " p" + priority + "]";
    }
}
