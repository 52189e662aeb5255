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
     * over a {@code -bufsize} buffer (default two seconds at the cap). An average rate without a
     * cap is capped at itself, which is what a streaming ladder wants.
     */
    static List<String> standard(Rung rung) {
        List<String> args = new ArrayList<>();
        if (rung.crf() != null) {
            args.addAll(List.of("-crf", String.valueOf(rung.crf())));
        } else {
            args.addAll(List.of("-b:v", rung.bitrateKbps() + "k"));
        }
        Integer cap = rung.maxrateKbps() != null ? rung.maxrateKbps() : rung.bitrateKbps();
        if (cap != null) {
            int buffer = rung.bufferKbits() != null ? rung.bufferKbits() : 2 * cap;
            args.addAll(List.of("-maxrate", cap + "k", "-bufsize", buffer + "k"));
        }
        return args;
    }
}
