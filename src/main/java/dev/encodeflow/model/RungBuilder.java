package dev.encodeflow.model;

/**
 * A rung by named settings, for rule authors: {@code Rung.named("2160p-av1").codec(Codec.AV1)
 * .size(3840, 2160).crf(30).preset("6").bitDepth(10).build()} reads as what it says, where the
 * record's constructor takes twelve arguments in an order nobody remembers. What is not said is
 * the encoder's default (preset, profile, 8 bits, the source's frame rate). It builds exactly
 * what the constructor builds: no more and no less checked.
 */
public final class RungBuilder {

    private final String name;
    private Codec codec = Codec.AVC;
    private int width;
    private int height;
    private Integer crf;
    private Integer bitrateKbps;
    private Integer maxrateKbps;
    private Integer bufferKbits;
    private String preset;
    private String profile;
    private Integer bitDepth;
    private Double fps;

    RungBuilder(String name) {
        this.name = name;
    }

    public RungBuilder codec(Codec value) {
        codec = value;
        return this;
    }

    public RungBuilder size(int newWidth, int newHeight) {
        width = newWidth;
        height = newHeight;
        return this;
    }

    /** Rate control by quality. */
    public RungBuilder crf(int value) {
        crf = value;
        return this;
    }

    /** Rate control by an average bit rate, capped at {@code maxKbps} over a buffer of {@code bufferKbits}. */
    public RungBuilder bitrate(int kbps, int maxKbps, int bufferKbitsValue) {
        bitrateKbps = kbps;
        maxrateKbps = maxKbps;
        bufferKbits = bufferKbitsValue;
        return this;
    }

    public RungBuilder preset(String value) {
        preset = value;
        return this;
    }

    public RungBuilder profile(String value) {
        profile = value;
        return this;
    }

    public RungBuilder bitDepth(int value) {
        bitDepth = value;
        return this;
    }

    /** A lower frame rate than the source's (it must divide it). */
    public RungBuilder fps(double value) {
        fps = value;
        return this;
    }

    public Rung build() {
        return new Rung(name, codec, width, height, crf, bitrateKbps, maxrateKbps, bufferKbits, preset, profile,
                bitDepth, fps);
    }
}
