package dev.encodeflow.media.encoder;

import dev.encodeflow.model.Codec;
import dev.encodeflow.model.Rung;
import java.util.ArrayList;
import java.util.List;

/** AV1 with SVT-AV1. Presets are SVT's numbers, 0 (slowest) to 13 (fastest). */
final class Av1Encoder implements VideoEncoder {

    @Override
    public Codec codec() {
        return Codec.AV1;
    }

    @Override
    public String probeName() {
        return "av1";
    }

    @Override
    public List<String> presets() {
        return List.of("8", "0", "1", "2", "3", "4", "5", "6", "7", "9", "10", "11", "12", "13");
    }

    @Override
    public int minCrf() {
        return 1;
    }

    @Override
    public int maxCrf() {
        return 63;
    }

    @Override
    public List<String> encodeArguments(Rung rung, int threads) {
        List<String> args = new ArrayList<>(List.of("-c:v", "libsvtav1", "-preset", presetOf(rung)));
        if (rung.crf() != null) {
            args.addAll(List.of("-crf", String.valueOf(rung.crf())));
        } else {
            args.addAll(List.of("-b:v", rung.bitrateKbps() + "k"));
        }
        args.addAll(List.of("-svtav1-params", "lp=" + threads, "-pix_fmt", "yuv420p"));
        return args;
    }
}
