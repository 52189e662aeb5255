package dev.encodeflow.media.encoder;

import dev.encodeflow.model.Rung;
import java.util.List;

/** Bit-rate limits every encoder accepts, and the capped-average arguments for {@code -b:v}. */
public final class RateControl {

    public static final int MIN_KBPS = 50;
    public static final int MAX_KBPS = 200_000;

    private RateControl() {
    }

    /** Average bit rate, capped at the same rate over a 2-second buffer. */
    static List<String> bitrate(Rung rung) {
        int kbps = rung.bitrateKbps();
        return List.of("-b:v", kbps + "k", "-maxrate", kbps + "k", "-bufsize", (2 * kbps) + "k");
    }
}
