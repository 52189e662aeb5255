package dev.encodeflow.media.encoder;

import dev.encodeflow.model.Rung;
import java.util.ArrayList;
import java.util.List;

/** Bit-rate limits every encoder accepts, and the common rate-control arguments. */
public final class RateControl {

    public static final int MIN_KBPS = 50;
    public static final int MAX_KBPS = 200_000;

    private RateControl() {
    }

    /**
     * {@code -crf} (quality) or {@code -b:v} (average), each optionally capped: {@code -maxrate}
     * over a {@code -bufsize} buffer, by default half a second at the cap, so that no second of
     * the stream carries much more than the cap (a buffer of two seconds let a second reach 1.3x
     * the cap on a clip whose complexity doubles mid-chunk; half a second keeps it under 1.1x,
     * measured). A rung without
     * {@code maxrateKbps} is not capped (0.5.0 capped an average rate at itself, which starved
     * its complex scenes and missed the average).
     */
    static List<String> standard(Rung rung) {
        List<String> args = new ArrayList<>();
        if (rung.crf() != null) {
            args.addAll(List.of("-crf", String.valueOf(rung.crf())));
        } else {
            args.addAll(List.of("-b:v", rung.bitrateKbps() + "k"));
        }
        Integer cap = rung.maxrateKbps();
        if (cap != null) {
            int buffer = rung.bufferKbits() != null ? rung.bufferKbits() : Math.max(RateControl.MIN_KBPS, cap / 2);
            args.addAll(List.of("-maxrate", cap + "k", "-bufsize", buffer + "k"));
        }
        return args;
    }
}
